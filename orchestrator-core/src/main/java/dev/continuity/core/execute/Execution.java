package dev.continuity.core.execute;

import dev.continuity.api.Alert;
import dev.continuity.api.ChangeContext;
import dev.continuity.api.ExecutionCancelledException;
import dev.continuity.api.ExecutionEvent;
import dev.continuity.api.FileChange;
import dev.continuity.api.OrchestratorException;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.RetryableException;
import dev.continuity.api.Severity;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.api.spi.ProjectWriter;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.monitor.AnomalyDetector;
import dev.continuity.core.project.ProjectScanner;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** One run of a {@link DagExecutor}: the scheduling state of its steps. */
final class Execution {
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
    private static final byte WAITING = 0;
    private static final byte READY = 1;
    private static final byte ACTIVE = 2;
    private static final byte BACKOFF = 3;
    private static final byte DONE = 4;
    private static final byte FAILED = 5;
    private static final byte SKIPPED = 6;

    private final DagExecutor ex;
    private final DagExecutor.Run run;
    private final PlanGraph graph;
    private final ExecutionTracker tracker;
    private final StagingProjectWriter writer;
    private final String executionId;
    private final double sensitivity;
    private final int[] pending;
    private final byte[] state;
    private final boolean[] counted;
    private final StepRun[] runs;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allDone = lock.newCondition();
    private final List<StepResult> results;
    private final Set<String> openCircuitsSeen = new HashSet<>();
    private final Map<String, IdempotencyJournal.Entry> journaled;
    private int remaining;
    private int running;
    private int ready;
    private boolean isolated;
    private long attempts;
    private long failedAttempts;
    private int prefix;
    private int checkpointsEmitted;
    private volatile boolean cancelled;
    /** How long a cancelled run waits for its interrupted handlers to stop. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);
    /** Cancelled by the caller ({@link #cancelByCaller}), not by the orchestrator's close. */
    private volatile boolean cancelledByCaller;
    /** {@link #await} returned the results: too late to cancel. Guarded by the lock. */
    private boolean finished;
    /** The attempts whose handler may be running now, to interrupt when the caller cancels. */
    private final Set<Attempt> live = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Execution(DagExecutor ex, DagExecutor.Run run) {
        this.ex = ex;
        this.run = run;
        this.tracker = run.tracker();
        this.graph = tracker.graph();
        this.writer = run.writer();
        this.executionId = run.executionId();
        this.sensitivity = run.mlConfig().anomalyDetectionSensitivity();
        int n = graph.size();
        this.pending = new int[n];
        this.state = new byte[n];
        this.counted = new boolean[n];
        this.runs = new StepRun[n];
        this.remaining = n;
        this.results = new ArrayList<>(n);
        this.journaled = ex.journal.map(j -> j.load(executionId)).orElse(Map.of());
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                pending[i] = graph.preds[i].length;
                if (pending[i] == 0) {
                    enqueue(i);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A service's queue of ready steps, by priority. */
    private static final class Lane {
        final ServiceGuards.Guard guard;
        final IntHeap ready = new IntHeap();

        Lane(ServiceGuards.Guard guard) {
            this.guard = guard;
        }
    }

    /** One step's progress through its handler chain. */
    private final class StepRun {
        final int idx;
        final UpdateStep planned;
        final List<String> chain;
        int position;
        UpdateStep step;
        UpdateHandler handler;
        ServiceGuards.Guard guard;
        Retry.AsyncContext<Object> retry;
        int attempts;
        String lastError = "";
        String lastErrorType = "";

        StepRun(int idx) {
            this.idx = idx;
            this.planned = graph.steps[idx];
            this.chain = chain(planned);
            use(0);
        }

        void use(int position) {
            this.position = position;
            String id = chain.get(position);
            handler = run.handlers().get(id);
            String service = position == 0 ? planned.service() : serviceOf(handler, planned.service());
            step = position == 0 ? planned : new UpdateStep(planned.id(), planned.file(), planned.kind(), id, service, planned.dependsOn(),
                    planned.estimatedDuration(), planned.risk(), planned.failureProbability(), planned.reasons());
            guard = ex.guards.guard(step.service());
            retry = guard.retry().asyncContext();
        }

        boolean hasFallback() {
            return position + 1 < chain.size();
        }
    }

    /** One attempt: who runs it, and whether it is settled (finished, failed or abandoned). */
    private static final class Attempt {
        final int number;
        final StagingProjectWriter.StepToken token;
        final AtomicBoolean settled = new AtomicBoolean();
        volatile Thread thread;
        /** Whether the thread is in the handler's call (or the rate limiter's wait before it): the part a cancel or a time limit may interrupt. */
        private boolean interruptible;
        volatile long startNanos;
        volatile ExecutionTimer.Cancellable timeout;

        Attempt(String stepId, int number) {
            this.number = number;
            this.token = new StagingProjectWriter.StepToken(stepId, number);
        }

        /** The attempt's thread enters the handler's call. */
        synchronized void enterHandler() {
            interruptible = true;
        }

        /**
         * The attempt's thread leaves the handler's call; an interrupt meant for the call and not consumed by it is
         * cleared, so that it cannot break the bookkeeping after it (the journal's writes).
         */
        void leaveHandler() {
            synchronized (this) {
                interruptible = false;
            }
            Thread.interrupted();
        }

        /** Interrupts the handler's call, and only that: not the bookkeeping before or after it. */
        synchronized void interruptHandler() {
            Thread t = thread;
            if (interruptible && t != null) {
                t.interrupt();
            }
        }
    }

    private List<String> chain(UpdateStep step) {
        List<String> own = List.of();
        UpdateHandler h = run.handlers().get(step.handlerId());
        if (h != null) {
            try {
                own = h.fallbacks();
            } catch (RuntimeException e) {
                LOG.warn("handler {} failed in fallbacks(); no handler fallbacks for step {}", step.handlerId(), step.id(), e);
            }
        }
        List<String> configured = ex.guards.config(step.service()).fallbacks();
        if (own.isEmpty() && configured.isEmpty()) {
            return List.of(step.handlerId());
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        ids.add(step.handlerId());
        ids.addAll(own);
        ids.addAll(configured);
        return List.copyOf(ids);
    }

    private static String serviceOf(UpdateHandler h, String dflt) {
        if (h == null) {
            return dflt;
        }
        try {
            String s = h.service();
            return s == null || s.isBlank() ? ServiceConfig.LOCAL : s;
        } catch (RuntimeException e) {
            return ServiceConfig.LOCAL;
        }
    }

    // ---- scheduling ---------------------------------------------------------------------------------------------

    /** Puts a step in its service's ready queue; the lock is held. */
    private void enqueue(int i) {
        String service = runs[i] != null ? runs[i].step.service() : graph.steps[i].service();
        Lane lane = lanes.get(service);
        if (lane == null) {
            lane = new Lane(ex.guards.guard(service));
            lanes.put(service, lane);
        }
        lane.ready.add(i);
        state[i] = READY;
        ready++;
    }

    int readyCount() {
        lock.lock();
        try {
            return ready;
        } finally {
            lock.unlock();
        }
    }

    /** Starts as many ready steps as the limits allow, best priority first. */
    void dispatch() {
        List<Runnable> starts = null;
        lock.lock();
        try {
            List<Lane> full = null;
            while (!cancelled && ready > 0 && !(isolated && running >= 1)) {
                Lane best = null;
                for (Lane l : lanes.values()) {
                    if (!l.ready.isEmpty() && (best == null || l.ready.peek() < best.ready.peek())
                            && (full == null || !full.contains(l)) && l.guard.bulkheadAvailable()) {
                        best = l;
                    }
                }
                if (best == null || !ex.limit.tryAcquire()) {
                    break;
                }
                if (!best.guard.bulkhead().tryAcquirePermission()) {
                    ex.limit.release();
                    if (full == null) {
                        full = new ArrayList<>();
                    }
                    full.add(best);
                    continue;
                }
                int i = best.ready.poll();
                ready--;
                running++;
                state[i] = ACTIVE;
                StepRun sr = runs[i] != null ? runs[i] : (runs[i] = new StepRun(i));
                sr.attempts++;
                Attempt a = new Attempt(sr.planned.id(), sr.attempts);
                if (starts == null) {
                    starts = new ArrayList<>();
                }
                starts.add(() -> ex.threads.newThread(() -> attempt(sr, a)).start());
            }
        } finally {
            lock.unlock();
        }
        if (starts != null) {
            starts.forEach(Runnable::run);
        }
    }

    List<StepResult> await() {
        dispatch();
        lock.lock();
        try {
            while (remaining > 0 && !cancelled) {
                allDone.await();
            }
            if (cancelledByCaller) {
                awaitInterruptedHandlers();
                throw new ExecutionCancelledException(executionId, "execution " + executionId + " was cancelled; nothing of it is committed");
            }
            if (remaining > 0) {
                throw new OrchestratorException("execution " + executionId + " was cancelled (the orchestrator was closed); nothing of it is committed");
            }
            finished = true;
            return List.copyOf(results);
        } catch (InterruptedException e) {
            // the thread that runs the update was interrupted (a UI's task cancelled, an executor shut down now): the
            // caller cancels it, as cancel(executionId) does; the interrupt is kept for the caller
            cancelByCaller();
            awaitInterruptedHandlers();
            Thread.currentThread().interrupt();
            ExecutionCancelledException cancelled = new ExecutionCancelledException(executionId, "execution " + executionId
                    + " was cancelled (its thread was interrupted); nothing of it is committed");
            cancelled.initCause(e);
            throw cancelled;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives the handlers that were running when the caller cancelled, and have been interrupted, a moment to stop, so
     * that what they did is known (and their compensations kept) before the run is rolled back. Not interruptible: an
     * interrupt meanwhile is kept. Called with the lock held.
     */
    private void awaitInterruptedHandlers() {
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + CANCEL_GRACE.toNanos();
        for (long left = CANCEL_GRACE.toNanos(); running > 0 && left > 0; left = deadline - System.nanoTime()) {
            try {
                allDone.awaitNanos(left);
            } catch (InterruptedException again) {
                interrupted = true;
            }
        }
        if (running > 0) {
            LOG.warn("execution {} was cancelled; {} handler(s) did not stop within {} s of their interrupt and are abandoned", executionId,
                    running, CANCEL_GRACE.toSeconds());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    String executionId() {
        return executionId;
    }

    /**
     * The caller cancels the run: no step starts after this, the handlers running now are interrupted, and
     * {@link #await} throws {@link ExecutionCancelledException}. No retry, fallback, dead letter or alert follows, and
     * an interrupted call counts against no circuit. False when the run's steps have already finished (or it was
     * cancelled before): then it goes on as if this had not been called.
     */
    boolean cancelByCaller() {
        List<Integer> notStarted = new ArrayList<>();
        lock.lock();
        try {
            if (finished || cancelled) {
                return false;
            }
            cancelled = true;
            cancelledByCaller = true;
            for (int i = 0; i < state.length; i++) {
                if (state[i] == WAITING || state[i] == READY || state[i] == BACKOFF) {
                    state[i] = SKIPPED;
                    notStarted.add(i);
                }
            }
            allDone.signalAll();
        } finally {
            lock.unlock();
        }
        for (Attempt a : live) {
            a.interruptHandler();
        }
        for (int i : notStarted) {
            tracker.skipped(i);
            countSkipped(i);
            if (ex.events.hasListeners()) {
                ex.publish(new ExecutionEvent.StepSkipped(executionId, graph.steps[i].id(), "the run was cancelled", ex.clock.instant()));
            }
        }
        return true;
    }

    /** An attempt that was running when the caller cancelled the run ended: it counts as skipped, and frees its slot. */
    private void endedByCancel(StepRun sr) {
        lock.lock();
        try {
            running--;
            ex.limit.release();
            state[sr.idx] = SKIPPED;
            allDone.signalAll();      // await waits for the interrupted handlers to stop
        } finally {
            lock.unlock();
        }
        tracker.skipped(sr.idx);
        countSkipped(sr.idx);
        if (ex.events.hasListeners()) {
            ex.publish(new ExecutionEvent.StepSkipped(executionId, sr.planned.id(), "the run was cancelled", ex.clock.instant()));
        }
        ex.wakeAll();
        settled(List.of(sr.idx));
    }

    /** Counts a skipped step in {@code continuity.steps}, as every finished step is counted. */
    private void countSkipped(int i) {
        ex.counter("continuity.steps", "outcome", "skipped", "handler", graph.steps[i].handlerId(), "service", graph.steps[i].service(),
                "kind", graph.steps[i].kind().name().toLowerCase(Locale.ROOT)).increment();
    }

    /** Stops starting steps; running attempts are abandoned at their next write. */
    void cancel() {
        cancelled = true;
        lock.lock();
        try {
            allDone.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- one attempt, on its own virtual thread -----------------------------------------------------------------

    private void attempt(StepRun sr, Attempt a) {
        a.thread = Thread.currentThread();
        live.add(a);
        try {
            attempt(sr, a, sr.guard);
        } finally {
            live.remove(a);
        }
    }

    private void attempt(StepRun sr, Attempt a, ServiceGuards.Guard g) {
        if (cancelledByCaller && a.settled.compareAndSet(false, true)) {
            g.bulkhead().onComplete();
            endedByCancel(sr);
            return;
        }
        boolean bulkheadHeld = true;
        boolean circuitHeld = false;
        try {
            IdempotencyJournal.Entry entry = journaled.get(sr.planned.id());
            if (entry != null && !ServiceConfig.LOCAL.equals(sr.step.service()) && entry.handlerId().equals(sr.step.handlerId())
                    && entry.file().equals(sr.planned.file()) && entry.inputHash().equals(inputHash(sr.planned.file()))) {
                Optional<Map<String, byte[]>> content = entry.content();
                if (content.isPresent()) {
                    g.bulkhead().onComplete();
                    bulkheadHeld = false;
                    replay(sr, a, entry, content.get());
                    return;
                }
            }
            tracker.started(sr.idx, sr.attempts, sr.step.service());
            if (ex.events.hasListeners()) {
                ex.publish(new ExecutionEvent.StepStarted(executionId, sr.planned.id(), sr.planned.file(), sr.step.handlerId(), sr.step.service(),
                        sr.attempts, ex.clock.instant()));
            }
            if (!g.circuit().tryAcquirePermission()) {
                throw CallNotPermittedException.createCallNotPermittedException(g.circuit());
            }
            circuitHeld = true;
            a.enterHandler();
            HandlerResult result = null;
            Throwable error = null;
            Optional<Runnable> undo = Optional.empty();
            try {
                if (cancelledByCaller) {
                    throw new InterruptedException("the run was cancelled");
                }
                if (g.rateLimiter().isPresent()) {
                    long wait = g.rateLimiter().get().reservePermission();
                    if (wait < 0) {
                        throw RequestNotPermitted.createRequestNotPermitted(g.rateLimiter().get());
                    }
                    ex.timer.sleep(Duration.ofNanos(wait));
                }
                if (sr.handler == null) {
                    throw new IllegalStateException("no handler with id '" + sr.step.handlerId() + "' is registered");
                }
            } catch (InterruptedException | RuntimeException | Error e) {
                a.leaveHandler();
                throw e;
            }
            a.startNanos = ex.nanoTime.getAsLong();
            a.timeout = ex.timer.schedule(g.config().timeout(), () -> timedOut(sr, a));
            writer.bind(a.token);
            try {
                StepContext context = context(sr, a);
                result = sr.handler.apply(context);
                if (result == null) {
                    throw new IllegalStateException("handler '" + sr.step.handlerId() + "' returned null");
                }
                undo = Objects.requireNonNull(sr.handler.compensation(context),
                        () -> "handler '" + sr.step.handlerId() + "' returned null from compensation(); return Optional.empty() for none");
            } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
                error = e;
            } finally {
                a.leaveHandler();
                writer.unbind();
            }
            long took = ex.nanoTime.getAsLong() - a.startNanos;
            Instant ended = ex.clock.instant();
            a.timeout.cancel();
            circuitHeld = false;
            g.bulkhead().onComplete();
            bulkheadHeld = false;
            if (!a.settled.compareAndSet(false, true)) {
                LOG.debug("step {} attempt {} answered after it was abandoned; its result is ignored", sr.planned.id(), a.number);
                ex.wakeAll();
                return;
            }
            try {
                if (cancelledByCaller) {
                    // the run is cancelled: whatever the handler staged is discarded, but a call that succeeded had its
                    // side effects, so its undo is kept for the rollback; an interrupted call is not the service's failure
                    writer.abandon(a.token);
                    if (error == null) {
                        undo.ifPresent(u -> writer.compensate(sr.planned.id(), sr.step.handlerId(), u));
                        g.circuit().onSuccess(took, TimeUnit.NANOSECONDS);
                    } else {
                        g.circuit().releasePermission();
                    }
                    endedByCancel(sr);
                } else if (error == null) {
                    g.circuit().onSuccess(took, TimeUnit.NANOSECONDS);
                    g.timeLimiter().onSuccess();
                    undo.ifPresent(u -> writer.compensate(sr.planned.id(), sr.step.handlerId(), u));
                    succeeded(sr, a, result, took, ended, false);
                } else {
                    g.circuit().onError(took, TimeUnit.NANOSECONDS, error);
                    g.timeLimiter().onError(error);
                    failed(sr, a, error, took, ended, true);
                }
            } catch (RuntimeException | Error e) {
                fatal(sr, e);
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            // the call did not happen (rejected, no permit, no handler) or our own code failed
            if (circuitHeld) {
                g.circuit().releasePermission();
            }
            if (bulkheadHeld) {
                g.bulkhead().onComplete();
                bulkheadHeld = false;
            }
            if (a.settled.compareAndSet(false, true)) {
                try {
                    if (cancelledByCaller) {
                        writer.abandon(a.token);
                        endedByCancel(sr);
                        return;
                    }
                    failed(sr, a, e, 0, ex.clock.instant(), false);
                } catch (RuntimeException | Error f) {
                    fatal(sr, f);
                }
            } else {
                LOG.warn("step {} attempt {} failed after it was abandoned", sr.planned.id(), a.number, e);
            }
        } finally {
            if (bulkheadHeld) {
                g.bulkhead().onComplete();
                ex.wakeAll();
            }
        }
    }

    /** The time limit of an attempt passed: abandon it, interrupt it, and treat it as a (retryable) failure. */
    private void timedOut(StepRun sr, Attempt a) {
        if (!a.settled.compareAndSet(false, true)) {
            return;
        }
        writer.abandon(a.token);
        a.interruptHandler();
        long took = ex.nanoTime.getAsLong() - a.startNanos;
        Instant ended = ex.clock.instant();
        Duration limit = sr.guard.config().timeout();
        StepTimeoutException e = new StepTimeoutException(sr.planned.id(), sr.step.handlerId(), limit);
        try {
            sr.guard.circuit().onError(took, TimeUnit.NANOSECONDS, e);
            sr.guard.timeLimiter().onError(new TimeoutException(e.getMessage()));
            failed(sr, a, e, took, ended, true);
        } catch (RuntimeException | Error f) {
            fatal(sr, f);
        }
    }

    /** A step that exceeded its time limit. Retryable: with an idempotency key, trying again is safe. */
    static final class StepTimeoutException extends RetryableException {
        StepTimeoutException(String stepId, String handlerId, Duration limit) {
            super("handler '" + handlerId + "' exceeded the time limit of " + limit.toMillis() + " ms on step " + stepId
                    + "; it was interrupted and its writes discarded");
        }
    }

    /** The SHA-256 of a file as the run scanned it ("" when it did not exist). */
    private String inputHash(String file) {
        return run.project().text(file).map(t -> ProjectScanner.hashOf(t.getBytes(java.nio.charset.StandardCharsets.UTF_8))).orElse("");
    }

    private StepContext context(StepRun sr, Attempt a) {
        UpdateStep step = sr.step;
        DagExecutor.Run r = run;
        InstantSource clock = ex.clock;
        int attempt = a.number;
        return new StepContext() {
            @Override public String executionId() { return r.executionId(); }
            @Override public UpdateStep step() { return step; }
            @Override public ChangeContext change() { return r.change(); }
            @Override public PredictiveImpactAnalysis impact() { return r.impact(); }
            @Override public ProjectSnapshot project() { return r.project(); }
            @Override public ProjectWriter writer() { return r.writer(); }
            @Override public InstantSource clock() { return clock; }
            @Override public int attempt() { return attempt; }
        };
    }

    // ---- outcomes -------------------------------------------------------------------------------------------------

    private void replay(StepRun sr, Attempt a, IdempotencyJournal.Entry entry, Map<String, byte[]> content) {
        a.settled.set(true);
        writer.bind(a.token);
        try {
            content.forEach(writer::write);
        } finally {
            writer.unbind();
        }
        StepOutcome outcome = StepOutcome.valueOf(entry.outcome());
        HandlerResult result = new HandlerResult(outcome, "replayed from the idempotency journal (" + entry.key() + "): " + entry.summary());
        sr.attempts = 0;
        succeeded(sr, a, result, 0, ex.clock.instant(), true);
    }

    /**
     * A step succeeded.
     *
     * @param took  the attempt's duration
     * @param ended when the attempt ended, by the orchestrator's clock: the time of its {@code StepSucceeded}, so that a
     *              report's attempt window is the attempt's own, not the bookkeeping's after it
     */
    private void succeeded(StepRun sr, Attempt a, HandlerResult result, long took, Instant ended, boolean replayed) {
        UpdateStep step = sr.step;
        List<FileChange> changes = new ArrayList<>();
        Map<String, byte[]> staged = writer.stagedBy(step.id());
        for (Map.Entry<String, byte[]> e : staged.entrySet()) {
            byte[] old = writer.readOriginal(e.getKey()).orElse(null);
            changes.add(new FileChange(e.getKey(), old == null ? "" : ProjectScanner.hashOf(old), ProjectScanner.hashOf(e.getValue()),
                    step.id(), result.summary()));
        }
        StepOutcome outcome = changes.isEmpty() ? StepOutcome.UNCHANGED : result.outcome();
        if (!replayed && !ServiceConfig.LOCAL.equals(step.service())) {
            ex.journal.ifPresent(j -> j.append(executionId, executionId + ":" + step.id(), step.id(), step.file(), inputHash(step.file()),
                    step.handlerId(), outcome.name(), result.summary(), staged));
        }
        if (replayed) {
            tracker.replayed(sr.idx);
        } else {
            tracker.succeeded(sr.idx, took);
        }
        StepResult r = new StepResult(step.id(), step.file(), step.handlerId(), outcome, result.summary(), Duration.ofNanos(took), sr.attempts,
                Optional.empty(), changes);
        List<ExecutionEvent> checkpoints = null;
        lock.lock();
        try {
            results.add(r);
            state[sr.idx] = DONE;
            if (!replayed) {
                attempts++;
            }
            running--;
            ex.limit.release();
            for (int s : graph.succs[sr.idx]) {
                if (--pending[s] == 0 && state[s] == WAITING) {
                    enqueue(s);
                }
            }
            if (sr.idx == prefix) {
                while (prefix < state.length && state[prefix] == DONE) {
                    prefix++;
                }
                while (checkpointsEmitted < graph.checkpointPositions.length && graph.checkpointPositions[checkpointsEmitted] < prefix) {
                    if (checkpoints == null) {
                        checkpoints = new ArrayList<>();
                    }
                    checkpoints.add(new ExecutionEvent.CheckpointReached(executionId, graph.checkpointSteps[checkpointsEmitted], results.size(),
                            ex.clock.instant()));
                    checkpointsEmitted++;
                }
            }
        } finally {
            lock.unlock();
        }
        // release the next steps first: the bookkeeping below is off the critical path
        ex.wakeAll();
        if (!replayed) {
            ex.limit.onSample(step.service(), took, false);
            ex.timer("continuity.step.duration", "service", step.service(), "handler", step.handlerId(), "outcome", "success")
                    .record(took, TimeUnit.NANOSECONDS);
            sr.retry.onComplete();
            observe(step.service(), step.handlerId(), took, false);
        }
        ex.counter("continuity.steps", "outcome", outcome.name().toLowerCase(Locale.ROOT), "handler", step.handlerId(),
                "service", step.service(), "kind", step.kind().name().toLowerCase(Locale.ROOT)).increment();
        if (ex.events.hasListeners()) {
            ex.publish(new ExecutionEvent.StepSucceeded(executionId, step.id(), outcome, step.handlerId(), Duration.ofNanos(took), sr.attempts,
                    replayed, ended));
            if (checkpoints != null) {
                checkpoints.forEach(ex::publish);
            }
        }
        settled(List.of(sr.idx));
    }

    /** Counts steps as finished (once each) when their events are out; the run returns when none is left. */
    private void settled(List<Integer> steps) {
        lock.lock();
        try {
            for (int i : steps) {
                if (!counted[i]) {
                    counted[i] = true;
                    remaining--;
                }
            }
            if (remaining == 0) {
                allDone.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Our own bookkeeping failed on a step (a bug, or an I/O error of the journal): the step fails, its dependents are
     * skipped, and the run goes on rather than waiting for it forever.
     */
    private void fatal(StepRun sr, Throwable e) {
        LOG.error("internal error while finishing step {}; the step fails", sr.planned.id(), e);
        List<Integer> done = new ArrayList<>();
        done.add(sr.idx);
        List<Integer> skipped = List.of();
        boolean failedHere = false;
        String error = "internal error: " + e;
        lock.lock();
        try {
            if (state[sr.idx] == ACTIVE) {
                running--;
                ex.limit.release();
            }
            if (state[sr.idx] != DONE && state[sr.idx] != FAILED) {
                state[sr.idx] = FAILED;
                results.add(new StepResult(sr.planned.id(), sr.planned.file(), sr.step.handlerId(), StepOutcome.FAILED, "failed", Duration.ZERO,
                        sr.attempts, Optional.of(error), List.of()));
                skipped = skipDependents(sr.idx, sr.planned.id());
                done.addAll(skipped);
                failedHere = true;
            }
        } finally {
            lock.unlock();
        }
        try {
            if (failedHere) {
                // the monitor, the meters and the listeners learn of it as of any failure, or the step would show as
                // running for ever and its dependents as pending
                UpdateStep step = sr.step;
                tracker.failed(sr.idx, 0);
                ex.counter("continuity.steps", "outcome", "failed", "handler", step.handlerId(), "service", step.service(),
                        "kind", step.kind().name().toLowerCase(Locale.ROOT)).increment();
                for (int i : skipped) {
                    tracker.skipped(i);
                    countSkipped(i);
                }
                ex.raise(tracker, new Alert(Severity.ERROR, step.service(), "step " + step.id() + " (" + step.file() + ") failed: " + error,
                        ex.clock.instant(), Alert.Kind.STEP_FAILED));
                if (ex.events.hasListeners()) {
                    ex.publish(new ExecutionEvent.StepFailed(executionId, step.id(), error, sr.attempts, false, ex.clock.instant()));
                    for (int i : skipped) {
                        ex.publish(new ExecutionEvent.StepSkipped(executionId, graph.steps[i].id(), "step " + step.id() + " it depends on failed",
                                ex.clock.instant()));
                    }
                }
            }
        } catch (RuntimeException | Error f) {
            LOG.error("internal error while reporting the failure of step {}", sr.planned.id(), f);
        } finally {
            ex.wakeAll();
            settled(done);
        }
    }

    /** Skips every step that (transitively) waits for {@code failed}; the lock is held. */
    private List<Integer> skipDependents(int failed, String failedId) {
        List<Integer> skipped = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(failed);
        while (!queue.isEmpty()) {
            int i = queue.poll();
            for (int s : graph.succs[i]) {
                if (state[s] == WAITING) {
                    state[s] = SKIPPED;
                    skipped.add(s);
                    UpdateStep ss = graph.steps[s];
                    results.add(new StepResult(ss.id(), ss.file(), ss.handlerId(), StepOutcome.SKIPPED, "skipped: step " + failedId + " it depends on failed",
                            Duration.ZERO, 0, Optional.empty(), List.of()));
                    queue.add(s);
                }
            }
        }
        return skipped;
    }

    /**
     * An attempt failed: retry it after a backoff, or hand the step to its next fallback, or fail it for good.
     *
     * @param ended  when the attempt ended (the time of its StepRetried, StepFellBack or StepFailed event)
     * @param called whether the handler was called (a rejected call is neither a load sample nor a circuit failure)
     */
    private void failed(StepRun sr, Attempt a, Throwable error, long took, Instant ended, boolean called) {
        UpdateStep step = sr.step;
        writer.abandon(a.token);
        if (cancelledByCaller) {
            endedByCancel(sr);       // a time limit that passed after the run was cancelled: no retry, no dead letter
            return;
        }
        String message = message(step, error);
        sr.lastError = message;
        sr.lastErrorType = error.getClass().getName();
        boolean rejected = error instanceof CallNotPermittedException;
        if (called) {
            ex.limit.onSample(step.service(), took, true);
            ex.timer("continuity.step.duration", "service", step.service(), "handler", step.handlerId(),
                    "outcome", error instanceof StepTimeoutException ? "timeout" : "failure").record(took, TimeUnit.NANOSECONDS);
            observe(step.service(), step.handlerId(), took, true);
        }
        tracker.attemptFailed(sr.idx);
        List<Alert> alerts = new ArrayList<>();
        boolean retry;
        long delay = -1;
        lock.lock();
        try {
            running--;
            ex.limit.release();
            if (!rejected) {
                attempts++;
                failedAttempts++;
            }
            checkIsolation(step, alerts);
            retry = !isolated && !cancelled;
        } finally {
            lock.unlock();
        }
        if (retry) {
            delay = sr.retry.onError(error);
        }
        alerts.forEach(al -> ex.raise(tracker, al));
        if (delay >= 0) {
            lock.lock();
            try {
                state[sr.idx] = BACKOFF;
            } finally {
                lock.unlock();
            }
            tracker.retrying(sr.idx, TimeUnit.MILLISECONDS.toNanos(delay));
            ex.counter("continuity.step.retries", "service", step.service()).increment();
            if (ex.events.hasListeners()) {
                ex.publish(new ExecutionEvent.StepRetried(executionId, step.id(), a.number, Duration.ofMillis(delay), message, ended));
            }
            ex.timer.schedule(Duration.ofMillis(delay), () -> requeue(sr));
            ex.wakeAll();
            return;
        }
        if (sr.hasFallback() && !cancelled) {
            String from = step.handlerId();
            int next = sr.position + 1;
            while (next < sr.chain.size() && !run.handlers().containsKey(sr.chain.get(next))) {
                LOG.warn("fallback handler '{}' of step {} is not registered; skipped", sr.chain.get(next), step.id());
                next++;
            }
            if (next < sr.chain.size()) {
                sr.use(next);
                LOG.info("step {} falls back from {} to {}: {}", step.id(), from, sr.step.handlerId(), message);
                if (ex.events.hasListeners()) {
                    ex.publish(new ExecutionEvent.StepFellBack(executionId, step.id(), from, sr.step.handlerId(), message, ended));
                }
                requeue(sr);
                return;
            }
        }
        failForGood(sr, took, ended);
    }

    private void requeue(StepRun sr) {
        lock.lock();
        try {
            if (cancelled) {
                return;
            }
            enqueue(sr.idx);
        } finally {
            lock.unlock();
        }
        dispatch();
    }

    private void failForGood(StepRun sr, long took, Instant ended) {
        UpdateStep step = sr.step;
        LOG.warn("step {} ({}) failed for good after {} attempt(s): {}", step.id(), step.file(), sr.attempts, sr.lastError);
        StepResult r = new StepResult(step.id(), step.file(), step.handlerId(), StepOutcome.FAILED, "failed", Duration.ofNanos(took), sr.attempts,
                Optional.of(sr.lastError), List.of());
        List<Integer> skipped;
        lock.lock();
        try {
            results.add(r);
            state[sr.idx] = FAILED;
            skipped = skipDependents(sr.idx, step.id());
        } finally {
            lock.unlock();
        }
        List<Integer> done = new ArrayList<>(skipped.size() + 1);
        done.add(sr.idx);
        done.addAll(skipped);
        try {
            tracker.failed(sr.idx, took);
            ex.counter("continuity.steps", "outcome", "failed", "handler", step.handlerId(), "service", step.service(),
                    "kind", step.kind().name().toLowerCase(Locale.ROOT)).increment();
            boolean lettered = deadLetter(sr);
            ex.raise(tracker, new Alert(Severity.ERROR, step.service(), "step " + step.id() + " (" + step.file() + ") failed for good after "
                    + sr.attempts + " attempt(s)" + (lettered ? " and was dead-lettered" : "") + ": " + sr.lastError, ex.clock.instant(),
                    Alert.Kind.STEP_FAILED));
            for (int s : skipped) {
                tracker.skipped(s);
                countSkipped(s);
            }
            if (ex.events.hasListeners()) {
                ex.publish(new ExecutionEvent.StepFailed(executionId, step.id(), sr.lastError, sr.attempts, lettered, ended));
                for (int s : skipped) {
                    ex.publish(new ExecutionEvent.StepSkipped(executionId, graph.steps[s].id(), "step " + step.id() + " it depends on failed",
                            ex.clock.instant()));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("internal error while reporting the failure of step {}", step.id(), e);
        } finally {
            ex.wakeAll();
            settled(done);
        }
    }

    private boolean deadLetter(StepRun sr) {
        if (ex.deadLetters.isEmpty() || run.dryRun()) {
            return false;        // a dry run changes nothing: there is nothing to re-drive, and a re-drive would write
        }
        UpdateStep step = sr.step;
        try {
            Map<String, Object> context = new LinkedHashMap<>(run.change().attributes());
            ex.deadLetters.get().append(new DeadLetter(executionId + ":" + step.id(), executionId, step.id(), step.file(), step.handlerId(),
                    step.service(), sr.lastErrorType, sr.lastError, sr.attempts, ex.clock.instant().toString(), run.change().updateType().name(),
                    run.types().stream().map(Enum::name).sorted().toList(), run.change().changedFiles(), context, run.mlConfig().modelType(),
                    run.mlConfig().confidenceThreshold(), DeadLetter.PENDING, run.mlConfig().optimizationGoals().stream().map(Enum::name).toList(),
                    run.mlConfig().enableOnlineLearning(), run.mlConfig().anomalyDetectionSensitivity(), run.commitPolicy().name()));
            ex.counter("continuity.dead.letters", "service", step.service()).increment();
            return true;
        } catch (RuntimeException e) {
            LOG.error("cannot keep the dead letter of step {}: {}", step.id(), e.toString(), e);
            return false;
        }
    }

    /** Enters isolated mode when a circuit of this run's services opened or the error rate crossed the threshold; lock held. */
    private void checkIsolation(UpdateStep step, List<Alert> alerts) {
        CircuitBreaker cb = ex.guards.guard(step.service()).circuit();
        CircuitBreaker.State cs = cb.getState();
        String reason = null;
        if ((cs == CircuitBreaker.State.OPEN || cs == CircuitBreaker.State.FORCED_OPEN) && openCircuitsSeen.add(step.service())) {
            alerts.add(new Alert(Severity.ERROR, step.service(), String.format(Locale.ROOT,
                    "circuit of service '%s' is OPEN (failure rate %.0f%%, slow-call rate %.0f%%): its calls fail fast", step.service(),
                    Math.max(0, cb.getMetrics().getFailureRate()), Math.max(0, cb.getMetrics().getSlowCallRate())), ex.clock.instant(),
                    Alert.Kind.CIRCUIT_OPEN));
            reason = "the circuit of service '" + step.service() + "' opened";
        }
        double rate = attempts == 0 ? 0 : (double) failedAttempts / attempts;
        if (reason == null && attempts >= ex.config.isolationMinAttempts() && rate >= ex.config.isolationErrorRate()) {
            reason = String.format(Locale.ROOT, "%d of %d attempts failed (%.0f%% >= %.0f%%)", failedAttempts, attempts, rate * 100,
                    ex.config.isolationErrorRate() * 100);
        }
        if (reason != null && !isolated) {
            isolated = true;
            tracker.isolated();
            ex.counter("continuity.isolations").increment();
            alerts.add(new Alert(Severity.CRITICAL, "executor", "execution " + executionId + " switched to isolated mode (one step at a time, "
                    + "no retries, failing fast) because " + reason, ex.clock.instant(), Alert.Kind.ISOLATED_MODE));
        }
    }

    /** Latency is judged per handler of a service (handlers do different work), the error rate per service. */
    private void observe(String service, String handler, long took, boolean failed) {
        List<AnomalyDetector.Anomaly> found = new ArrayList<>(2);
        if (!failed) {
            ex.anomalies.onLatency(service, handler, took, sensitivity).ifPresent(found::add);
        }
        ex.anomalies.onOutcome(service, failed, sensitivity).ifPresent(found::add);
        for (AnomalyDetector.Anomaly an : found) {
            ex.raise(tracker, new Alert(an.severity(), service, an.message(), ex.clock.instant(),
                    an.metric().equals("latency") ? Alert.Kind.LATENCY_ANOMALY : Alert.Kind.ERROR_RATE_ANOMALY));
        }
    }

    private static String message(UpdateStep step, Throwable e) {
        if (e instanceof CallNotPermittedException) {
            // Resilience4j's own text names the breaker's state when the message is made, not when it refused: a
            // half-open breaker that closes in between reads "is CLOSED and does not permit further calls"
            return "handler '" + step.handlerId() + "' failed on " + step.file() + ": the circuit breaker of service '"
                    + step.service() + "' refused the call (open after failures, or half-open with its trial calls "
                    + "taken)";
        }
        if (e instanceof StepTimeoutException) {
            return "handler '" + step.handlerId() + "' failed on " + step.file() + ": " + e.getMessage();
        }
        return "handler '" + step.handlerId() + "' failed on " + step.file() + ": " + e;
    }

    /** A binary min-heap of ints. */
    static final class IntHeap {
        private int[] heap = new int[16];
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        int peek() {
            return heap[0];
        }

        void add(int v) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= v) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = v;
        }

        int poll() {
            int top = heap[0];
            int last = heap[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (last <= heap[child]) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            if (size > 0) {
                heap[i] = last;
            }
            if (size == 0 && heap.length > 1024) {
                heap = new int[16];
            }
            return top;
        }
    }
}
