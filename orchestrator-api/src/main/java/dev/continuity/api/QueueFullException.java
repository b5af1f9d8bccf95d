package dev.continuity.api;

/**
 * The request queue is full: the request was not accepted (or was evicted by a more urgent one). Submit again later,
 * or with a higher priority.
 */
public class QueueFullException extends OrchestratorException {
    private final int capacity;
    private final RequestPriority priority;

    public QueueFullException(int capacity, RequestPriority priority, String message) {
        super(message);
        this.capacity = capacity;
        this.priority = priority;
    }

    /** How many requests the queue holds. */
    public int capacity() {
        return capacity;
    }

    /** The priority of the request that was refused. */
    public RequestPriority priority() {
        return priority;
    }
}
