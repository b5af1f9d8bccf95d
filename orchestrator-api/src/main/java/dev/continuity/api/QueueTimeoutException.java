package dev.continuity.api;

import java.time.Duration;

/** A submitted request waited in the queue longer than the queue timeout and was dropped without running. */
public class QueueTimeoutException extends OrchestratorException {
    /** How long the request waited before it was dropped. */
    private final Duration waited;

    /**
     * A request dropped because it waited too long.
     *
     * @param priority the priority of the dropped request
     * @param waited   how long it waited in the queue
     */
    public QueueTimeoutException(RequestPriority priority, Duration waited) {
        super("a " + priority + " request waited " + waited.toMillis() + " ms in the queue, longer than the queue timeout; it was not run");
        this.waited = waited;
    }

    /** {@return how long the request waited in the queue before it was dropped} */
    public Duration waited() {
        return waited;
    }
}
