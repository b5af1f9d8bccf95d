package dev.continuity.core.execute;

import dev.continuity.api.Alert;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.OperationStatus;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.UpdateStep;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The live state of one execution, from which {@link #snapshot()} builds a {@link RealTimeMonitor} at any moment, from
 * any thread, while the run goes on. Every figure is measured: latencies and rates with the monotonic clock; the ETA
 * by simulating the rest of the run as the executor dispatches it ({@link RemainingSchedule}: priority order, the
 * global limit, each service's bulkhead and rate limit), each step taking its estimate scaled by the measured speed of
 * its handler on its service; the completion probability over the same remaining steps from the failures seen per
 * service (a Beta prior from the plan's failure probabilities). Memory per step is a few bytes; latencies, alerts and
 * history are bounded. Thread-safe.
 */
public final class ExecutionTracker {
    static final byte PENDING = 0;
    static final byte RUNNING = 1;
    static final byte RETRYING = 2;
    static final byte SUCCEEDED = 3;
    static final byte FAILED = 4;
    static final byte SKIPPED = 5;
    private static final String[] STATE_NAMES = {"PENDING", "RUNNING", "RETRYING", "SUCCEEDED", "FAILED", "SKIPPED"};
    private static final int LATENCY_WINDOW = 4096;
    private static final int MAX_ALERTS = 1000;
    private static final double PRIOR_WEIGHT = 5;
    /** Attempts without failure added to a service's measured attempts for its expected attempts per step. */
    private static final double ATTEMPTS_SHRINK = 2;

    private final String executionId;
    private final PlanGraph graph;
    private final InstantSource clock;
    private final Instant startedAt;
    private final long startNanos;
    private final byte[] state;
    private final int[] attempts;
    private final long[] startedNanos;
    /** When each step's current attempt started, by the run's clock (a test clock's time, not the wall's). */
    private final Instant[] attemptStartedAt;
    /** Per step, when its retry is due while it waits for it. */
    private final long[] retryAtNanos;
    /** Per service (lane), the attempts a step may make. */
    private final int[] laneMaxAttempts;
    private final long[] latencies = new long[LATENCY_WINDOW];
    private final ArrayDeque<Alert> alerts = new ArrayDeque<>();
    private final Map<String, long[]> perService = new HashMap<>();
    private final Supplier<Map<String, String>> health;
    private final IntSupplier concurrency;
    private final Consumer<ExecutionStatus> onTerminal;
    private final LongSupplier nanoTime;
    /** Per step, the index of its service in {@link #lanes}; per service, its bulkhead and rate limit. */
    private final int[] laneOf;
    private final RemainingSchedule.Lane[] lanes;
    /**
     * Actual and estimated nanoseconds of the succeeded steps (their succeeding attempt), per service and per handler of
     * a service.
     */
    private final long[] laneActual;
    private final long[] laneEstimated;
    private final int[] handlerOf;
    private final long[] handlerActual;
    private final long[] handlerEstimated;
    /** The services the run's steps use: planned, and those of fallback handlers once they run. */
    private final Set<String> usedServices = new LinkedHashSet<>();
    /** The health of those services when the run ended; live until then. */
    private Map<String, String> finalHealth;
    private long latencyCount;
    private long sumActualNanos;
    private long sumEstimatedNanos;
    private int succeeded;
    private int failed;
    private int skipped;
    private long attemptsTotal;
    private long attemptsFailed;
    private long retries;
    private long alertsDropped;
    private boolean isolated;
    private ExecutionStatus status = ExecutionStatus.PLANNED;
    private long finishedNanos = -1;
    /** When the last step so far ended (succeeded, failed or was skipped); -1 before any did. */
    private long lastStepEndNanos = -1;
    private Instant finishedAt;
    private long snapshots;

    ExecutionTracker(String executionId, PlanGraph graph, InstantSource clock, LongSupplier nanoTime, Supplier<Map<String, String>> health,
                     IntSupplier concurrency, Function<String, ServiceConfig> services, Consumer<ExecutionStatus> onTerminal) {
        this.executionId = executionId;
        this.graph = graph;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.startedAt = clock.instant();
        this.startNanos = nanoTime.getAsLong();
        int n = graph.size();
        this.state = new byte[n];
        this.attempts = new int[n];
        this.startedNanos = new long[n];
        this.attemptStartedAt = new Instant[n];
        this.retryAtNanos = new long[n];
        this.health = health;
        this.concurrency = concurrency;
        this.onTerminal = onTerminal;
        this.laneOf = new int[n];
        this.handlerOf = new int[n];
        Map<String, Integer> laneIds = new LinkedHashMap<>();
        Map<String, Integer> handlerIds = new HashMap<>();
        List<RemainingSchedule.Lane> laneList = new ArrayList<>();
        List<Integer> maxAttempts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String service = graph.steps[i].service();
            laneOf[i] = laneIds.computeIfAbsent(service, s -> {
                ServiceConfig c = services.apply(s);
                laneList.add(new RemainingSchedule.Lane(c.maxConcurrentCalls(), c.ratePermits(), c.ratePeriod().toNanos() / 1e9));
                maxAttempts.add(c.maxAttempts());
                return laneList.size() - 1;
            });
            handlerOf[i] = handlerIds.computeIfAbsent(service + '\0' + graph.steps[i].handlerId(), k -> handlerIds.size());
        }
        this.lanes = laneList.toArray(RemainingSchedule.Lane[]::new);
        this.laneMaxAttempts = maxAttempts.stream().mapToInt(Integer::intValue).toArray();
        usedServices.addAll(laneIds.keySet());
        this.laneActual = new long[lanes.length];
        this.laneEstimated = new long[lanes.length];
        this.handlerActual = new long[handlerIds.size()];
        this.handlerEstimated = new long[handlerIds.size()];
    }

    /** {@return the id of the run it tracks} */
    public String executionId() {
        return executionId;
    }

    PlanGraph graph() {
        return graph;
    }

    /** Sets the run's status; a terminal status ends the run (and tells the listeners). */
    public void status(ExecutionStatus status) {
        boolean ended;
        Map<String, String> healthAtEnd = status.isTerminal() ? ownHealth() : Map.of();
        synchronized (this) {
            ended = status.isTerminal() && !this.status.isTerminal();
            this.status = status;
            if (ended) {
                finishedNanos = nanoTime.getAsLong();
                finishedAt = clock.instant();
                finalHealth = healthAtEnd;
            }
        }
        if (ended) {
            onTerminal.accept(status);
        }
    }

    /** {@return the run's status now: as last {@linkplain #status(ExecutionStatus) set}; {@code PLANNED} at first} */
    public synchronized ExecutionStatus status() {
        return status;
    }

    /** How long the run took, or has taken so far. */
    public synchronized Duration elapsed() {
        return Duration.ofNanos((finishedNanos >= 0 ? finishedNanos : nanoTime.getAsLong()) - startNanos);
    }

    /** An attempt starts, on {@code service} (the step's, or its fallback handler's). */
    synchronized void started(int step, int attempt, String service) {
        usedServices.add(service);
        state[step] = RUNNING;
        attempts[step] = attempt;
        startedNanos[step] = nanoTime.getAsLong();
        attemptStartedAt[step] = clock.instant();
        attemptsTotal++;
        service(step)[0]++;
    }

    /** An attempt failed (whatever happens next). */
    synchronized void attemptFailed(int step) {
        attemptsFailed++;
        service(step)[1]++;
    }

    /** The step waits for its retry, of unknown delay. */
    synchronized void retrying(int step) {
        retrying(step, 0);
    }

    /** The step waits {@code delayNanos} for its retry. */
    synchronized void retrying(int step, long delayNanos) {
        state[step] = RETRYING;
        retries++;
        retryAtNanos[step] = nanoTime.getAsLong() + Math.max(0, delayNanos);
    }

    synchronized void succeeded(int step, long tookNanos) {
        state[step] = SUCCEEDED;
        succeeded++;
        lastStepEndNanos = nanoTime.getAsLong();
        latencies[(int) (latencyCount++ % LATENCY_WINDOW)] = tookNanos;
        sumActualNanos += tookNanos;
        sumEstimatedNanos += graph.estimatedNanos[step];
        laneActual[laneOf[step]] += tookNanos;
        laneEstimated[laneOf[step]] += graph.estimatedNanos[step];
        handlerActual[handlerOf[step]] += tookNanos;
        handlerEstimated[handlerOf[step]] += graph.estimatedNanos[step];
        service(step)[2]++;
    }

    /**
     * A step whose result was replayed from the idempotency journal (a re-driven or resumed run): it counts as
     * succeeded, but it took no time of this run, so it is no latency sample and says nothing of the service's speed.
     */
    synchronized void replayed(int step) {
        state[step] = SUCCEEDED;
        succeeded++;
        lastStepEndNanos = nanoTime.getAsLong();
        service(step)[2]++;
    }

    synchronized void failed(int step, long tookNanos) {
        if (state[step] == FAILED) {
            return;
        }
        if (state[step] == SUCCEEDED) {
            // our own bookkeeping failed after the step was counted: it is a failure after all
            succeeded--;
            service(step)[2]--;
        }
        state[step] = FAILED;
        failed++;
        lastStepEndNanos = nanoTime.getAsLong();
        latencies[(int) (latencyCount++ % LATENCY_WINDOW)] = tookNanos;
        long[] s = service(step);
        s[2]++;
        s[3]++;
    }

    synchronized void skipped(int step) {
        if (state[step] == SKIPPED) {
            return;
        }
        state[step] = SKIPPED;
        skipped++;
        lastStepEndNanos = nanoTime.getAsLong();
    }

    synchronized void isolated() {
        isolated = true;
    }

    synchronized void alert(Alert alert) {
        if (alerts.size() >= MAX_ALERTS) {
            alerts.removeFirst();
            alertsDropped++;
        }
        alerts.addLast(alert);
    }

    /** [attempts, failed attempts, finished steps, failed steps] of the service of a step. */
    private long[] service(int step) {
        return perService.computeIfAbsent(graph.steps[step].service(), k -> new long[4]);
    }

    /**
     * The health of the services this run uses (the executor's guards are shared by every run of an orchestrator: the
     * others' services are not this run's business).
     */
    private Map<String, String> ownHealth() {
        Set<String> mine;
        synchronized (this) {
            mine = Set.copyOf(usedServices);
        }
        Map<String, String> h = new LinkedHashMap<>(health.get());
        h.keySet().retainAll(mine);
        return h;
    }

    /** A consistent snapshot of the run. */
    public RealTimeMonitor snapshot() {
        Map<String, String> h;
        synchronized (this) {
            h = finalHealth;
        }
        h = new LinkedHashMap<>(h != null ? h : ownHealth());
        int limit = concurrency.getAsInt();
        synchronized (this) {
            long nowNanos = finishedNanos >= 0 ? finishedNanos : nanoTime.getAsLong();
            Instant now = finishedAt != null ? finishedAt : clock.instant();
            int n = graph.size();
            Map<String, OperationStatus> active = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                if (state[i] == RUNNING || state[i] == RETRYING) {
                    UpdateStep s = graph.steps[i];
                    active.put(s.id(), new OperationStatus(s.id(), s.file(), STATE_NAMES[state[i]],
                            attemptStartedAt[i] != null ? attemptStartedAt[i] : now, attempts[i]));
                }
            }
            int completed = succeeded + failed + skipped;
            double elapsed = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
            int count = (int) Math.min(latencyCount, LATENCY_WINDOW);
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("totalSteps", (double) n);
            metrics.put("completedSteps", (double) completed);
            metrics.put("succeededSteps", (double) succeeded);
            metrics.put("failedSteps", (double) failed);
            metrics.put("skippedSteps", (double) skipped);
            metrics.put("activeSteps", (double) active.size());
            metrics.put("attempts", (double) attemptsTotal);
            metrics.put("retries", (double) retries);
            metrics.put("elapsedSeconds", elapsed);
            // steps per second of the steps' own phase: once every step has ended, healing and the commit that
            // follow are no part of it
            long stepsUntil = completed == n && lastStepEndNanos >= 0 ? lastStepEndNanos : nowNanos;
            metrics.put("throughputStepsPerSecond", (succeeded + failed) / Math.max(1e-9, (stepsUntil - startNanos) / 1e9));
            metrics.put("p50StepMillis", percentile(sorted, 0.50) / 1e6);
            metrics.put("p95StepMillis", percentile(sorted, 0.95) / 1e6);
            metrics.put("errorRate", attemptsTotal == 0 ? 0.0 : (double) attemptsFailed / attemptsTotal);
            metrics.put("concurrencyLimit", (double) limit);
            h.put("mode", isolated ? "ISOLATED" : "NORMAL");
            boolean circuitOpen = h.values().stream().anyMatch(v -> v.startsWith("circuit OPEN") || v.startsWith("circuit FORCED_OPEN") || v.startsWith("circuit HALF_OPEN"));
            h.put("overall", isolated ? "CRITICAL" : failed > 0 || circuitOpen ? "DEGRADED" : "HEALTHY");
            Map<String, Object> predictions = predictions(nowNanos, limit);
            List<Alert> alertList = List.copyOf(alerts);
            if (alertsDropped > 0) {
                metrics.put("alertsDropped", (double) alertsDropped);
            }
            return new RealTimeMonitor("mon-" + executionId + "-" + (++snapshots), executionId, status, active, metrics, h, alertList,
                    predictions, now);
        }
    }

    private Map<String, Object> predictions(long nowNanos, int limit) {
        int n = graph.size();
        int completed = succeeded + failed + skipped;
        int remaining = n - completed;
        double[] left = new double[n];
        double[] release = new double[n];
        byte[] simulated = new byte[n];
        double[] cp = new double[n];
        double longest = 0;
        int[] topo = graph.topologicalOrder();
        for (int k = n - 1; k >= 0; k--) {
            int i = topo[k];
            if (state[i] == SUCCEEDED || state[i] == FAILED || state[i] == SKIPPED) {
                simulated[i] = RemainingSchedule.DONE;
                continue;
            }
            double w = expectedSeconds(i);
            if (state[i] != RUNNING) {
                w *= expectedAttempts(i);
            }
            if (state[i] == RETRYING) {
                release[i] = Math.max(0, retryAtNanos[i] - nowNanos) / 1e9;      // its backoff, before its next attempt
            }
            if (state[i] == RUNNING) {
                w = Math.max(0, w - (nowNanos - startedNanos[i]) / 1e9);
                simulated[i] = RemainingSchedule.RUNNING;
            } else {
                simulated[i] = RemainingSchedule.WAITING;
            }
            left[i] = w;
            double after = 0;
            for (int s : graph.succs[i]) {
                after = Math.max(after, cp[s]);
            }
            cp[i] = release[i] + w + after;
            longest = Math.max(longest, cp[i]);
        }
        double eta = status.isTerminal() || remaining == 0 ? 0
                : RemainingSchedule.makespan(graph, left, release, simulated, laneOf, lanes, isolated ? 1 : Math.max(1, limit));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("remainingSteps", remaining);
        p.put("etaSeconds", eta);
        p.put("remainingCriticalPathSeconds", longest);
        p.put("speedFactor", succeeded > 0 && sumEstimatedNanos > 0 ? (double) sumActualNanos / sumEstimatedNanos : 1.0);
        p.put("completionProbability", completionProbability());
        return p;
    }

    /**
     * The time a step is expected to take: its plan estimate times the measured speed (actual ÷ estimated time of the
     * steps that succeeded) of its handler on its service, or of its service when that handler has finished none, or
     * the estimate itself when no step of the service has finished.
     */
    private double expectedSeconds(int step) {
        double estimate = graph.estimatedNanos[step] / 1e9;
        int h = handlerOf[step];
        if (handlerEstimated[h] > 0) {
            return estimate * handlerActual[h] / handlerEstimated[h];
        }
        int l = laneOf[step];
        if (laneEstimated[l] > 0) {
            return estimate * laneActual[l] / laneEstimated[l];
        }
        return estimate;
    }

    /**
     * The attempts a step that has not started yet (or waits for its retry) is expected to make: with its service's
     * failed-attempt rate p in this run (shrunk towards none by {@value #ATTEMPTS_SHRINK} attempts, so that the first
     * failures do not count for the whole run) and at most m attempts, (1 − p^m) / (1 − p); one in an isolated run,
     * which does not retry.
     */
    private double expectedAttempts(int step) {
        int m = isolated ? 1 : Math.max(1, laneMaxAttempts[laneOf[step]]);
        long[] stats = perService.get(graph.steps[step].service());
        double attempted = stats == null ? 0 : stats[0];
        double failedAttempts = stats == null ? 0 : stats[1];
        double p = Math.min(0.99, failedAttempts / (attempted + ATTEMPTS_SHRINK));
        return p <= 0 ? 1 : (1 - Math.pow(p, m)) / (1 - p);
    }

    private double completionProbability() {
        if (status == ExecutionStatus.SUCCEEDED) {
            return 1.0;
        }
        if (status.isTerminal() || failed > 0) {
            return 0.0;
        }
        double logP = 0;
        for (int i = 0; i < graph.size(); i++) {
            if (state[i] == SUCCEEDED || state[i] == SKIPPED) {
                continue;
            }
            UpdateStep s = graph.steps[i];
            long[] stats = perService.get(s.service());
            double finishedSteps = stats == null ? 0 : stats[2];
            double failedSteps = stats == null ? 0 : stats[3];
            double q = (failedSteps + PRIOR_WEIGHT * s.failureProbability()) / (finishedSteps + PRIOR_WEIGHT);
            logP += Math.log1p(-Math.min(q, 1 - 1e-12));
        }
        return Math.exp(logP);
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
        return "ExecutionTracker[" + executionId + ", " + status() + ", " + graph.size() + " steps]";
    }
}
