package dev.continuity.api;

/** No execution with that id is known to this orchestrator or its project. */
public class UnknownExecutionException extends OrchestratorException {
    private final String executionId;

    public UnknownExecutionException(String executionId) {
        super("unknown execution id '" + executionId + "'");
        this.executionId = executionId;
    }

    public String executionId() {
        return executionId;
    }
}
