package dev.continuity.api;

/** The state of an execution. */
public enum ExecutionStatus {
    /** The run is tracked but has not started. */
    PLANNED,
    /** Steps are running, or the run is healing or committing. */
    RUNNING,
    /** Every step succeeded and the changes are committed (a dry run commits nothing). */
    SUCCEEDED,
    /**
     * A step of a {@link CommitPolicy#CHECKPOINTED} run failed after a checkpoint had committed: the work up to the last
     * checkpoint stays; resume or roll back the run.
     */
    PARTIALLY_SUCCEEDED,
    /**
     * A failure that is neither a rollback nor a partial commit. The built-in orchestrator does not report it: a failed
     * run ends {@link #ROLLED_BACK} or {@link #PARTIALLY_SUCCEEDED}.
     */
    FAILED,
    /** The run failed and its uncommitted work was undone: a step failed before any checkpoint committed, or the run threw. */
    ROLLED_BACK;

    /** {@return whether the execution has finished, one way or another: any status but {@code PLANNED} and {@code RUNNING}} */
    public boolean isTerminal() {
        return this != PLANNED && this != RUNNING;
    }
}
