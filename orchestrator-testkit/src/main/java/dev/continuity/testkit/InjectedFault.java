package dev.continuity.testkit;

/**
 * The exception a {@link FaultyHandler} or {@link FaultyStrategy} throws on purpose. A fault injected by a
 * {@link FaultyHandler.Builder#retryable() retryable} handler has a {@link dev.continuity.api.RetryableException} as its
 * cause, so the executor retries it (by its service's retry policy); any other fails the step for good at once.
 */
public final class InjectedFault extends RuntimeException {
    /**
     * A fault without a cause: it fails a step (or a fix) for good, at once.
     *
     * @param message names the plugin and the call, e.g. {@code injected fault #2 in flaky-llm}
     */
    public InjectedFault(String message) {
        super(message);
    }

    /**
     * A fault with a cause (a {@link dev.continuity.api.RetryableException} makes it a transient one).
     *
     * @param message names the plugin and the call
     * @param cause   the cause
     */
    public InjectedFault(String message, Throwable cause) {
        super(message, cause);
    }
}
