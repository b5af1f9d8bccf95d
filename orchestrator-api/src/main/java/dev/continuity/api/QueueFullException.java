package dev.continuity.api;

/**
 * The request queue is full: the request was not accepted (or was evicted by a more urgent one). Submit again later,
 * or with a higher priority.
 */
public class QueueFullException extends OrchestratorException {
    /** The most requests the queue holds. */
    private final int capacity;
    /** The priority of the refused or evicted request. */
    private final RequestPriority priority;

    /**
     * A request refused, or evicted, because the queue is full.
     *
     * @param capacity the most requests the queue holds
     * @param priority the priority of the request refused (or evicted)
     * @param message  the whole message
     */
    public QueueFullException(int capacity, RequestPriority priority, String message) {
        super(message);
        this.capacity = capacity;
        this.priority = priority;
    }

    /** {@return the most requests the queue can hold} */
    public int capacity() {
        return capacity;
    }

    /** {@return the priority of the request that was refused, or evicted by a more urgent one} */
    public RequestPriority priority() {
        return priority;
    }
}
