package dev.continuity.api;

import java.time.Duration;

/** A submitted request waited in the queue longer than the queue timeout and was dropped without running. */
public class QueueTimeoutException extends OrchestratorException {
    private final Duration waited;

    public QueueTimeoutException(RequestPriority priority, Duration waited) {
        super("a " + priority + " request waited " + waited.toMillis() + " ms in the queue, longer than the queue timeout; it was not run");
        this.waited = waited;
    }

    /** How long it waited. */
    public Duration waited() {
        return waited;
    }
}
