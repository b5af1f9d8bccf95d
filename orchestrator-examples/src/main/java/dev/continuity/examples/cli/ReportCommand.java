package dev.continuity.examples.cli;

import dev.continuity.api.IntegrityException;
import dev.continuity.api.UnknownExecutionException;
import dev.continuity.core.report.ReportFormat;
import dev.continuity.core.report.ReportStore;
import dev.continuity.core.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Renders the stored report of a run ({@code PROJECT/.continuity/reports/<execution-id>.json}) in any format. */
@Command(name = "report", description = {"Render the report of a run: the change and its impact graph, the schedule (planned against actual), "
        + "step outcomes, retries, circuit events and alerts, issues and healing actions with diffs, and what was learned.",
        "'run' and 'demo' keep a report of every run in PROJECT/.continuity/reports/ (the newest " + ReportStore.KEPT + ")."},
        footer = {"%nExamples:%n  continuity report my-novel --format html --out report.html%n"
                + "  continuity report my-novel exec-19c3f2-1a2b --format md > update.md%n"
                + "  continuity report my-novel --format csv --out steps.csv%n  continuity report my-novel --list"})
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROJECT", description = "the project's root folder")
    Path project;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "the execution id (default: the newest run)")
    String id;

    @Option(names = "--format", paramLabel = "F",
            description = "html (one self-contained page), json (the records), md (Markdown for a commit message or an issue) or csv (the steps); "
                    + "default: with --out, the format its extension names (.html/.htm, .json, .md/.markdown, .csv; another extension, or none, "
                    + "is an error), else md, readable on a terminal")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write the report to FILE instead of standard output")
    Path out;

    @Option(names = "--list", description = "list the stored reports, newest first, instead of rendering one")
    boolean list;

    @Option(names = {"-q", "--quiet"}, description = "with --out, print nothing (the exit code tells the outcome)")
    boolean quiet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ProjectOptions.requireProjectFolder(project);
        ReportStore store = ReportStore.of(project);
        PrintWriter stdout = spec.commandLine().getOut();
        if (list) {
            List<String> ids = store.executionIds();
            if (!quiet) {
                ids.forEach(stdout::println);
            }
            return 0;
        }
        if (out != null && Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a folder: name a file in it, e.g. " + out.resolve("report.html"));
        }

        ReportFormat f = format();
        RunReport report = load(store);
        String text = f.render(report);
        if (out != null) {
            refuseUnsafeTarget(text);
        }
        if (out == null) {
            stdout.print(text);
            stdout.flush();
            return 0;
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // a temp file beside it, then an atomic move: an interrupted write leaves the old file, not half a report
            Path temp = Files.createTempFile(parent != null ? parent : Path.of("."), "." + out.getFileName(), ".continuity-tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.NotDirectoryException | java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("cannot write " + out + ": " + (e instanceof java.nio.file.AccessDeniedException
                    ? "permission denied" : e.getFile() + " is not a folder"), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        if (!quiet) {
            stdout.printf("wrote %s (%s report of %s, %s)%n", out, f.extension(), report.executionId(), Style.current().status(report.response().status()));
        }
        return 0;
    }

    /**
     * A report never replaces the project's own files: not a file the project holds (a manuscript, a plot; an earlier
     * report of the same format may be replaced), not its state in {@code .continuity/} (the audit log, the journal),
     * and not a file through a symbolic link, which may lead anywhere. A new file, in the project or outside, is written.
     */
    private void refuseUnsafeTarget(String text) {
        if (Files.isSymbolicLink(out)) {
            throw new IllegalArgumentException("--out " + out + " is a symbolic link: a report is not written through a link; name the file itself");
        }
        Path root = project.toAbsolutePath().normalize();
        Path target = out.toAbsolutePath().normalize();
        try {
            root = project.toRealPath();
            Path parent = target.getParent();
            if (parent != null && Files.isDirectory(parent)) {
                target = parent.toRealPath().resolve(target.getFileName());
            }
        } catch (IOException e) {
            // compare the paths as written
        }
        if (target.startsWith(root.resolve(".continuity"))) {
            throw new IllegalArgumentException("--out " + out + " is inside the project's .continuity/ folder, which holds its journal, "
                    + "history and audit log: write the report elsewhere");
        }
        if (target.startsWith(root) && Files.exists(target) && !anEarlierReport(target, text)) {
            throw new IllegalArgumentException("--out " + out + " is a file of the project (" + root.relativize(target).toString().replace('\\', '/')
                    + "): a report does not replace it; name a new file, or one outside the project");
        }
    }

    /** Whether {@code file} is a report this command wrote before, in the format of {@code text}, which it may replace. */
    private static boolean anEarlierReport(Path file, String text) {
        String head;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            head = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return false;
        }
        String first = text.lines().findFirst().orElse("");
        String existingFirst = head.lines().findFirst().orElse("");
        if (first.startsWith("## Continuity:")) {
            return existingFirst.startsWith("## Continuity:");
        }
        if (first.startsWith("{")) {
            return existingFirst.startsWith("{") && head.contains("\"executionId\"");
        }
        return !first.isEmpty() && existingFirst.equals(first) && (first.startsWith("priority,step,file,")
                || head.toLowerCase(java.util.Locale.ROOT).contains("continuity"));
    }

    /**
     * The format asked for; without one, the one the extension of {@code --out} names ({@code .html}/{@code .htm},
     * {@code .json}, {@code .md}/{@code .markdown}, {@code .csv}, any case), md on standard output. Another extension, or
     * none, is bad input: the format is not guessed.
     */
    private ReportFormat format() {
        if (format != null) {
            return ReportFormat.parse(format);
        }
        if (out == null) {
            return ReportFormat.MARKDOWN;
        }
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        return switch (ext) {
            case "html", "htm" -> ReportFormat.HTML;
            case "json" -> ReportFormat.JSON;
            case "md", "markdown" -> ReportFormat.MARKDOWN;
            case "csv" -> ReportFormat.CSV;
            default -> throw new IllegalArgumentException("cannot tell the report format from --out " + out
                    + " (not .html, .htm, .json, .md, .markdown or .csv): add --format html|json|md|csv");
        };
    }

    /** The report asked for; a missing or damaged one is bad input, named. */
    private RunReport load(ReportStore store) {
        try {
            if (id == null) {
                return store.newest().orElseThrow(() -> new IllegalArgumentException("no report in " + store.directory()
                        + ": 'continuity run' keeps one for every run"));
            }
            return store.load(id);
        } catch (UnknownExecutionException e) {
            throw new IllegalArgumentException("no report of execution " + id + " in " + store.directory() + " (see 'continuity report "
                    + project + " --list')", e);
        } catch (IntegrityException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
