package dev.continuity.api;

import java.time.Duration;

/** A submitted request waited in the queue longer than the queue timeout and was dropped without running. */
public class QueueTimeoutException extends OrchestratorException {
    /** How long the request waited before it was dropped. */
    private final Duration waited;

    /** A request of {@code priority} was dropped after waiting {@code waited}. */
    public QueueTimeoutException(RequestPriority priority, Duration waited) {
        super("a " + priority + " request waited " + waited.toMillis() + " ms in the queue, longer than the queue timeout; it was not run");
        this.waited = waited;
    }

    /** How long it waited. */
    public Duration waited() {
        return waited;
    }
}
