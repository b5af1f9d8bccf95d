package dev.continuity.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one step did.
 *
 * @param stepId    the step
 * @param file      its file
 * @param handlerId the handler that ran
 * @param outcome   the outcome
 * @param summary   what the handler reported
 * @param duration  how long it took
 * @param attempts  how many times it ran
 * @param error     the failure, if it failed
 * @param changes   the files it changed
 */
public record StepResult(String stepId, String file, String handlerId, StepOutcome outcome, String summary, Duration duration,
                         int attempts, Optional<String> error, List<FileChange> changes) {
    /** Rejects a blank {@code stepId} or {@code handlerId}; copies {@code changes}. */
    public StepResult {
        Copies.requireText(stepId, "stepId");
        Objects.requireNonNull(file, "file");
        Copies.requireText(handlerId, "handlerId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(error, "error");
        changes = List.copyOf(changes);
    }
}
