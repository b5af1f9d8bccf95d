package dev.continuity.api;

/** When the changes of a run become visible in the project. */
public enum CommitPolicy {
    /** All steps commit together, or none does (the default). */
    ALL_OR_NOTHING,
    /** The plan's checkpoints commit completed groups of steps; a failed run can be resumed or rolled back. */
    CHECKPOINTED
}
