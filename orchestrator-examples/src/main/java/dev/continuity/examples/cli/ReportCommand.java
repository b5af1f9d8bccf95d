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
            Files.writeString(out, text, StandardCharsets.UTF_8);
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
