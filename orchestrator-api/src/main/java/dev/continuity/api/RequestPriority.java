package dev.continuity.api;

/** How urgent a submitted request is; the request queue serves higher priorities first, oldest first within one. */
public enum RequestPriority {
    /** Served before every other priority; never evicted. */
    CRITICAL,
    /** Served after {@code CRITICAL}; evicted from a full queue only by a {@code CRITICAL} request when no lower one waits. */
    HIGH,
    /** Served after {@code HIGH}; evicted from a full queue by a more urgent request when no {@code LOW} one waits. */
    NORMAL,
    /** Served last; the first evicted (newest first) when a more urgent request finds the queue full. */
    LOW
}
