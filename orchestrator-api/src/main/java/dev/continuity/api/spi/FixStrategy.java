package dev.continuity.api.spi;

import dev.continuity.api.ConsistencyIssue;

/**
 * Fixes one kind of consistency issue, writing only through {@link FixContext#writer()}. The fix is verified by
 * running the detectors again on the staged state; a fix that does not remove its issue, or that creates another,
 * is reverted.
 */
@FunctionalInterface
public interface FixStrategy {

    FixResult apply(ConsistencyIssue issue, FixContext context);

    /** Whether this strategy handles the issue at all. */
    default boolean canFix(ConsistencyIssue issue) {
        return true;
    }

    /** Among strategies that can fix an issue, higher priority is tried first. */
    default int priority() {
        return 0;
    }

    default String id() {
        return getClass().getSimpleName();
    }
}
