package dev.continuity.core;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.QueueFullException;
import dev.continuity.api.QueueTimeoutException;
import dev.continuity.api.RequestPriority;
import dev.continuity.core.execute.ExecutionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Backpressure for hosts that submit many requests: a bounded queue served one request at a time, the most urgent
 * priority first and, within one, the oldest first. A full queue refuses a request with a {@link QueueFullException}
 * unless a less urgent one waits, which is then evicted (its future fails with the same exception). A request that
 * waits longer than the queue timeout fails with a {@link QueueTimeoutException}. Memory is bounded by the capacity.
 * Cancelling a request's future takes it out of the queue while it waits, and cancels its run while its steps run
 * ({@code cancel(executionId)}: nothing of it is committed); a run already healing or committing completes.
 */
final class RequestQueue implements AutoCloseable {
    private final int capacity;
    private final Duration timeout;
    private final ExecutionTimer timer;
    private final MeterRegistry meters;
    private final BiFunction<ConsistencyUpdateRequest, MLConfiguration, EnhancedUpdateResponse> runner;
    private final java.util.function.Predicate<String> canceller;
    /** The request the worker runs now, and the worker's thread. */
    private volatile Queued current;
    private volatile Thread worker;
    private final Map<RequestPriority, ArrayDeque<Queued>> queues = new EnumMap<>(RequestPriority.class);
    private int size;
    private boolean working;
    private boolean closed;

    private final class Queued {
        final ConsistencyUpdateRequest request;
        final MLConfiguration ml;
        final RequestPriority priority;
        final CompletableFuture<EnhancedUpdateResponse> future = new CompletableFuture<>();
        final long enqueuedNanos = System.nanoTime();
        /** The run's id, once its steps started. */
        volatile String executionId;
        ExecutionTimer.Cancellable expiry = () -> { };

        Queued(ConsistencyUpdateRequest request, MLConfiguration ml, RequestPriority priority) {
            this.request = request;
            this.ml = ml;
            this.priority = priority;
        }
    }

    RequestQueue(int capacity, Duration timeout, ExecutionTimer timer, MeterRegistry meters,
                 BiFunction<ConsistencyUpdateRequest, MLConfiguration, EnhancedUpdateResponse> runner, java.util.function.Predicate<String> canceller) {
        this.capacity = capacity;
        this.timeout = timeout;
        this.timer = timer;
        this.meters = meters;
        this.runner = runner;
        this.canceller = canceller;
        for (RequestPriority p : RequestPriority.values()) {
            queues.put(p, new ArrayDeque<>());
        }
        Gauge.builder("continuity.requests.queued", this, RequestQueue::depth).description("requests waiting in the request queue").register(meters);
    }

    synchronized int depth() {
        return size;
    }

    CompletableFuture<EnhancedUpdateResponse> submit(ConsistencyUpdateRequest request, MLConfiguration ml, RequestPriority priority) {
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(ml, "mlConfig");
        java.util.Objects.requireNonNull(priority, "priority");
        Queued q = new Queued(request, ml, priority);
        Queued evicted = null;
        boolean start;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the orchestrator is closed");
            }
            if (size >= capacity) {
                evicted = evictLessUrgentThan(priority);
                if (evicted == null) {
                    count("rejected", priority);
                    throw new QueueFullException(capacity, priority, "the request queue is full (" + capacity + " waiting, none less urgent than "
                            + priority + "); try again later or with a higher priority");
                }
            }
            queues.get(priority).addLast(q);
            size++;
            start = !working;
            working = true;
        }
        count("accepted", priority);
        q.expiry = timer.schedule(timeout, () -> expire(q));
        q.future.whenComplete((r, e) -> {
            if (q.future.isCancelled() && !remove(q)) {
                String id = q.executionId;
                if (id != null) {
                    canceller.test(id);      // running: stop its steps (false when they are done)
                }
            }
        });
        if (evicted != null) {
            evicted.expiry.cancel();
            count("evicted", evicted.priority);
            evicted.future.completeExceptionally(new QueueFullException(capacity, evicted.priority, "a " + evicted.priority
                    + " request was evicted from the full request queue by a " + priority + " request"));
        }
        if (start) {
            Thread.ofVirtual().name("continuity-request-queue").start(this::work);
        }
        return q.future;
    }

    /** The newest of the least urgent waiting requests, if less urgent than {@code priority}; removed. */
    private Queued evictLessUrgentThan(RequestPriority priority) {
        RequestPriority[] all = RequestPriority.values();
        for (int i = all.length - 1; i > priority.ordinal(); i--) {
            ArrayDeque<Queued> q = queues.get(all[i]);
            if (!q.isEmpty()) {
                size--;
                return q.pollLast();
            }
        }
        return null;
    }

    private synchronized Queued next() {
        for (RequestPriority p : RequestPriority.values()) {
            Queued q = queues.get(p).pollFirst();
            if (q != null) {
                size--;
                return q;
            }
        }
        working = false;
        return null;
    }

    private void work() {
        Queued q;
        while ((q = next()) != null) {
            q.expiry.cancel();
            if (q.future.isDone()) {
                continue;
            }
            current = q;
            worker = Thread.currentThread();
            try {
                q.future.complete(runner.apply(q.request, q.ml));
            } catch (RuntimeException | Error e) {
                q.future.completeExceptionally(e);
            } finally {
                current = null;
            }
        }
    }

    /**
     * A run's steps started, on the calling thread: when that is the worker's, the run is its current request's, which
     * can now be cancelled by its id (at once, if its future was cancelled before its steps started).
     */
    void started(String executionId) {
        Queued q = current;
        if (q != null && Thread.currentThread() == worker) {
            q.executionId = executionId;
            if (q.future.isCancelled()) {
                canceller.test(executionId);
            }
        }
    }

    private void expire(Queued q) {
        if (remove(q)) {
            count("timed_out", q.priority);
            q.future.completeExceptionally(new QueueTimeoutException(q.priority, Duration.ofNanos(System.nanoTime() - q.enqueuedNanos)));
        }
    }

    private synchronized boolean remove(Queued q) {
        if (queues.get(q.priority).remove(q)) {
            size--;
            return true;
        }
        return false;
    }

    private void count(String result, RequestPriority p) {
        meters.counter("continuity.requests", "result", result, "priority", p.name().toLowerCase(Locale.ROOT)).increment();
    }

    @Override
    public void close() {
        ArrayDeque<Queued> dropped = new ArrayDeque<>();
        synchronized (this) {
            closed = true;
            queues.values().forEach(dropped::addAll);
            queues.values().forEach(ArrayDeque::clear);
            size = 0;
        }
        dropped.forEach(q -> q.future.completeExceptionally(new IllegalStateException("the orchestrator was closed before the request ran")));
    }
}
