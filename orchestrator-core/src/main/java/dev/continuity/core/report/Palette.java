package dev.continuity.core.report;

import dev.continuity.api.RiskLevel;
import dev.continuity.api.Severity;
import dev.continuity.core.report.RunReport.AttemptResult;

import java.util.List;
import java.util.Locale;

/** The colours of a report, one meaning each, shared by the SVG pictures and the page's legends. */
final class Palette {
    private Palette() {}

    /** Edge kinds in legend order: the graph's kinds, then {@code context} (a seed entity named by the change's context) and {@code model}. */
    static final List<String> EDGE_KINDS = List.of("references", "defines", "mentions", "rule", "contains", "sequence", "context", "model");

    static String edge(String kind) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "references" -> "#2563eb";
            case "defines" -> "#7c3aed";
            case "mentions" -> "#0891b2";
            case "rule" -> "#d97706";
            case "contains" -> "#db2777";
            case "sequence" -> "#64748b";
            case "context" -> "#94a3b8";
            case "model" -> "#16a34a";
            default -> "#475569";
        };
    }

    /** Whether an edge kind is drawn dashed (not a dependency read from the files). */
    static boolean dashed(String kind) {
        return kind.equals("context") || kind.equals("model");
    }

    static String risk(RiskLevel risk) {
        return switch (risk) {
            case LOW -> "#22c55e";
            case MEDIUM -> "#f59e0b";
            case HIGH -> "#ef4444";
            case CRITICAL -> "#991b1b";
        };
    }

    /** The planned bars of the Gantt chart, by the step's risk: one hue, darker for riskier. */
    static String planned(RiskLevel risk) {
        return switch (risk) {
            case LOW -> "#bfdbfe";
            case MEDIUM -> "#93c5fd";
            case HIGH -> "#60a5fa";
            case CRITICAL -> "#3b82f6";
        };
    }

    static String attempt(AttemptResult result) {
        return switch (result) {
            case UPDATED -> "#10b981";
            case UNCHANGED -> "#a7b4c5";
            case RETRIED -> "#f59e0b";
            case FELL_BACK -> "#fb923c";
            case FAILED -> "#ef4444";
            case UNFINISHED -> "#cbd5e1";
        };
    }

    static String severity(Severity severity) {
        return switch (severity) {
            case INFO -> "#3b82f6";
            case WARNING -> "#f59e0b";
            case ERROR -> "#ef4444";
            case CRITICAL -> "#991b1b";
        };
    }
}
