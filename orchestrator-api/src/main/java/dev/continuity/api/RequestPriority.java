package dev.continuity.api;

/** How urgent a submitted request is; the request queue serves higher priorities first, oldest first within one. */
public enum RequestPriority {
    CRITICAL, HIGH, NORMAL, LOW
}
