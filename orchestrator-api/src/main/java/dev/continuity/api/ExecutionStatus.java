package dev.continuity.api;

/** The state of an execution. */
public enum ExecutionStatus {
    PLANNED, RUNNING, SUCCEEDED, PARTIALLY_SUCCEEDED, FAILED, ROLLED_BACK;

    /** Whether the execution has finished, one way or another. */
    public boolean isTerminal() {
        return this != PLANNED && this != RUNNING;
    }
}
