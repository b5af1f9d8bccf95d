package dev.continuity.api;

/**
 * A transient failure: a handler throws it (or an exception whose cause chain contains it) when trying again may
 * succeed — a timeout, a rate limit, a 503. Only retryable failures are retried; anything else fails the step at once
 * (and may fall back). Time-outs of the executor itself and connection failures ({@link java.net.ConnectException},
 * {@link java.net.SocketTimeoutException}, {@link java.net.http.HttpTimeoutException}) count as retryable too.
 */
public class RetryableException extends OrchestratorException {
    public RetryableException(String message) {
        super(message);
    }

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
