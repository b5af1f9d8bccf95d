package dev.continuity.core.alerts;

import dev.continuity.api.Alert;
import dev.continuity.api.spi.AlertSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes alerts to the SLF4J logger {@code dev.continuity.alerts}: {@code INFO} as info, {@code WARNING} as warn,
 * {@code ERROR} and {@code CRITICAL} as error. The default sink when none is registered.
 */
public final class LoggingAlertSink implements AlertSink {
    private static final Logger ALERTS = LoggerFactory.getLogger("dev.continuity.alerts");

    /** A sink that logs to {@code dev.continuity.alerts}; stateless, so instances are interchangeable. */
    public LoggingAlertSink() {}

    @Override
    public void send(Alert alert) {
        switch (alert.severity()) {
            case INFO -> ALERTS.info("[{}] {}: {}", alert.severity(), alert.source(), alert.message());
            case WARNING -> ALERTS.warn("[{}] {}: {}", alert.severity(), alert.source(), alert.message());
            case ERROR, CRITICAL -> ALERTS.error("[{}] {}: {}", alert.severity(), alert.source(), alert.message());
        }
    }

    @Override
    public String id() {
        return "logging";
    }
}
