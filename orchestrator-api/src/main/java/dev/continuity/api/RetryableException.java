package dev.continuity.api;

/**
 * A transient failure: a handler throws it (or an exception whose cause chain contains it) when trying again may
 * succeed — a timeout, a rate limit, a 503. Only retryable failures are retried; anything else fails the step at once
 * (and may fall back). Time-outs of the executor itself and connection failures ({@link java.net.ConnectException},
 * {@link java.net.SocketTimeoutException}, {@code java.net.http.HttpTimeoutException}) count as retryable too.
 */
public class RetryableException extends OrchestratorException {
    /**
     * A transient failure; the step is tried again by its service's retry policy.
     *
     * @param message what went wrong
     */
    public RetryableException(String message) {
        super(message);
    }

    /**
     * A transient failure caused by another exception.
     *
     * @param message what went wrong
     * @param cause   the underlying failure (a time-out, a 429, a 503), or {@code null}
     */
    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
