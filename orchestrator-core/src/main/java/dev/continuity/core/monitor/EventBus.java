package dev.continuity.core.monitor;

import dev.continuity.api.ExecutionEvent;
import dev.continuity.api.spi.ExecutionListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Delivers events to the registered listeners, in registration order, on the calling thread. What a listener throws
 * is caught, logged with its id and counted in {@code continuity.plugin.failures{plugin=<id>}}; the run goes on.
 */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final List<ExecutionListener> listeners;
    private final MeterRegistry meters;

    public EventBus(List<ExecutionListener> listeners, MeterRegistry meters) {
        this.listeners = List.copyOf(listeners);
        this.meters = meters;
    }

    public void publish(ExecutionEvent event) {
        for (ExecutionListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                String id = safeId(l);
                LOG.warn("execution listener {} failed on {}; ignored", id, event.getClass().getSimpleName(), e);
                meters.counter("continuity.plugin.failures", "plugin", id).increment();
            }
        }
    }

    /** Whether anyone listens (so that events need not be built). */
    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    private static String safeId(ExecutionListener l) {
        try {
            return l.id();
        } catch (RuntimeException e) {
            return l.getClass().getName();
        }
    }
}
