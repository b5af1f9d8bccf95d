package dev.continuity.api;

/**
 * An update step failed for good; names the step and its file. The built-in orchestrator does not throw it: a failed
 * step is reported in {@link EnhancedUpdateResponse#stepResults()}, and the run ends {@link ExecutionStatus#ROLLED_BACK}
 * (or {@link ExecutionStatus#PARTIALLY_SUCCEEDED} after a checkpoint).
 */
public class StepFailedException extends OrchestratorException {
    /** The id of the step that failed. */
    private final String stepId;
    /** The step's file, relative to the project root. */
    private final String file;

    /**
     * A step that failed for good.
     *
     * @param stepId  the id of the step
     * @param file    the step's file, relative to the project root
     * @param message how it failed
     * @param cause   what its handler threw, or {@code null}
     */
    public StepFailedException(String stepId, String file, String message, Throwable cause) {
        super("step " + stepId + " (" + file + ") failed: " + message, cause);
        this.stepId = stepId;
        this.file = file;
    }

    /** {@return the id of the step that failed} */
    public String stepId() {
        return stepId;
    }

    /** {@return the step's file, relative to the project root} */
    public String file() {
        return file;
    }
}
