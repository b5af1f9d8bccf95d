package dev.continuity.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One healing attempt, as the specification's {@code SelfHealingAction}.
 *
 * @param issueType                  the issue's type
 * @param detectedAt                 when the issue was detected
 * @param severity                   the issue's severity
 * @param autoFixApplied             whether a fix was applied (and kept)
 * @param fixDescription             what was done, or why nothing was
 * @param verificationResult         whether re-running the detectors on the fixed state confirmed the fix
 * @param manualInterventionRequired whether a human must act
 * @param outcome                    the strategy's outcome
 * @param strategyId                 the strategy that tried, or {@code none}
 * @param issue                      the issue
 * @param changedFiles               the files the fix changed
 */
public record SelfHealingAction(
        String issueType,
        Instant detectedAt,
        Severity severity,
        boolean autoFixApplied,
        String fixDescription,
        boolean verificationResult,
        boolean manualInterventionRequired,
        FixOutcome outcome,
        String strategyId,
        ConsistencyIssue issue,
        List<String> changedFiles) {

    /** Rejects a blank {@code issueType} or {@code strategyId}; copies {@code changedFiles}. */
    public SelfHealingAction {
        Copies.requireText(issueType, "issueType");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(fixDescription, "fixDescription");
        Objects.requireNonNull(outcome, "outcome");
        Copies.requireText(strategyId, "strategyId");
        Objects.requireNonNull(issue, "issue");
        changedFiles = List.copyOf(changedFiles);
    }
}
