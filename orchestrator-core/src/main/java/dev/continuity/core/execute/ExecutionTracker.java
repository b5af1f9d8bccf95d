package dev.continuity.core.execute;

import dev.continuity.api.Alert;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.OperationStatus;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.Severity;
import dev.continuity.api.UpdateStep;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The live state of one execution; every figure of its snapshots is measured from it. Thread-safe. */
public final class ExecutionTracker {
    private final String executionId;
    private final InstantSource clock;
    private final Instant startedAt;
    private final Map<String, UpdateStep> steps = new LinkedHashMap<>();
    private final Map<String, OperationStatus> operations = new LinkedHashMap<>();
    private final List<Long> durationsNanos = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final Map<String, String> health = new LinkedHashMap<>();
    private final AtomicLong snapshots = new AtomicLong();
    private ExecutionStatus status = ExecutionStatus.PLANNED;
    private int failed;
    private int retries;
    private double remainingCriticalSeconds;
    private Instant finishedAt;

    public ExecutionTracker(String executionId, List<UpdateStep> plan, InstantSource clock) {
        this.executionId = executionId;
        this.clock = clock;
        this.startedAt = clock.instant();
        for (UpdateStep s : plan) {
            steps.put(s.id(), s);
            operations.put(s.id(), new OperationStatus(s.id(), s.file(), "PENDING", startedAt, 0));
        }
        remainingCriticalSeconds = plan.stream().mapToDouble(s -> s.estimatedDuration().toNanos() / 1e9).sum();
    }

    public String executionId() {
        return executionId;
    }

    public synchronized void status(ExecutionStatus status) {
        this.status = status;
        if (status.isTerminal()) {
            finishedAt = clock.instant();
        }
    }

    public synchronized ExecutionStatus status() {
        return status;
    }

    public synchronized void started(String stepId, int attempt) {
        UpdateStep s = steps.get(stepId);
        operations.put(stepId, new OperationStatus(stepId, s.file(), attempt > 1 ? "RETRYING" : "RUNNING", clock.instant(), attempt));
        if (attempt > 1) {
            retries++;
        }
    }

    public synchronized void finished(String stepId, String state, Duration took) {
        OperationStatus op = operations.get(stepId);
        operations.put(stepId, new OperationStatus(stepId, op.file(), state, op.startedAt(), Math.max(1, op.attempts())));
        durationsNanos.add(took.toNanos());
        if (state.equals("FAILED")) {
            failed++;
        }
        remainingCriticalSeconds = Math.max(0, remainingCriticalSeconds - steps.get(stepId).estimatedDuration().toNanos() / 1e9);
    }

    public synchronized void skipped(String stepId) {
        OperationStatus op = operations.get(stepId);
        operations.put(stepId, new OperationStatus(stepId, op.file(), "SKIPPED", op.startedAt(), op.attempts()));
    }

    public synchronized void alert(Severity severity, String source, String message) {
        alerts.add(new Alert(severity, source, message, clock.instant()));
    }

    public synchronized void health(String service, String state) {
        health.put(service, state);
    }

    /** A consistent snapshot of the run. */
    public synchronized RealTimeMonitor snapshot() {
        Instant now = finishedAt != null ? finishedAt : clock.instant();
        Map<String, OperationStatus> active = new LinkedHashMap<>();
        operations.forEach((id, op) -> {
            if (op.state().equals("RUNNING") || op.state().equals("RETRYING")) {
                active.put(id, op);
            }
        });
        long completed = operations.values().stream().filter(o -> o.state().equals("SUCCEEDED") || o.state().equals("FAILED")).count();
        double elapsed = Math.max(1e-9, Duration.between(startedAt, now).toNanos() / 1e9);
        long[] sorted = durationsNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("totalSteps", (double) steps.size());
        metrics.put("completedSteps", (double) completed);
        metrics.put("failedSteps", (double) failed);
        metrics.put("retries", (double) retries);
        metrics.put("elapsedSeconds", elapsed);
        metrics.put("throughputStepsPerSecond", completed / elapsed);
        metrics.put("p50StepMillis", percentile(sorted, 0.50) / 1e6);
        metrics.put("p95StepMillis", percentile(sorted, 0.95) / 1e6);
        metrics.put("errorRate", completed == 0 ? 0.0 : (double) failed / completed);
        Map<String, String> h = new LinkedHashMap<>(health);
        h.put("overall", failed > 0 ? "DEGRADED" : "HEALTHY");
        Map<String, Object> predictions = new LinkedHashMap<>();
        long remaining = steps.size() - completed;
        double rate = completed == 0 ? 0 : completed / elapsed;
        predictions.put("remainingSteps", remaining);
        predictions.put("etaSeconds", status.isTerminal() ? 0.0 : rate > 0 ? remaining / rate : remainingCriticalSeconds);
        predictions.put("completionProbability", status == ExecutionStatus.SUCCEEDED ? 1.0
                : status.isTerminal() ? 0.0 : remainingSuccessProbability());
        return new RealTimeMonitor("mon-" + executionId + "-" + snapshots.incrementAndGet(), executionId, status, active, metrics, h,
                List.copyOf(alerts), predictions, now);
    }

    private double remainingSuccessProbability() {
        double p = 1;
        for (Map.Entry<String, OperationStatus> e : operations.entrySet()) {
            String state = e.getValue().state();
            if (state.equals("FAILED")) {
                return 0;
            }
            if (!state.equals("SUCCEEDED") && !state.equals("SKIPPED")) {
                p *= 1 - steps.get(e.getKey()).failureProbability();
            }
        }
        return p;
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    @Override
    public String toString() {
        return "ExecutionTracker[" + executionId + ", " + status + ", " + Arrays.toString(operations.keySet().toArray()) + "]";
    }
}
