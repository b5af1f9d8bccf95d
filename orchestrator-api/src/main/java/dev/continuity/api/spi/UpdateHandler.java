package dev.continuity.api.spi;

import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.FileKind;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Performs one update step on one file: reads through {@link StepContext#project()}, writes through
 * {@link StepContext#writer()}. Throwing fails the attempt: a {@link dev.continuity.api.RetryableException} is retried by
 * the service's retry policy, anything else fails the step (or hands it to a {@link #fallbacks() fallback}); a step
 * that fails for good is kept in the dead-letter store, and the run rolls back. A step that exceeds its service's time
 * limit is interrupted, and whatever it writes afterwards is refused.
 *
 * <p>Not a functional interface: a handler must also say which steps it {@link #supports supports} (none by default),
 * and a lambda cannot. {@link #of(String, BiPredicate, Action)} builds one from lambdas:
 * <pre>{@code
 * UpdateHandler stamp = UpdateHandler.of("stamp",
 *         (kind, type) -> kind == FileKind.MANUSCRIPT,
 *         ctx -> {
 *             String file = ctx.step().file();
 *             ctx.writer().writeText(file, ctx.project().text(file).orElse("") + "\n<!-- checked -->\n");
 *             return HandlerResult.updated("stamped");
 *         });
 * }</pre>
 */
public interface UpdateHandler {

    /** What a handler built by {@link #of} does with a step. */
    @FunctionalInterface
    interface Action {
        /**
         * Performs the step, as {@link UpdateHandler#apply}.
         *
         * @param context the step, the project, the writer and the clock
         * @return what the handler did
         * @throws Exception to fail the attempt; a {@link dev.continuity.api.RetryableException} is retried
         */
        HandlerResult apply(StepContext context) throws Exception;
    }

    /**
     * A handler with the given id that supports the steps {@code supports} accepts and performs them with
     * {@code action}; every other property keeps its default.
     *
     * @param id       the handler's id; not blank
     * @param supports which file kinds and update types it handles
     * @param action   what it does with a step
     * @return the handler
     * @throws IllegalArgumentException when {@code id} is blank
     */
    static UpdateHandler of(String id, BiPredicate<FileKind, EnhancedUpdateType> supports, Action action) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(supports, "supports");
        Objects.requireNonNull(action, "action");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a handler id must not be blank");
        }
        return new UpdateHandler() {
            @Override
            public HandlerResult apply(StepContext context) throws Exception {
                return action.apply(context);
            }

            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean supports(FileKind kind, EnhancedUpdateType type) {
                return supports.test(kind, type);
            }

            @Override
            public String toString() {
                return "UpdateHandler[" + id + "]";
            }
        };
    }

    /**
     * Performs the step: reads through {@code context.project()} and stages its writes through {@code context.writer()}.
     *
     * @param context the step, the change, the project, the writer and the clock
     * @return what the handler did; a failure is reported by throwing
     * @throws Exception to fail the attempt: a {@link dev.continuity.api.RetryableException} (or one in the cause chain)
     *                   is retried by the service's retry policy, anything else fails the step or hands it to a fallback
     */
    HandlerResult apply(StepContext context) throws Exception;

    /**
     * A stable id, used in plans, logs, metrics and errors; keep it unique, a second handler with the same id is
     * refused. By default the class's simple name; for an anonymous class the enclosing class's simple name and
     * {@code -anonymous} (e.g. {@code MyApp-anonymous}): bounded, the same in every JVM, but shared by the anonymous
     * handlers of one class, so give them an id ({@link #of} takes one).
     *
     * @return the handler's id
     */
    default String id() {
        return dev.continuity.api.internal.PluginIds.defaultId(getClass());
    }

    /**
     * Whether this handler updates files of {@code kind} for updates of {@code type}. None by default: a handler that
     * supports nothing runs only as another handler's {@link #fallbacks() fallback}, and the orchestrator's builder
     * warns of one that no handler or service names as a fallback (and refuses a lambda, which can never support anything).
     *
     * @param kind the kind of the step's file
     * @param type an enhanced update type in effect for the request
     * @return whether this handler updates such files for such updates
     */
    default boolean supports(FileKind kind, EnhancedUpdateType type) {
        return false;
    }

    /**
     * {@return this handler's priority: among the handlers that support a step, the highest is chosen; 0 by default}
     * Ties go to the handlers registered with the orchestrator's builder, in the order registered, then to those found
     * by discovery, then to the built-in ones (review marking has priority 0, rename propagation 10, derived-index regeneration 20).
     */
    default int priority() {
        return 0;
    }

    /** {@return the service the handler calls, whose resilience settings apply; {@code local} for none, the default} */
    default String service() {
        return "local";
    }

    /** {@return a prior estimate of a step's duration, refined from history; 50 ms by default} */
    default Duration estimatedDuration() {
        return Duration.ofMillis(50);
    }

    /** {@return a prior estimate of the probability, in [0, 1], that a step fails, refined from history; 0.01 by default} */
    default double failureProbability() {
        return 0.01;
    }

    /**
     * Ids of handlers to try, in order, when this handler fails a step for good (after its retries): e.g. an LLM
     * rewrite falls back to {@code review-marking}. Each fallback runs with its own service's resilience settings.
     * Fallbacks configured for the service (builder or {@code continuity.yaml}) are tried after these.
     *
     * @return the fallbacks' ids, in order; none by default
     */
    default List<String> fallbacks() {
        return List.of();
    }

    /**
     * Undoes side effects outside the project (saga compensation), run in reverse order when the run rolls back.
     * Writes inside the project need none: the transaction undoes them.
     *
     * @param context the step whose side effects to undo
     * @return what undoes them; empty (the default) when there is nothing to undo
     */
    default Optional<Runnable> compensation(StepContext context) {
        return Optional.empty();
    }
}
