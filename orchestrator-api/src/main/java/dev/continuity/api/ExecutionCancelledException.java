package dev.continuity.api;

/**
 * A run was cancelled ({@link ConsistencyUpdateOrchestrator#cancel(String)}, or an interrupt of the thread that ran it,
 * which is then this exception's cause) while its steps ran: the call that ran it throws this. Nothing of the run is committed, except, for a {@link CommitPolicy#CHECKPOINTED} run, what its
 * checkpoints committed before; such a run can be resumed or rolled back like one that failed after a checkpoint.
 */
public class ExecutionCancelledException extends OrchestratorException {
    /** The run that was cancelled. */
    private final String executionId;

    /**
     * The run {@code executionId} was cancelled.
     *
     * @param executionId the run
     * @param message     what of the run stays: nothing, or what its checkpoints committed
     */
    public ExecutionCancelledException(String executionId, String message) {
        super(message);
        this.executionId = executionId;
    }

    /** {@return the run that was cancelled} */
    public String executionId() {
        return executionId;
    }
}
