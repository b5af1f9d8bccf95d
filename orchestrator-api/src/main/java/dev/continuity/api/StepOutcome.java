package dev.continuity.api;

/** What became of one update step. */
public enum StepOutcome {
    /** The handler changed the file. */
    UPDATED,
    /** The handler ran and found nothing to change. */
    UNCHANGED,
    /** The step was not run (a dependency failed, or a dry run). */
    SKIPPED,
    /** The handler failed. */
    FAILED
}
