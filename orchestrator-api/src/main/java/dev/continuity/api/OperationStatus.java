package dev.continuity.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one running or finished step, as the monitor sees it.
 *
 * @param stepId    the step
 * @param file      its file
 * @param state     {@code PENDING}, {@code RUNNING}, {@code RETRYING}, {@code SUCCEEDED}, {@code FAILED} or {@code SKIPPED}
 * @param startedAt when it started
 * @param attempts  how many times it ran
 */
public record OperationStatus(String stepId, String file, String state, Instant startedAt, int attempts) {
    /** Rejects a blank {@code stepId} or {@code state}. */
    public OperationStatus {
        Copies.requireText(stepId, "stepId");
        Objects.requireNonNull(file, "file");
        Copies.requireText(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
