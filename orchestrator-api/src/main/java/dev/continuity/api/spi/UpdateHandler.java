package dev.continuity.api.spi;

import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.FileKind;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Performs one update step on one file: reads through {@link StepContext#project()}, writes through
 * {@link StepContext#writer()}. Throwing fails the attempt: a {@link dev.continuity.api.RetryableException} is retried by
 * the service's retry policy, anything else fails the step (or hands it to a {@link #fallbacks() fallback}); a step
 * that fails for good is kept in the dead-letter store, and the run rolls back. A step that exceeds its service's time
 * limit is interrupted, and whatever it writes afterwards is refused.
 */
@FunctionalInterface
public interface UpdateHandler {

    /** Performs the step. */
    HandlerResult apply(StepContext context) throws Exception;

    /** A stable id, used in plans, logs, metrics and errors. */
    default String id() {
        return getClass().getSimpleName();
    }

    /** Whether this handler updates files of {@code kind} for updates of {@code type}. */
    default boolean supports(FileKind kind, EnhancedUpdateType type) {
        return false;
    }

    /** Among the handlers that support a step, the highest priority is chosen. */
    default int priority() {
        return 0;
    }

    /** The service the handler calls; resilience settings are per service. {@code local} for none. */
    default String service() {
        return "local";
    }

    /** A prior estimate of the step's duration, refined from history. */
    default Duration estimatedDuration() {
        return Duration.ofMillis(50);
    }

    /** A prior estimate of the probability that a step fails, refined from history. */
    default double failureProbability() {
        return 0.01;
    }

    /**
     * Ids of handlers to try, in order, when this handler fails a step for good (after its retries): e.g. an LLM
     * rewrite falls back to {@code review-marking}. Each fallback runs with its own service's resilience settings.
     * Fallbacks configured for the service (builder or {@code continuity.yaml}) are tried after these.
     */
    default List<String> fallbacks() {
        return List.of();
    }

    /**
     * Undoes side effects outside the project (saga compensation), run in reverse order when the run rolls back.
     * Writes inside the project need none: the transaction undoes them.
     */
    default Optional<Runnable> compensation(StepContext context) {
        return Optional.empty();
    }
}
