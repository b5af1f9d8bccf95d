package dev.continuity.core.report;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a report of one run shows, as plain records: what was asked, what the orchestrator answered, the
 * monitor's final snapshot, the measured timing of every step attempt, the notable events (retries, fallbacks,
 * failures, circuit and other alerts, checkpoints) and the diffs of the files the run changed. Render it with
 * {@link ReportFormat}; {@link ReportStore} keeps it under {@code .continuity/reports/}.
 *
 * <pre>{@code
 * RunReport report = ReportStore.of(projectRoot).newest().orElseThrow();
 * Files.writeString(Path.of("report.html"), ReportFormat.HTML.render(report));
 * }</pre>
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}; a stored report of another version is refused
 * @param executionId   the run
 * @param request       the change the run answered
 * @param startedAt     when the run's steps started (the {@code Started} event), or when the report was made if no
 *                      step ran
 * @param generatedAt   when the report was made
 * @param response      what {@code executeIntelligentUpdate} returned
 * @param monitor       the monitor's snapshot at the end of the run
 * @param timings       every attempt of every step, in start order
 * @param events        retries, fallbacks, failures, skips, checkpoints and alerts, in time order (simultaneous ones by step)
 * @param diffs         the diffs of the changed files whose content was captured, in the order of
 *                      {@code response.changedFiles()} (or of the steps' changes when nothing was written)
 */
public record RunReport(
        int schemaVersion,
        String executionId,
        ConsistencyUpdateRequest request,
        Instant startedAt,
        Instant generatedAt,
        EnhancedUpdateResponse response,
        RealTimeMonitor monitor,
        List<StepTiming> timings,
        List<RunEvent> events,
        List<FileDiff> diffs) {

    /** The version of this record's shape; bumped when a stored report could no longer be read. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * Rejects a {@code schemaVersion} other than {@link #SCHEMA_VERSION} and a response of another execution (with an
     * {@link IllegalArgumentException}), and nulls; copies the lists.
     */
    public RunReport {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("report schema version " + schemaVersion + " is not supported (expected " + SCHEMA_VERSION + ")");
        }
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(monitor, "monitor");
        if (!executionId.equals(response.executionId())) {
            throw new IllegalArgumentException("report of " + executionId + " holds the response of " + response.executionId());
        }
        timings = List.copyOf(timings);
        events = List.copyOf(events);
        diffs = List.copyOf(diffs);
    }

    /** {@return the project's display name, as the request gave it} */
    public String projectName() {
        return request.projectName();
    }

    /**
     * The diff of a changed file.
     *
     * @param path the file, relative to the project root
     * @return its diff; empty when the run did not change it or its content was not captured
     */
    public Optional<FileDiff> diff(String path) {
        return diffs.stream().filter(d -> d.path().equals(path)).findFirst();
    }

    /**
     * {@return the measured wall time from {@link #startedAt()} (the steps' start) to the last attempt's end, in seconds; 0 when no step ran}
     */
    public double actualMakespanSeconds() {
        return timings.stream().mapToDouble(StepTiming::endSeconds).max().orElse(0);
    }

    /**
     * One attempt of one step, as measured from the run's events.
     *
     * @param stepId       the step
     * @param file         its file
     * @param attempt      1 for the first attempt (counted over the handlers of a fallback chain)
     * @param handlerId    the handler that ran
     * @param service      the service it called
     * @param startSeconds when it started, in seconds from {@link RunReport#startedAt()}; for a step's succeeding or
     *                     finally failing attempt, its end less the duration the executor measured, so that the window
     *                     is that duration
     * @param endSeconds   when it ended, in seconds from the start (the end of the run for an unfinished attempt)
     * @param result       how the attempt ended
     */
    public record StepTiming(String stepId, String file, int attempt, String handlerId, String service, double startSeconds, double endSeconds,
                             AttemptResult result) {
        /**
         * Rejects a negative start or an end before the start (with an {@link IllegalArgumentException}), and nulls.
         */
        public StepTiming {
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(handlerId, "handlerId");
            Objects.requireNonNull(service, "service");
            if (!(startSeconds >= 0 && endSeconds >= startSeconds)) {
                throw new IllegalArgumentException("bad timing of step " + stepId + ": " + startSeconds + " .. " + endSeconds);
            }
            Objects.requireNonNull(result, "result");
        }

        /** {@return how long the attempt took, in seconds} */
        public double seconds() {
            return endSeconds - startSeconds;
        }
    }

    /** How a step attempt ended. */
    public enum AttemptResult {
        /** The step changed its file. */
        UPDATED,
        /** The step found nothing to change. */
        UNCHANGED,
        /** A retryable failure: the step ran again. */
        RETRIED,
        /** The handler failed for good and a fallback handler ran next. */
        FELL_BACK,
        /** The step failed for good. */
        FAILED,
        /** No end was seen (the run was cancelled or the attempt abandoned without an event). */
        UNFINISHED
    }

    /**
     * Something notable that happened during the run.
     *
     * @param atSeconds seconds from {@link RunReport#startedAt()}
     * @param kind      what
     * @param stepId    the step it is about, if any
     * @param severity  how bad
     * @param message   what happened, in a line
     */
    public record RunEvent(double atSeconds, EventKind kind, Optional<String> stepId, Severity severity, String message) {
        /** Rejects a null value. */
        public RunEvent {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The kinds of {@link RunEvent}. */
    public enum EventKind {
        /** An attempt failed with a retryable error and the step runs again after a backoff. */
        RETRY,
        /** A handler failed for good and the step went on with a fallback handler. */
        FALLBACK,
        /** A step failed for good. */
        FAILURE,
        /** A step was not run because a step it depends on failed. */
        SKIP,
        /** Every step up to a checkpoint succeeded. */
        CHECKPOINT,
        /** An alert about a circuit breaker or the switch to isolated mode. */
        CIRCUIT,
        /** Any other alert (an anomaly, ...). */
        ALERT
    }

    /**
     * The unified diff of one changed file.
     *
     * @param path    the file, relative to the project root
     * @param stepId  the step (or {@code heal:<strategy>}) that changed it
     * @param created whether the run created the file
     * @param written whether the change reached the project (false for a dry run or a rolled-back run)
     * @param added   lines added
     * @param removed lines removed
     * @param lines   the unified diff: {@code @@} hunk headers, then lines starting with {@code ' '}, {@code '+'} or
     *                {@code '-'}; without the {@code ---}/{@code +++} header
     * @param truncated whether {@code lines} was cut short (very large diffs)
     */
    public record FileDiff(String path, String stepId, boolean created, boolean written, int added, int removed, List<String> lines,
                           boolean truncated) {
        /** Rejects a negative count of added or removed lines, and a null path or step; copies {@code lines}. */
        public FileDiff {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(stepId, "stepId");
            if (added < 0 || removed < 0) {
                throw new IllegalArgumentException("added and removed must be >= 0, were " + added + " and " + removed);
            }
            lines = List.copyOf(lines);
        }
    }
}
