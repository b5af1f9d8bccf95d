package dev.continuity.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a run, as the specification's {@code RealTimeMonitor}. Immutable; take a new one to see progress.
 *
 * @param monitorId          unique per snapshot
 * @param executionId        the run
 * @param status             the run's status
 * @param activeOperations   steps that are running or retrying, by step id
 * @param performanceMetrics {@code completedSteps}, {@code totalSteps}, {@code throughputStepsPerSecond} (steps
 *                           ended per second, from the run's start to now or, once every step has ended, to the last
 *                           step's end: the healing and commit after it do not count), {@code p50StepMillis},
 *                           {@code p95StepMillis}, {@code errorRate}, {@code retries}, {@code elapsedSeconds} (the
 *                           whole run so far), ...
 * @param healthIndicators   health per service (circuit state) and overall
 * @param alerts             alerts raised so far
 * @param predictions        {@code etaSeconds}, {@code completionProbability}, ...
 * @param takenAt            when the snapshot was taken
 */
public record RealTimeMonitor(
        String monitorId,
        String executionId,
        ExecutionStatus status,
        Map<String, OperationStatus> activeOperations,
        Map<String, Double> performanceMetrics,
        Map<String, String> healthIndicators,
        List<Alert> alerts,
        Map<String, Object> predictions,
        Instant takenAt) {

    /**
     * Rejects a blank {@code monitorId} or {@code executionId} and prediction values that are not strings, numbers,
     * booleans or lists of them; copies the collections, keeping the maps' order.
     */
    public RealTimeMonitor {
        Copies.requireText(monitorId, "monitorId");
        Copies.requireText(executionId, "executionId");
        Objects.requireNonNull(status, "status");
        activeOperations = Copies.orderedMap(activeOperations);
        performanceMetrics = Copies.orderedMap(performanceMetrics);
        healthIndicators = Copies.orderedMap(healthIndicators);
        alerts = List.copyOf(alerts);
        predictions = Copies.contextMap(predictions);
        Objects.requireNonNull(takenAt, "takenAt");
    }
}
