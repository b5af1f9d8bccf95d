package dev.continuity.api.spi;

import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.FileKind;

import java.time.Duration;
import java.util.Optional;

/**
 * Performs one update step on one file: reads through {@link StepContext#project()}, writes through
 * {@link StepContext#writer()}. Throwing fails the step; the run then rolls back.
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
     * Undoes side effects outside the project (saga compensation), run in reverse order when the run rolls back.
     * Writes inside the project need none: the transaction undoes them.
     */
    default Optional<Runnable> compensation(StepContext context) {
        return Optional.empty();
    }
}
