package dev.continuity.api;

/**
 * The root of every exception Continuity throws about a project, a run or a plugin. Unchecked.
 * Bad arguments are {@link IllegalArgumentException}s and bad states {@link IllegalStateException}s, as usual.
 */
public class OrchestratorException extends RuntimeException {
    /**
     * A failure without an underlying cause.
     *
     * @param message the whole message
     */
    public OrchestratorException(String message) {
        super(message);
    }

    /**
     * A failure caused by another exception.
     *
     * @param message what the failure meant for the run
     * @param cause   the underlying exception, or {@code null}
     */
    public OrchestratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
