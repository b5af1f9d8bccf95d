package dev.continuity.core.report;

import java.util.Locale;
import java.util.Objects;

/**
 * The formats a {@link RunReport} is rendered in.
 *
 * <pre>{@code
 * Files.writeString(Path.of("report.html"), ReportFormat.HTML.render(report));
 * ReportFormat format = ReportFormat.parse("md");   // MARKDOWN
 * }</pre>
 */
public enum ReportFormat {
    /** One self-contained page: inline CSS, JavaScript and SVG (the impact graph and the Gantt chart); fetches nothing. */
    HTML("html"),
    /** The {@link RunReport} record and everything in it, indented. */
    JSON("json"),
    /** A summary for a commit message or an issue: the change, outcome, impact, steps that did not simply succeed, issues, changes. */
    MARKDOWN("md"),
    /** One row per step: planned and actual schedule, outcome, attempts, handler, service, summary. */
    CSV("csv");

    private final String extension;

    ReportFormat(String extension) {
        this.extension = extension;
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** Renders a report in this format. */
    public String render(RunReport report) {
        Objects.requireNonNull(report, "report");
        return switch (this) {
            case HTML -> HtmlReport.render(report);
            case JSON -> ReportJson.pretty(report);
            case MARKDOWN -> MarkdownReport.render(report);
            case CSV -> CsvReport.render(report);
        };
    }

    /** The format named {@code html}, {@code json}, {@code md}/{@code markdown} or {@code csv} (any case). */
    public static ReportFormat parse(String name) {
        String n = Objects.requireNonNull(name, "name").strip().toLowerCase(Locale.ROOT);
        for (ReportFormat f : values()) {
            if (f.extension.equals(n) || f.name().toLowerCase(Locale.ROOT).equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown report format '" + name + "': use html, json, md or csv");
    }
}
