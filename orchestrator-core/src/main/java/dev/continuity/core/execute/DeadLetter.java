package dev.continuity.core.execute;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

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
 * @param goals          the optimisation goals it ran with, most important first (empty in a letter of an older
 *                       version: the default goals)
 * @param onlineLearning whether it learned from its outcome (null in a letter of an older version: the default)
 * @param anomalySensitivity the anomaly detection sensitivity it ran with (null in a letter of an older version: the
 *                       default)
 * @param commitPolicy   the commit policy it ran with, {@code ALL_OR_NOTHING} or {@code CHECKPOINTED} (null in a letter
 *                       of an older version: the default)
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
        String state,
        List<String> goals,
        @Nullable Boolean onlineLearning,
        @Nullable Double anomalySensitivity,
        @Nullable String commitPolicy) {

    /** The {@link #state() state} of a letter that waits for a re-drive. */
    public static final String PENDING = "PENDING";
    /** The {@link #state() state} of a letter whose step succeeded when it was re-driven (or in a later run). */
    public static final String RESOLVED = "RESOLVED";
    /** The {@link #state() state} of a letter that was re-driven and failed again; a newer pending letter replaces it. */
    public static final String REDRIVEN = "REDRIVEN";

    /** Rejects a null {@code id}, {@code executionId}, {@code stepId} or {@code state}; copies the collections. */
    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(stepId, "stepId");
        enhancedTypes = List.copyOf(enhancedTypes);
        changedFiles = List.copyOf(changedFiles);
        context = Map.copyOf(context);
        Objects.requireNonNull(state, "state");
        goals = goals == null ? List.of() : List.copyOf(goals);
    }

    /** A letter without the run's goals, learning, sensitivity and commit policy: the defaults are used to re-drive it. */
    public DeadLetter(String id, String executionId, String stepId, String file, String handlerId, String service, String errorType,
                      String cause, int attempts, String failedAt, String updateType, List<String> enhancedTypes, List<String> changedFiles,
                      Map<String, Object> context, String modelType, double threshold, String state) {
        this(id, executionId, stepId, file, handlerId, service, errorType, cause, attempts, failedAt, updateType, enhancedTypes, changedFiles,
                context, modelType, threshold, state, List.of(), null, null, null);
    }

    /** {@return whether it waits for a re-drive: its state is {@link #PENDING}} */
    public boolean pending() {
        return PENDING.equals(state);
    }

    DeadLetter withState(String newState) {
        return new DeadLetter(id, executionId, stepId, file, handlerId, service, errorType, cause, attempts, failedAt, updateType, enhancedTypes,
                changedFiles, context, modelType, threshold, newState, goals, onlineLearning, anomalySensitivity, commitPolicy);
    }
}
