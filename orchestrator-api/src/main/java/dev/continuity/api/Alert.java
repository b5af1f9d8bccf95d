package dev.continuity.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the user should know about a run.
 *
 * @param severity how bad
 * @param source   what raised it (a service, a detector, the executor)
 * @param message  what happened
 * @param at       when
 * @param kind     what kind of event it is, for routing alerts without reading their message; {@link Kind#OTHER} when
 *                 null (an alert recorded before alerts had a kind)
 */
public record Alert(Severity severity, String source, String message, Instant at, Kind kind) {

    /** What kind of event an alert tells of. */
    public enum Kind {
        /** A step failed for good: its retries and fallbacks are spent, or its failure is not one to retry. */
        STEP_FAILED,
        /** A service's circuit breaker opened: its calls fail fast for a while. */
        CIRCUIT_OPEN,
        /** The run switched to isolated mode: one step at a time, no retries, failing fast. */
        ISOLATED_MODE,
        /** A handler's call took far longer than its usual duration. */
        LATENCY_ANOMALY,
        /** A service's error rate rose far above its usual rate. */
        ERROR_RATE_ANOMALY,
        /** Any other alert, such as one a plugin raised. */
        OTHER
    }

    /** Rejects a blank {@code source} or {@code message}; a null {@code kind} is {@link Kind#OTHER}. */
    public Alert {
        Objects.requireNonNull(severity, "severity");
        Copies.requireText(source, "source");
        Copies.requireText(message, "message");
        Objects.requireNonNull(at, "at");
        kind = kind == null ? Kind.OTHER : kind;
    }

    /**
     * An alert of kind {@link Kind#OTHER}.
     *
     * @param severity how bad
     * @param source   what raised it
     * @param message  what happened
     * @param at       when
     */
    public Alert(Severity severity, String source, String message, Instant at) {
        this(severity, source, message, at, Kind.OTHER);
    }
}
