package dev.continuity.api;

/** No execution with that id is known to this orchestrator or its project. */
public class UnknownExecutionException extends OrchestratorException {
    /** The id that was asked for. */
    private final String executionId;

    /**
     * No run with that id is known: none was started here, or it is no longer kept.
     *
     * @param executionId the id that was asked for
     */
    public UnknownExecutionException(String executionId) {
        super("unknown execution id '" + executionId + "'");
        this.executionId = executionId;
    }

    /** {@return the id that was asked for} */
    public String executionId() {
        return executionId;
    }
}
