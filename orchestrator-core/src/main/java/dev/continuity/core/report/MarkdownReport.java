package dev.continuity.core.report;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.FileChange;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.core.report.RunReport.RunEvent;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report as GitHub-flavoured Markdown, short enough for a commit message body or an issue: the change and its
 * outcome, the headline figures, the most important impacted files, what needs attention (steps that did not simply
 * succeed, resilience events, issues), the files changed and what was learned. No diffs: they are in the HTML report.
 */
final class MarkdownReport {
    static final int TOP_IMPACTED = 10;
    static final int MAX_FILES = 50;

    private MarkdownReport() {}

    static String render(RunReport report) {
        EnhancedUpdateResponse r = report.response();
        ReportSummary sum = ReportSummary.of(report);
        StringBuilder md = new StringBuilder(8 * 1024);
        md.append("## Continuity: ").append(report.request().updateType()).append(" of ")
                .append(String.join(", ", report.request().changedFiles().stream().map(MarkdownReport::code).toList()))
                .append(" — ").append(r.status()).append("\n\n");
        md.append("Execution ").append(code(report.executionId())).append(" on *").append(cell(report.projectName())).append("*, ")
                .append(ReportText.time(report.startedAt())).append(", took ").append(ReportText.duration(r.duration()))
                .append(" (steps: planned ").append(ReportText.seconds(r.plan().performancePredictions().getOrDefault("makespanSeconds", 0.0)))
                .append(", actual ").append(ReportText.seconds(report.actualMakespanSeconds())).append(").\n");
        if (!report.request().updateContext().isEmpty()) {
            md.append("Context: ");
            md.append(String.join(", ", report.request().updateContext().entrySet().stream().map(e -> code(e.getKey() + "=" + e.getValue())).toList()));
            md.append(".\n");
        }
        md.append('\n');
        md.append("| | |\n|---|---|\n");
        md.append("| Impacted files | ").append(sum.impacted()).append(" (mean confidence ").append(ReportText.fixed(r.impact().meanConfidence(), 2))
                .append(", complexity ").append(ReportText.fixed(r.impact().estimatedComplexity(), 2)).append(") |\n");
        md.append("| Steps | ").append(sum.stepsLine()).append("; ").append(sum.retries()).append(" retries, ").append(sum.fallbacks()).append(" fallbacks |\n");
        md.append("| Files ").append(sum.written() ? "changed" : "staged, not written").append(" | ").append(sum.filesChanged()).append(" (")
                .append(sum.filesChanged() - sum.filesCreated()).append(" modified, ").append(sum.filesCreated()).append(" created) |\n");
        md.append("| Issues | ").append(sum.issues()).append(" detected, ").append(sum.fixed()).append(" fixed and verified, ").append(sum.needHuman())
                .append(" need a human |\n");
        md.append("| Alerts | ").append(sum.alerts()).append(sum.circuitEvents() > 0 ? " (" + sum.circuitEvents() + " circuit events)" : "").append(" |\n\n");

        md.append("### Impact\n\n");
        List<ImpactedFile> top = r.impact().impactedFiles().stream()
                .sorted(Comparator.comparing(ImpactedFile::risk).reversed().thenComparing(ImpactedFile::confidence, Comparator.reverseOrder())
                        .thenComparing(ImpactedFile::path, Markup.NATURAL))
                .limit(TOP_IMPACTED).toList();
        if (top.isEmpty()) {
            md.append("No other file is impacted above the confidence threshold.\n\n");
        } else {
            md.append("| File | Kind | Risk | Confidence | Why |\n|---|---|---|---:|---|\n");
            for (ImpactedFile f : top) {
                md.append("| ").append(code(f.path())).append(" | ").append(f.kind()).append(" | ").append(f.risk()).append(" | ")
                        .append(ReportText.fixed(f.confidence(), 2)).append(" | ").append(cell(f.reasons().isEmpty() ? "" : f.reasons().getFirst())).append(" |\n");
            }
            if (r.impact().impactedFiles().size() > top.size()) {
                md.append("\n_… and ").append(r.impact().impactedFiles().size() - top.size()).append(" more (riskiest and most confident shown)._\n");
            }
            md.append('\n');
        }

        List<StepResult> attention = r.stepResults().stream()
                .filter(s -> s.outcome() == StepOutcome.FAILED || s.outcome() == StepOutcome.SKIPPED || s.attempts() > 1).toList();
        md.append("### Steps\n\n");
        if (attention.isEmpty()) {
            md.append("All ").append(sum.succeeded()).append(" step(s) that ran succeeded at the first attempt (").append(sum.updated()).append(" updated, ")
                    .append(sum.unchanged()).append(" unchanged).\n\n");
        } else {
            md.append("| Step | File | Outcome | Attempts | Handler | Detail |\n|---|---|---|---:|---|---|\n");
            for (StepResult s : attention) {
                md.append("| ").append(s.stepId()).append(" | ").append(code(s.file())).append(" | **").append(s.outcome()).append("** | ")
                        .append(s.attempts()).append(" | ").append(s.handlerId()).append(" | ").append(cell(s.error().orElse(s.summary()))).append(" |\n");
            }
            md.append('\n');
        }

        if (!report.events().isEmpty()) {
            md.append("### Retries, fallbacks, circuits and alerts\n\n");
            for (RunEvent e : report.events()) {
                md.append("- `+").append(ReportText.seconds(e.atSeconds())).append("` **").append(e.kind()).append("** ")
                        .append(e.stepId().map(id -> id + ": ").orElse("")).append(cell(e.message())).append('\n');
            }
            md.append('\n');
        }

        md.append("### Issues and healing\n\n");
        if (r.healingActions().isEmpty() && r.detectedIssues().isEmpty()) {
            md.append("No consistency issue concerns this change.\n\n");
        } else {
            for (SelfHealingAction a : r.healingActions()) {
                ConsistencyIssue i = a.issue();
                md.append("- **").append(i.severity()).append("** ").append(code(i.type())).append(" in ").append(code(location(i))).append(": ")
                        .append(cell(i.message())).append(" → ").append(outcome(a)).append('\n');
                for (String ev : i.evidence()) {
                    md.append("  - evidence: ").append(cell(ev)).append('\n');
                }
            }
            r.detectedIssues().stream().filter(i -> r.healingActions().stream().noneMatch(a -> a.issue().id().equals(i.id())))
                    .forEach(i -> md.append("- **").append(i.severity()).append("** ").append(code(i.type())).append(" in ").append(code(location(i)))
                            .append(": ").append(cell(i.message())).append(" → not acted on\n"));
            md.append('\n');
        }

        Map<String, String> stepsOf = new LinkedHashMap<>();
        Map<String, FileChange> first = new LinkedHashMap<>();
        for (FileChange c : sum.written() ? r.changedFiles() : r.stepResults().stream().flatMap(s -> s.changes().stream()).toList()) {
            stepsOf.merge(c.path(), c.stepId(), (a, b) -> a.contains(b) ? a : a + ", " + b);
            first.putIfAbsent(c.path(), c);
        }
        md.append("### Files ").append(sum.written() ? "changed" : "staged (not written)").append("\n\n");
        if (stepsOf.isEmpty()) {
            md.append("None.\n\n");
        } else {
            int shown = 0;
            for (Map.Entry<String, String> e : stepsOf.entrySet()) {
                if (shown++ >= MAX_FILES) {
                    md.append("- … and ").append(stepsOf.size() - MAX_FILES).append(" more\n");
                    break;
                }
                md.append("- ").append(code(e.getKey()));
                report.diff(e.getKey()).ifPresent(d -> md.append(" (+").append(d.added()).append(" −").append(d.removed()).append(')'));
                md.append(first.get(e.getKey()).beforeHash().isEmpty() ? " created" : "").append(" by ").append(e.getValue()).append('\n');
            }
            md.append('\n');
        }

        md.append("### Learning\n\n");
        if (r.learningInsights().isEmpty()) {
            md.append("- No impact model was retrained in this run; nothing measured to report.\n");
        } else {
            r.learningInsights().forEach(i -> md.append("- ").append(cell(i)).append('\n'));
            if (r.modelImprovement().isEmpty()) {
                md.append("- Impact model: no change of held-out MAP was measured in this run.\n");
            }
        }
        r.modelImprovement().ifPresent(d -> md.append("- Impact model, held-out MAP: ").append(String.format(java.util.Locale.ROOT, "%+.2f", d))
                .append(" points.\n"));
        Object speed = report.monitor().predictions().get("speedFactor");
        if (speed instanceof Number sp) {
            md.append("- Steps took ").append(ReportText.fixed(sp.doubleValue(), 2)).append("× their estimated time (`speedFactor`).\n");
        }
        md.append("- Optimiser: ").append(r.plan().optimizerId()).append(", ").append(cell(feedback(r))).append(".\n");
        return md.toString();
    }

    static String feedback(EnhancedUpdateResponse r) {
        Map<String, Double> p = r.plan().performancePredictions();
        StringBuilder b = new StringBuilder();
        if (p.containsKey("makespanSeconds") && p.containsKey("baselineMakespanSeconds")) {
            b.append("predicted makespan ").append(ReportText.seconds(p.get("makespanSeconds"))).append(" against ")
                    .append(ReportText.seconds(p.get("baselineMakespanSeconds"))).append(" for critical-path list scheduling");
        }
        r.plan().learningFeedback().forEach((k, v) -> {
            if (!k.equals("optimizer")) {
                b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(ReportText.value(v));
            }
        });
        return b.toString();
    }

    static String outcome(SelfHealingAction a) {
        if (a.autoFixApplied()) {
            return "fixed by " + a.strategyId() + (a.verificationResult() ? " (verified)" : " (not verified)");
        }
        if (a.manualInterventionRequired()) {
            return (a.outcome() == dev.continuity.api.FixOutcome.FAILED ? "fix failed, needs a human" : "needs a human") + ": " + cell(a.fixDescription());
        }
        return "resolved by another fix";
    }

    static String location(ConsistencyIssue i) {
        return i.file() + (i.line() > 0 ? ":" + i.line() : "");
    }

    /** Inline code that survives backticks in the text. */
    private static String code(String s) {
        String fence = s.contains("`") ? "``" : "`";
        return fence + (s.contains("`") ? " " + s + " " : s) + fence;
    }

    /** Text for a table cell or a list item: one line, pipes escaped, no HTML tag (a {@code <} is escaped; {@code ->} stays). */
    private static String cell(String s) {
        return s.replace("\r", "").replace("\n", " ").replace("|", "\\|").replace("<", "&lt;");
    }
}
