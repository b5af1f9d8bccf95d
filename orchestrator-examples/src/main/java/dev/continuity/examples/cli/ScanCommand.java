package dev.continuity.examples.cli;

import dev.continuity.api.Diagnostic;
import dev.continuity.api.EntityInfo;
import dev.continuity.api.Reference;
import dev.continuity.api.FileKind;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.graph.DependencyGraph;
import dev.continuity.core.project.ParsedFile;
import dev.continuity.core.project.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "scan", description = "Scan a project: files, kinds, entities, references and diagnostics. Records the scan as the rename baseline.",
        footer = {"%nExample:%n  continuity scan my-novel --json"})
final class ScanCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** What a scan found, as printed with {@code --json}. */
    record ScanReport(String root, int files, Map<FileKind, Integer> kinds, List<EntityInfo> entities, int references, int unresolvedReferences,
                      int graphVertices, int graphEdges, List<Diagnostic> diagnostics) {}

    /** Printed when a project without a config yields nothing to work with. */
    static final String CONFIG_HINT = "hint: %s has no continuity.yaml, and the default rules found no entity or classified every file as OTHER. "
            + "Write a continuity.yaml that says which files are characters, plots, manuscripts and how they refer to each other "
            + "(see docs/configuration.md), starting from an example in orchestrator-examples/src/main/resources/configs/ "
            + "(novelwriter.continuity.yaml for novelWriter, book-of-acts.continuity.yaml for Manuskript), "
            + "or pass one with --config FILE.";

    /** No config was given or found, and the default rules found no entity or only unclassified files. */
    private boolean needsConfig(Project p, Map<FileKind, Integer> kinds) {
        boolean noConfig = options.config == null && !java.nio.file.Files.exists(options.project.resolve("continuity.yaml"))
                && !java.nio.file.Files.exists(options.project.resolve(".continuity.yaml"));
        boolean onlyOther = kinds.keySet().stream().allMatch(k -> k == FileKind.OTHER);
        return noConfig && (p.entities().isEmpty() || onlyOther);
    }

    @Override
    public Integer call() {
        try (Orchestrator o = options.open()) {
            Project p = o.scanAndRecord();
            // the healing: section too, which run and heal read: a scan is how a writer checks a config
            dev.continuity.healing.HealingConfig.of(p);
            DependencyGraph g = o.graph(p);
            Map<FileKind, Integer> kinds = new TreeMap<>();
            for (ParsedFile f : p.parsedFiles().values()) {
                kinds.merge(f.kind(), 1, Integer::sum);
            }
            ScanReport report = new ScanReport(p.root().toString(), p.parsedFiles().size(), kinds, p.entities(), p.referenceCount(),
                    (int) p.references().stream().filter(r -> !r.resolved()).count(), g.vertexCount(), g.edgeCount(), p.diagnostics());
            PrintWriter out = options.out();
            if (options.json) {
                out.println(Json.write(report));
            } else {
                out.printf("%s: %d files, %d entities, %d references (%d unresolved), graph %d vertices / %d edges%n", report.root(), report.files(),
                        report.entities().size(), report.references(), report.unresolvedReferences(), report.graphVertices(), report.graphEdges());
                kinds.forEach((k, n) -> out.printf("  %-14s %d%n", k, n));
                for (EntityInfo e : p.entities()) {
                    out.printf("  %s %s%s  (%s)%n", e.type(), e.name(), e.aliases().isEmpty() ? "" : " " + e.aliases(), e.definedIn());
                }
                p.diagnostics().stream().filter(d -> d.severity().compareTo(dev.continuity.api.Severity.INFO) > 0).forEach(d -> out.println("  " + d));
                // the unresolved references by name (their INFO diagnostics), the first ten: a misspelt tag is what a writer looks for
                java.util.Set<String> warned = new java.util.HashSet<>();
                p.diagnostics().stream().filter(d -> d.severity().compareTo(dev.continuity.api.Severity.INFO) > 0)
                        .forEach(d -> warned.add(d.file() + ":" + d.line()));
                List<Reference> unresolved = p.references().stream().filter(r -> !r.resolved() && !warned.contains(r.fromFile() + ":" + r.line())).toList();
                unresolved.stream().limit(10).forEach(r -> out.printf("  unresolved %s:%d '%s'%n", r.fromFile(), r.line(), r.text()));
                if (unresolved.size() > 10) {
                    out.printf("  ... %d more unresolved (--json lists every diagnostic)%n", unresolved.size() - 10);
                }
                if (needsConfig(p, kinds)) {
                    out.println(CONFIG_HINT.formatted(options.project));
                }
            }
            if (p.errors().isEmpty()) {
                return 0;
            }
            spec.commandLine().getErr().println("continuity: error: " + errorLine(p.errors()));
            spec.commandLine().getErr().flush();
            return ContinuityCli.BAD_INPUT;
        }
    }

    /**
     * The one-line error of a scan with errors: how many files are unreadable and the first with its cause (or, when
     * none is unreadable, how many errors and the first).
     */
    static String errorLine(List<Diagnostic> errors) {
        List<Diagnostic> unreadable = errors.stream().filter(d -> d.code().equals("unreadable")).toList();
        long files = unreadable.stream().map(Diagnostic::file).distinct().count();
        Diagnostic first = unreadable.isEmpty() ? errors.getFirst() : unreadable.getFirst();
        String where = first.file() + (first.line() > 0 ? ":" + first.line() : "");
        String cause = first.message().replaceAll("\\s*\\R\\s*", " ").strip();
        int others = errors.size() - unreadable.size();
        if (unreadable.isEmpty()) {
            return errors.size() + (errors.size() == 1 ? " error" : " errors") + " in the project; the first: " + where + ": [" + first.code() + "] " + cause;
        }
        return files + (files == 1 ? " file is" : " files are") + " unreadable; the first: " + where + ": " + cause
                + (others > 0 ? " (and " + others + " other error" + (others == 1 ? "" : "s") + ": see the diagnostics)" : "");
    }
}
