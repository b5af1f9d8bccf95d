package dev.continuity.core.report;

import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.FileChange;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.core.report.RunReport.EventKind;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The headline figures of a report, counted once for every format.
 *
 * @param impacted      impacted files
 * @param steps         planned steps
 * @param updated       steps that changed their file
 * @param unchanged     steps that found nothing to change
 * @param failed        steps that failed for good
 * @param skipped       steps not run
 * @param retries       attempts retried
 * @param fallbacks     handlers replaced by a fallback
 * @param filesChanged  distinct files changed (or staged, when nothing was written)
 * @param filesCreated  of those, files the run created
 * @param written       whether the changes reached the project
 * @param issues        issues detected
 * @param fixed         issues fixed and verified
 * @param needHuman     issues left for a human
 * @param alerts        alerts raised
 * @param circuitEvents circuit openings and switches to isolated mode
 */
record ReportSummary(int impacted, int steps, int updated, int unchanged, int failed, int skipped, int retries, int fallbacks, int filesChanged,
                     int filesCreated, boolean written, int issues, int fixed, int needHuman, int alerts, int circuitEvents) {

    static ReportSummary of(RunReport report) {
        EnhancedUpdateResponse r = report.response();
        int updated = 0;
        int unchanged = 0;
        int failed = 0;
        int skipped = 0;
        for (StepResult s : r.stepResults()) {
            switch (s.outcome()) {
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
        }
        boolean written = !r.changedFiles().isEmpty();
        Set<String> paths = new LinkedHashSet<>();
        Set<String> created = new LinkedHashSet<>();
        Iterable<FileChange> changes = written ? r.changedFiles() : r.stepResults().stream().flatMap(s -> s.changes().stream()).toList();
        for (FileChange c : changes) {
            if (paths.add(c.path()) && c.beforeHash().isEmpty()) {
                created.add(c.path());
            }
        }
        int fixed = (int) r.healingActions().stream().filter(a -> a.autoFixApplied() && a.verificationResult()).count();
        int human = (int) r.healingActions().stream().filter(SelfHealingAction::manualInterventionRequired).count();
        int retries = (int) report.events().stream().filter(e -> e.kind() == EventKind.RETRY).count();
        int fallbacks = (int) report.events().stream().filter(e -> e.kind() == EventKind.FALLBACK).count();
        int circuit = (int) report.events().stream().filter(e -> e.kind() == EventKind.CIRCUIT).count();
        return new ReportSummary(r.impact().impactedFiles().size(), r.plan().mlOptimizedSteps().size(), updated, unchanged, failed, skipped,
                Math.max(retries, (int) Math.round(report.monitor().performanceMetrics().getOrDefault("retries", 0.0))), fallbacks, paths.size(),
                created.size(), written, r.detectedIssues().size(), fixed, human, report.monitor().alerts().size(), circuit);
    }

    /** Steps that ran to success. */
    int succeeded() {
        return updated + unchanged;
    }

    /** {@code StepOutcome} counts in one line: {@code 46 steps: 40 updated, 6 unchanged, 0 failed, 0 skipped}. */
    String stepsLine() {
        return steps + " step" + (steps == 1 ? "" : "s") + ": " + updated + " updated, " + unchanged + " unchanged, " + failed + " failed, " + skipped
                + " skipped";
    }

    static String label(StepOutcome outcome) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT);
    }
}
