package dev.continuity.examples.cli;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.UpdateType;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Options shared by the commands that take a project. */
final class ProjectOptions {
    /** The output of a {@code --quiet} command: discarded. */
    static final PrintWriter NOWHERE = new PrintWriter(java.io.OutputStream.nullOutputStream(), true);

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "the project's root folder")
    Path project;

    @Option(names = "--config", paramLabel = "FILE", description = "read the project with this config instead of PROJECT/continuity.yaml")
    Path config;

    @Option(names = "--json", description = "print machine-readable JSON (the API records, camelCase)")
    boolean json;

    int workers;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4", description = "steps that may run at once, at least 1 (default: ${DEFAULT-VALUE})")
    void workers(int n) {
        if (n < 1) {
            throw new picocli.CommandLine.ParameterException(mixee.commandLine(), "Invalid value for option '--workers': '" + n + "' (must be at least 1)");
        }
        workers = n;
    }

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors (the exit code tells the outcome); --json still prints the JSON")
    boolean quiet;

    /** Where the command's output goes: the command line's out, or nowhere with {@code --quiet} (unless {@code --json}). */
    PrintWriter out() {
        return quiet && !json ? NOWHERE : mixee.commandLine().getOut();
    }

    /** Whether progress and alerts may be shown as the command runs. */
    boolean chatty() {
        return !quiet && !json;
    }

    /**
     * The diagnostics of the project's current scan, after printing each file that could not be read (an
     * {@code ERROR} diagnostic) with its cause to standard error, even with {@code --quiet}: the commands that write
     * nothing ({@code impact}, {@code plan}) leave such files out and still succeed.
     */
    List<dev.continuity.api.Diagnostic> reportUnreadable(Orchestrator o) {
        dev.continuity.core.project.Project scan = o.scan();
        PrintWriter err = mixee.commandLine().getErr();
        for (dev.continuity.api.Diagnostic d : scan.errors()) {
            err.println("continuity: warning: " + d.toString().replaceAll("\\s*\\R\\s*", " ").strip() + " (left out of the analysis)");
        }
        err.flush();
        return scan.diagnostics();
    }

    /** A project must be an existing folder; says which of the two it is not. */
    static void requireProjectFolder(Path project) {
        if (Files.exists(project) && !Files.isDirectory(project)) {
            throw new IllegalArgumentException(project + " is a file, not a project folder (PROJECT is the folder that holds the project's files)");
        }
        if (!Files.isDirectory(project)) {
            throw new IllegalArgumentException("project folder " + project + " does not exist");
        }
    }

    Orchestrator open() {
        return open(b -> { });
    }

    /** Opens the project's orchestrator, letting the command add to the builder (listeners, sinks). */
    Orchestrator open(java.util.function.Consumer<Orchestrators.Builder> customize) {
        return open(customize, true);
    }

    /**
     * As {@link #open(java.util.function.Consumer)}; a crashed run's recovery is told on standard error only when
     * {@code reportRecoveries} (a command that prints it in its own output passes false).
     */
    Orchestrator open(java.util.function.Consumer<Orchestrators.Builder> customize, boolean reportRecoveries) {
        requireProjectFolder(project);
        Orchestrators.Builder b = Orchestrators.builder(project).workers(workers).discoverPlugins();
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new IllegalArgumentException("config file " + config + " does not exist");
            }
            b.config(config);
        }
        customize.accept(b);
        Orchestrator o = b.build();
        if (mixee != null && reportRecoveries) {
            o.recoveries().forEach(r -> mixee.commandLine().getErr().println("continuity: " + r));
        }
        return o;
    }
}

/** Options of the commands that describe a change. */
final class ChangeOptions {
    @Option(names = "--changed", paramLabel = "FILE", required = true, arity = "1..*",
            description = "changed file(s), relative to PROJECT (an absolute path must be inside PROJECT)")
    List<String> changed = new ArrayList<>();

    @Option(names = "--type", paramLabel = "T", description = "update type: ${COMPLETION-CANDIDATES} (default: guessed from what the scan knows of the first changed file: its kind, else the entities it defines)")
    UpdateType type;

    @Option(names = "--mode", paramLabel = "M", description = "enhanced update type(s): ${COMPLETION-CANDIDATES}")
    List<EnhancedUpdateType> modes = new ArrayList<>();

    @Option(names = "--context", paramLabel = "KEY=VALUE", description = "change context, e.g. rename.from=OLD rename.to=NEW; a,b,c makes a list")
    Map<String, String> context = new LinkedHashMap<>();

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    double threshold;

    @Option(names = "--threshold", paramLabel = "P", defaultValue = "0.8", description = "confidence threshold, from 0 to 1 (default: ${DEFAULT-VALUE})")
    void threshold(String given) {
        double p;
        try {
            p = Double.parseDouble(given.strip());
        } catch (NumberFormatException e) {
            p = Double.NaN;
        }
        if (!(p >= 0 && p <= 1)) {
            throw new picocli.CommandLine.ParameterException(mixee.commandLine(),
                    "Invalid value for option '--threshold': '" + given + "' (must be a number from 0 to 1)");
        }
        threshold = p;
    }

    /** The update type guessed by the last {@link #request}; empty when {@code --type} was given. */
    Optional<UpdateTypeGuess> guessed = Optional.empty();

    @Option(names = "--model", paramLabel = "M", defaultValue = "auto", converter = ModelNames.UpdateModel.class,
            description = "graph (references only), logistic, random-forest, ensemble or auto (the learned model "
                    + "that ranks best on held-out history) (default: ${DEFAULT-VALUE})")
    String model;

    /**
     * The request for this change; without {@code --type} the update type is guessed from what a scan knows about the
     * changed files (see {@link UpdateTypeGuess}).
     */
    ConsistencyUpdateRequest request(Path project, Orchestrator orchestrator, boolean dryRun) {
        changed = changed.stream().map(c -> relativeTo(project, c)).toList();
        guessed = type != null ? Optional.empty() : Optional.of(UpdateTypeGuess.of(changed, orchestrator.scan()));
        ConsistencyUpdateRequest.Builder b = ConsistencyUpdateRequest.builder().projectName(project.toAbsolutePath().normalize().getFileName().toString())
                .updateType(guessed.map(UpdateTypeGuess::type).orElse(type)).changedFiles(changed).dryRun(dryRun);
        context.forEach((k, v) -> b.context(k, v.contains(",") ? List.of(v.split("\\s*,\\s*")) : v));
        modes.forEach(b::enhancedType);
        return b.build();
    }

    /**
     * A changed file as the project knows it: a relative path as given; an absolute path inside the project as the
     * path relative to it ({@code /home/me/novel/plot.yaml} is {@code plot.yaml} in {@code /home/me/novel}).
     *
     * @throws dev.continuity.api.PathEscapeException for an absolute path outside the project
     */
    static String relativeTo(Path project, String changed) {
        Path given;
        try {
            given = Path.of(changed);
        } catch (java.nio.file.InvalidPathException e) {
            return changed;
        }
        if (!given.isAbsolute()) {
            return changed;
        }
        Path root = project.toAbsolutePath().normalize();
        Path file = given.normalize();
        if (!file.startsWith(root)) {
            // the same folder under another name (a symbolic link on the way, e.g. /tmp on macOS)
            try {
                Path realRoot = root.toRealPath();
                Path realParent = file.getParent() == null ? null : file.getParent().toRealPath();
                if (realParent != null && realParent.resolve(file.getFileName()).startsWith(realRoot)) {
                    root = realRoot;
                    file = realParent.resolve(file.getFileName());
                }
            } catch (java.io.IOException e) {
                // a folder that does not exist: compared as given
            }
        }
        if (!file.startsWith(root)) {
            throw new dev.continuity.api.PathEscapeException(changed, "it is outside the project " + root);
        }
        String relative = root.relativize(file).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    MLConfiguration ml() {
        return MLConfiguration.builder().confidenceThreshold(threshold).modelType(model).build();
    }
}
