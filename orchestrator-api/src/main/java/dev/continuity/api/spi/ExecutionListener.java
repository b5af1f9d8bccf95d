package dev.continuity.api.spi;

import dev.continuity.api.ExecutionEvent;

/**
 * Receives the events of every run of an orchestrator. Called on the executor's threads, concurrently for different
 * steps: keep it fast and thread-safe, and hand heavy work to your own executor. What it throws is caught, logged,
 * counted ({@code continuity.plugin.failures}) and otherwise ignored: a listener never fails a run.
 */
@FunctionalInterface
public interface ExecutionListener {

    /**
     * Receives one event, on the thread that produced it; listeners are called in registration order.
     *
     * @param event the event, never {@code null}
     */
    void onEvent(ExecutionEvent event);

    /**
     * Names the listener in the log and in {@code continuity.plugin.failures} when {@link #onEvent} throws. By default
     * the class's simple name; for a lambda the declaring class's simple name and {@code -lambda} (e.g.
     * {@code MyApp-lambda}), for an anonymous class the enclosing class's and {@code -anonymous}: bounded, the same in
     * every JVM. Override it to tell two such listeners apart.
     *
     * @return the listener's id
     */
    default String id() {
        return dev.continuity.api.internal.PluginIds.defaultId(getClass());
    }
}
