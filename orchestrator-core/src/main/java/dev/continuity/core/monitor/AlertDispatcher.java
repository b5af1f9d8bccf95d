package dev.continuity.core.monitor;

import dev.continuity.api.Alert;
import dev.continuity.api.spi.AlertSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Feeds alerts to sinks without ever blocking the caller: each sink has a bounded queue and its own virtual thread;
 * when a queue is full the alert is dropped for that sink and counted ({@code continuity.alerts.dropped{sink}}).
 * What a sink throws is caught, logged and counted ({@code continuity.plugin.failures{plugin}}).
 */
public final class AlertDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
    private final List<Worker> workers = new ArrayList<>();

    public AlertDispatcher(List<AlertSink> sinks, int capacity, MeterRegistry meters) {
        for (AlertSink sink : sinks) {
            workers.add(new Worker(sink, capacity, meters));
        }
    }

    /** Queues an alert for every sink; returns at once. */
    public void offer(Alert alert) {
        for (Worker w : workers) {
            w.offer(alert);
        }
    }

    /** Delivers what is queued (waiting at most {@code timeout} per sink), then stops. */
    public void close(Duration timeout) {
        workers.forEach(Worker::stop);
        for (Worker w : workers) {
            w.await(timeout);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    private static final class Worker {
        private static final Alert POISON = new Alert(dev.continuity.api.Severity.INFO, "-", "-", java.time.Instant.EPOCH);
        private final AlertSink sink;
        private final String id;
        private final BlockingQueue<Alert> queue;
        private final Counter dropped;
        private final Counter failures;
        private final Thread thread;
        private volatile boolean stopping;

        Worker(AlertSink sink, int capacity, MeterRegistry meters) {
            this.sink = sink;
            this.id = safeId(sink);
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.dropped = meters.counter("continuity.alerts.dropped", "sink", id);
            this.failures = meters.counter("continuity.plugin.failures", "plugin", id);
            this.thread = Thread.ofVirtual().name("continuity-alert-sink-" + id).unstarted(this::loop);
            this.thread.start();
        }

        void offer(Alert alert) {
            if (stopping || !queue.offer(alert)) {
                dropped.increment();
            }
        }

        private void loop() {
            while (true) {
                Alert a;
                try {
                    a = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (a == POISON) {
                    return;
                }
                try {
                    sink.send(a);
                } catch (RuntimeException | LinkageError e) {
                    failures.increment();
                    LOG.warn("alert sink {} failed; the alert '{}' is lost for it", id, a.message(), e);
                }
            }
        }

        void stop() {
            stopping = true;
            if (!queue.offer(POISON)) {
                thread.interrupt();
            }
        }

        void await(Duration timeout) {
            try {
                if (!thread.join(timeout)) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String safeId(AlertSink s) {
            try {
                return s.id();
            } catch (RuntimeException e) {
                return s.getClass().getName();
            }
        }
    }
}
