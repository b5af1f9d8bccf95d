package dev.continuity.core.execute;

import dev.continuity.api.Alert;
import dev.continuity.api.ChangeContext;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.ExecutionEvent;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.StepResult;
import dev.continuity.api.spi.AlertSink;
import dev.continuity.api.spi.ExecutionListener;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.monitor.AlertDispatcher;
import dev.continuity.core.monitor.AnomalyDetector;
import dev.continuity.core.monitor.EventBus;
import dev.continuity.core.alerts.LoggingAlertSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Runs the steps of a plan as a DAG on virtual threads. A step is released when its dependencies have succeeded; ready
 * steps are taken in the optimiser's priority order, under a global concurrency limit that adapts (AIMD, optionally a
 * latency gradient) and a bulkhead per service. Each attempt goes through its service's Resilience4j guards: circuit
 * breaker, rate limiter, bulkhead and time limit (an attempt over its time limit is interrupted and abandoned: its
 * writes are discarded and its later writes refused); a retryable failure is retried after an exponential, jittered,
 * capped backoff, a failure for good falls back to the step's fallback handlers, and a step that still fails is kept
 * in the dead-letter store while its dependents are skipped and the other steps go on. When a circuit opens or the
 * run's error rate crosses the configured threshold, the run switches to isolated mode: one step at a time, no
 * retries, and an alert says so.
 *
 * <p>Nothing here sleeps on its own: backoffs, waits and time limits go through the {@link ExecutionTimer}. One
 * executor serves every run of an orchestrator (the limit, the bulkheads and the circuits are shared); it is
 * thread-safe.
 */
public final class DagExecutor implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DagExecutor.class);
    /**
     * What the steps of one run share.
     *
     * @param executionId the run
     * @param plan        the optimised plan
     * @param change      the change being propagated (with a detected rename stated)
     * @param types       the enhanced update types in effect
     * @param impact      the impact analysis the plan came from
     * @param project     the scanned project
     * @param writer      where steps stage their writes
     * @param handlers    handlers by id
     * @param tracker     the run's tracker, from {@link #track}
     * @param mlConfig    the request's ML configuration (its anomaly sensitivity is used; a dead letter keeps it)
     * @param commitPolicy the request's commit policy (a dead letter keeps it)
     * @param dryRun      whether the request is a dry run: its failed steps keep no dead letter, as there is nothing to
     *                    re-drive and a re-drive would write
     */
    public record Run(String executionId, IntelligentUpdatePlan plan, ChangeContext change, Set<EnhancedUpdateType> types,
                      PredictiveImpactAnalysis impact, ProjectSnapshot project, StagingProjectWriter writer, Map<String, UpdateHandler> handlers,
                      ExecutionTracker tracker, MLConfiguration mlConfig, dev.continuity.api.CommitPolicy commitPolicy, boolean dryRun) {
        /**
         * Rejects a null {@code executionId}, {@code plan}, {@code tracker} or {@code commitPolicy}; copies
         * {@code types} and {@code handlers}.
         */
        public Run {
            Objects.requireNonNull(executionId, "executionId");
            Objects.requireNonNull(plan, "plan");
            types = Set.copyOf(types);
            handlers = Map.copyOf(handlers);
            Objects.requireNonNull(tracker, "tracker");
            Objects.requireNonNull(commitPolicy, "commitPolicy");
        }

        /**
         * An {@code ALL_OR_NOTHING} run that is no dry run.
         *
         * @param executionId the run
         * @param plan        the optimised plan
         * @param change      the change being propagated
         * @param types       the enhanced update types in effect
         * @param impact      the impact analysis the plan came from
         * @param project     the scanned project
         * @param writer      where steps stage their writes
         * @param handlers    handlers by id
         * @param tracker     the run's tracker
         * @param mlConfig    the request's ML configuration
         */
        public Run(String executionId, IntelligentUpdatePlan plan, ChangeContext change, Set<EnhancedUpdateType> types,
                   PredictiveImpactAnalysis impact, ProjectSnapshot project, StagingProjectWriter writer, Map<String, UpdateHandler> handlers,
                   ExecutionTracker tracker, MLConfiguration mlConfig) {
            this(executionId, plan, change, types, impact, project, writer, handlers, tracker, mlConfig, dev.continuity.api.CommitPolicy.ALL_OR_NOTHING,
                    false);
        }
    }

    final ServiceGuards guards;
    final AdaptiveLimit limit;
    final ExecutionConfig config;
    final EventBus events;
    final AlertDispatcher alerts;
    final AnomalyDetector anomalies = new AnomalyDetector(20);
    final ExecutionTimer timer;
    final InstantSource clock;
    /** The monotonic clock of step durations and of the tracker ({@code System::nanoTime}; tests drive their own). */
    final LongSupplier nanoTime;
    final MeterRegistry meters;
    final Optional<DeadLetterStore> deadLetters;
    final Optional<IdempotencyJournal> journal;
    final Set<Execution> active = ConcurrentHashMap.newKeySet();
    final ThreadFactory threads = Thread.ofVirtual().name("continuity-step").factory();
    private final Map<MeterKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<MeterKey, Timer> timers = new ConcurrentHashMap<>();

    private DagExecutor(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.nanoTime = b.nanoTime;
        this.meters = b.meters;
        this.timer = b.timer != null ? b.timer : ExecutionTimer.system();
        this.guards = new ServiceGuards(b.services, clock, b.random, meters);
        this.limit = new AdaptiveLimit(Math.min(config.minConcurrency(), b.workers), b.workers, config.backoffRatio(),
                config.limitAlgorithm() == ExecutionConfig.LimitAlgorithm.GRADIENT);
        this.events = new EventBus(b.listeners, meters);
        this.alerts = new AlertDispatcher(b.sinks.isEmpty() ? List.of(new LoggingAlertSink()) : b.sinks, config.alertQueueCapacity(), meters);
        this.deadLetters = b.stateRoot.filter(r -> config.deadLetters()).map(DeadLetterStore::of);
        this.journal = b.stateRoot.filter(r -> config.journal()).map(IdempotencyJournal::new);
        Gauge.builder("continuity.steps.active", limit, AdaptiveLimit::inflight).description("step attempts in flight").register(meters);
        Gauge.builder("continuity.concurrency.limit", limit, AdaptiveLimit::limit).description("the adaptive global concurrency limit").register(meters);
        Gauge.builder("continuity.steps.ready", active, a -> a.stream().mapToInt(Execution::readyCount).sum())
                .description("steps whose dependencies are done, waiting for a slot").register(meters);
    }

    /** A builder for an executor allowing at most {@code workers} steps at once. */
    public static Builder builder(int workers) {
        return new Builder(workers);
    }

    /**
     * Registers a run and returns its live tracker; from now on the run can be monitored. Checks the plan (unknown
     * dependencies, cycles).
     */
    public ExecutionTracker track(String executionId, IntelligentUpdatePlan plan) {
        PlanGraph graph = new PlanGraph(plan);
        graph.topologicalOrder();
        ExecutionTracker[] self = new ExecutionTracker[1];
        self[0] = new ExecutionTracker(executionId, graph, clock, nanoTime, guards::health, limit::limit, guards::config, status -> finished(self[0], status));
        return self[0];
    }

    /** Runs every step of the plan; returns one result per step, in completion order. */
    public List<StepResult> run(Run run) {
        Execution e = new Execution(this, run);
        active.add(e);
        try {
            publish(new ExecutionEvent.Started(run.executionId(), run.tracker().graph().size(), clock.instant()));
            return e.await();
        } finally {
            active.remove(e);
        }
    }

    /**
     * Cancels the run {@code executionId} if its steps are running ({@link Execution#cancelByCaller}); its
     * {@link #run} then throws {@link dev.continuity.api.ExecutionCancelledException}.
     *
     * @return whether the run was cancelled; false when no run of that id is in its steps
     */
    public boolean cancel(String executionId) {
        for (Execution e : active) {
            if (e.executionId().equals(executionId)) {
                return e.cancelByCaller();
            }
        }
        return false;
    }

    private void finished(ExecutionTracker tracker, ExecutionStatus status) {
        if (status == ExecutionStatus.SUCCEEDED) {
            // the run is done: its journal is no longer needed, and no step of it is left to re-drive
            journal.ifPresent(j -> j.discard(tracker.executionId()));
            deadLetters.ifPresent(d -> {
                try {
                    d.resolve(tracker.executionId());
                } catch (RuntimeException e) {
                    LOG.warn("cannot mark the dead letters of {} resolved", tracker.executionId(), e);
                }
            });
        }
        publish(new ExecutionEvent.Finished(tracker.executionId(), status, tracker.elapsed(), clock.instant()));
    }

    /** The dead-letter store, when the executor keeps one. */
    public Optional<DeadLetterStore> deadLetterStore() {
        return deadLetters;
    }

    /** Health of every service used so far: circuit state and bulkhead use. */
    public Map<String, String> serviceHealth() {
        return guards.health();
    }

    /** The timer of backoffs and time limits (the request queue uses it for its time-outs too). */
    public ExecutionTimer timer() {
        return timer;
    }

    /** The settings of a service: its own, or the defaults of its name. */
    public ServiceConfig serviceConfig(String service) {
        return guards.config(service);
    }

    /** The current global concurrency limit. */
    public int concurrencyLimit() {
        return limit.limit();
    }

    void publish(ExecutionEvent event) {
        events.publish(event);
    }

    void raise(ExecutionTracker tracker, Alert alert) {
        tracker.alert(alert);
        counter("continuity.alerts", "severity", alert.severity().name().toLowerCase(java.util.Locale.ROOT)).increment();
        publish(new ExecutionEvent.AlertRaised(tracker.executionId(), alert));
        alerts.offer(alert);
    }

    /** Every running execution may have become able to start a step (a slot or a bulkhead permit was freed). */
    void wakeAll() {
        for (Execution e : active) {
            e.dispatch();
        }
    }

    /** A meter's name and tags, as a cache key. */
    private record MeterKey(String name, List<String> tags) {}

    Counter counter(String name, String... tags) {
        MeterKey key = new MeterKey(name, List.of(tags));
        Counter c = counters.get(key);
        return c != null ? c : counters.computeIfAbsent(key, k -> meters.counter(name, tags));
    }

    Timer timer(String name, String... tags) {
        MeterKey key = new MeterKey(name, List.of(tags));
        Timer t = timers.get(key);
        return t != null ? t : timers.computeIfAbsent(key, k -> Timer.builder(name).tags(tags).register(meters));
    }

    @Override
    public void close() {
        for (Execution e : active) {
            e.cancel();
        }
        timer.close();
        alerts.close();
    }

    /** Configures a {@link DagExecutor}. */
    public static final class Builder {
        private final int workers;
        private Map<String, ServiceConfig> services = Map.of();
        private ExecutionConfig config = ExecutionConfig.defaults();
        private final List<ExecutionListener> listeners = new ArrayList<>();
        private final List<AlertSink> sinks = new ArrayList<>();
        private ExecutionTimer timer;
        private InstantSource clock = InstantSource.system();
        private LongSupplier nanoTime = System::nanoTime;
        private RandomGenerator random = RandomGenerator.getDefault();
        private MeterRegistry meters = new SimpleMeterRegistry();
        private Optional<Path> stateRoot = Optional.empty();

        private Builder(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, was " + workers);
            }
            this.workers = workers;
        }

        /** Settings per service name; services not named get {@link ServiceConfig#defaultsFor}. */
        public Builder services(Map<String, ServiceConfig> services) {
            this.services = Map.copyOf(new LinkedHashMap<>(services));
            return this;
        }

        /**
         * The concurrency limit, isolation, queue, alert-queue and persistence settings; {@link ExecutionConfig#defaults()}
         * by default.
         *
         * @param config the settings
         * @return this builder
         * @throws NullPointerException when {@code config} is null
         */
        public Builder config(ExecutionConfig config) { this.config = Objects.requireNonNull(config, "config"); return this; }
        /**
         * Adds listeners that receive the events of every run, in the given order, after those added before.
         *
         * @param l the listeners
         * @return this builder
         */
        public Builder listeners(List<ExecutionListener> l) { listeners.addAll(l); return this; }
        /** Alert sinks; a {@link LoggingAlertSink} when none is given. */
        public Builder alertSinks(List<AlertSink> s) { sinks.addAll(s); return this; }
        /**
         * The timer of backoffs and time limits; {@link ExecutionTimer#system()} by default. The executor owns it:
         * closing the executor closes it, also a timer given here.
         */
        public Builder timer(ExecutionTimer timer) { this.timer = Objects.requireNonNull(timer, "timer"); return this; }
        /**
         * The clock of event and alert timestamps and of the tracker's wall-clock times; the system clock by default.
         * Step durations use a monotonic clock instead.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }
        /** The monotonic clock of durations, for tests; {@code System::nanoTime} by default. */
        Builder nanoTime(LongSupplier nanoTime) { this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime"); return this; }
        /** The source of backoff jitter. */
        public Builder random(RandomGenerator random) { this.random = Objects.requireNonNull(random, "random"); return this; }
        /**
         * Where the executor's meters (step timers, attempt and failure counters, the concurrency gauges) and those of
         * the Resilience4j guards are registered; a private {@code SimpleMeterRegistry} by default.
         *
         * @param meters the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry meters) { this.meters = Objects.requireNonNull(meters, "meters"); return this; }
        /** The project whose {@code .continuity/} keeps dead letters and the idempotency journal; none by default. */
        public Builder stateRoot(Path projectRoot) { this.stateRoot = Optional.of(projectRoot); return this; }

        /**
         * The executor. It registers its gauges with the meter registry, and starts the alert sinks' threads (and the
         * default timer's), which {@link DagExecutor#close()} stops.
         *
         * @return the executor
         */
        public DagExecutor build() {
            return new DagExecutor(this);
        }
    }
}
