package dev.continuity.api;

/** An update step failed and the run was rolled back; names the step, its file and its handler. */
public class StepFailedException extends OrchestratorException {
    private final String stepId;
    private final String file;

    public StepFailedException(String stepId, String file, String message, Throwable cause) {
        super("step " + stepId + " (" + file + ") failed: " + message, cause);
        this.stepId = stepId;
        this.file = file;
    }

    public String stepId() {
        return stepId;
    }

    public String file() {
        return file;
    }
}
