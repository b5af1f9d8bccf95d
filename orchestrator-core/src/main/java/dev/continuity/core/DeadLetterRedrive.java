package dev.continuity.core;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.api.UpdateType;
import dev.continuity.core.execute.DeadLetter;
import dev.continuity.core.execute.DeadLetterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-drives dead letters: each execution with pending letters runs again, under its own id, from the request the
 * letters kept (its change, context, enhanced types and commit policy, and its model, threshold, goals, learning and
 * anomaly settings) (the runner resumes a checkpointed run from its last checkpoint instead). A letter whose step no longer
 * fails becomes {@code RESOLVED} when the run succeeded, {@code REDRIVEN} otherwise; a step that fails again has a new
 * pending letter (kept by the executor). An execution that has already succeeded is not run again: its letters are
 * resolved.
 */
final class DeadLetterRedrive {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRedrive.class);

    private DeadLetterRedrive() {}

    /** Runs a request under a given execution id. */
    @FunctionalInterface
    interface Runner {
        EnhancedUpdateResponse run(ConsistencyUpdateRequest request, MLConfiguration ml, String executionId);
    }

    /**
     * @param succeeded whether an execution is known to have succeeded since its letters were kept (a successful
     *                  run resolves its letters itself; this guards letters kept pending by an older version)
     */
    static List<EnhancedUpdateResponse> redrive(DeadLetterStore store, String projectName, java.util.function.Predicate<String> succeeded,
                                                Runner runner) {
        Map<String, List<DeadLetter>> byExecution = new LinkedHashMap<>();
        store.pending().forEach(l -> byExecution.computeIfAbsent(l.executionId(), k -> new ArrayList<>()).add(l));
        List<EnhancedUpdateResponse> responses = new ArrayList<>();
        for (Map.Entry<String, List<DeadLetter>> e : byExecution.entrySet()) {
            if (succeeded.test(e.getKey())) {
                LOG.info("not re-driving execution {}: it has succeeded since; its {} dead letter(s) are resolved", e.getKey(), e.getValue().size());
                store.resolve(e.getKey());
                continue;
            }
            DeadLetter first = e.getValue().getFirst();
            ConsistencyUpdateRequest.Builder request = ConsistencyUpdateRequest.builder().projectName(projectName)
                    .updateType(UpdateType.valueOf(first.updateType())).changedFiles(first.changedFiles());
            first.context().forEach(request::context);
            first.enhancedTypes().forEach(t -> request.enhancedType(EnhancedUpdateType.valueOf(t)));
            if (first.commitPolicy() != null) {
                request.commitPolicy(dev.continuity.api.CommitPolicy.valueOf(first.commitPolicy()));
            }
            MLConfiguration.Builder mlBuilder = MLConfiguration.builder().modelType(first.modelType()).confidenceThreshold(first.threshold());
            if (!first.goals().isEmpty()) {
                mlBuilder.optimizationGoals(first.goals().stream().map(dev.continuity.api.OptimizationGoal::valueOf).toList());
            }
            if (first.onlineLearning() != null) {
                mlBuilder.enableOnlineLearning(first.onlineLearning());
            }
            if (first.anomalySensitivity() != null) {
                mlBuilder.anomalyDetectionSensitivity(first.anomalySensitivity());
            }
            MLConfiguration ml = mlBuilder.build();
            LOG.info("re-driving execution {} ({} dead letter(s))", e.getKey(), e.getValue().size());
            EnhancedUpdateResponse r = runner.run(request.build(), ml, e.getKey());
            responses.add(r);
            List<DeadLetter> resolved = new ArrayList<>();
            List<DeadLetter> redriven = new ArrayList<>();
            // a run that succeeded has resolved its letters itself
            java.util.Set<String> stillPending = new java.util.HashSet<>(store.pending().stream().map(DeadLetter::id).toList());
            for (DeadLetter l : e.getValue()) {
                if (!stillPending.contains(l.id())) {
                    continue;
                }
                Optional<StepResult> now = r.stepResults().stream().filter(s -> s.stepId().equals(l.stepId()) && s.file().equals(l.file())).findFirst();
                if (now.isPresent() && now.get().outcome() == StepOutcome.FAILED) {
                    continue;
                }
                (r.status() == ExecutionStatus.SUCCEEDED ? resolved : redriven).add(l);
            }
            store.mark(resolved, DeadLetter.RESOLVED);
            store.mark(redriven, DeadLetter.REDRIVEN);
        }
        return responses;
    }
}
