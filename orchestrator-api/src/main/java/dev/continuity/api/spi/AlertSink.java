package dev.continuity.api.spi;

import dev.continuity.api.Alert;

/**
 * Delivers alerts somewhere (a log, a webhook, a pager). Each sink is fed from its own bounded queue on its own
 * thread, so a slow or failing sink never blocks a run; when the queue is full, alerts for that sink are dropped and
 * counted. What {@link #send} throws is caught, logged and counted.
 */
@FunctionalInterface
public interface AlertSink {

    /**
     * Delivers one alert; may block (it runs on the sink's own thread), and what it throws is caught, logged and counted.
     *
     * @param alert the alert to deliver, never {@code null}
     */
    void send(Alert alert);

    /**
     * Names the sink's thread ({@code continuity-alert-sink-<id>}) and tags its meters: {@code continuity.alerts.dropped{sink}}
     * and {@code continuity.plugin.failures{plugin}}. By default the class's simple name; for a lambda the declaring
     * class's simple name and {@code -lambda} (e.g. {@code MyApp-lambda}), for an anonymous class the enclosing
     * class's and {@code -anonymous}: bounded, the same in every JVM. Override it to tell two such sinks apart.
     *
     * @return the sink's id
     */
    default String id() {
        return dev.continuity.api.internal.PluginIds.defaultId(getClass());
    }
}
