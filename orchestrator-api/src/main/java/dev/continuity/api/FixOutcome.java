package dev.continuity.api;

/** What a {@link dev.continuity.api.spi.FixStrategy} did about an issue. */
public enum FixOutcome {
    APPLIED, NOT_APPLICABLE, FAILED, NEEDS_HUMAN
}
