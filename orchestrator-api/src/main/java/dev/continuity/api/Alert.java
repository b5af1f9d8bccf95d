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
 */
public record Alert(Severity severity, String source, String message, Instant at) {
    /** Rejects a blank {@code source} or {@code message}. */
    public Alert {
        Objects.requireNonNull(severity, "severity");
        Copies.requireText(source, "source");
        Copies.requireText(message, "message");
        Objects.requireNonNull(at, "at");
    }
}
