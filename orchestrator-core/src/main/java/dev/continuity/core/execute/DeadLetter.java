package dev.continuity.core.execute;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A step that failed for good, kept in {@code .continuity/dead-letters.jsonl} with what is needed to run it again.
 *
 * @param id             {@code executionId:stepId}
 * @param executionId    the run
 * @param stepId         the step
 * @param file           its file
 * @param handlerId      the handler that failed last
 * @param service        its service
 * @param errorType      the class of the last error
 * @param cause          the last error's message, naming the handler
 * @param attempts       attempts over all handlers
 * @param failedAt       when, as an ISO-8601 instant
 * @param updateType     the update type of the request
 * @param enhancedTypes  its enhanced types
 * @param changedFiles   its changed files
 * @param context        its change context (with a detected rename stated explicitly)
 * @param modelType      the model type it ran with
 * @param threshold      the confidence threshold it ran with
 * @param state          {@code PENDING} until re-driven; then {@code RESOLVED} (the step succeeded) or {@code REDRIVEN}
 *                       (it was tried again and failed again: a newer pending letter replaces it)
 */
public record DeadLetter(
        String id,
        String executionId,
        String stepId,
        String file,
        String handlerId,
        String service,
        String errorType,
        String cause,
        int attempts,
        String failedAt,
        String updateType,
        List<String> enhancedTypes,
        List<String> changedFiles,
        Map<String, Object> context,
        String modelType,
        double threshold,
        String state) {

    public static final String PENDING = "PENDING";
    public static final String RESOLVED = "RESOLVED";
    public static final String REDRIVEN = "REDRIVEN";

    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(stepId, "stepId");
        enhancedTypes = List.copyOf(enhancedTypes);
        changedFiles = List.copyOf(changedFiles);
        context = Map.copyOf(context);
        Objects.requireNonNull(state, "state");
    }

    /** Whether it waits for a re-drive. */
    public boolean pending() {
        return PENDING.equals(state);
    }

    DeadLetter withState(String newState) {
        return new DeadLetter(id, executionId, stepId, file, handlerId, service, errorType, cause, attempts, failedAt, updateType, enhancedTypes,
                changedFiles, context, modelType, threshold, newState);
    }
}
