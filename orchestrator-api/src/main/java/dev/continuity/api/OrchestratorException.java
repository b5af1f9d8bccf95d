package dev.continuity.api;

/**
 * The root of every exception Continuity throws about a project, a run or a plugin. Unchecked.
 * Bad arguments are {@link IllegalArgumentException}s and bad states {@link IllegalStateException}s, as usual.
 */
public class OrchestratorException extends RuntimeException {
    /** A failure without an underlying cause; {@code message} is the whole message. */
    public OrchestratorException(String message) {
        super(message);
    }

    /** A failure caused by {@code cause}; {@code message} says what it meant for the run. */
    public OrchestratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
