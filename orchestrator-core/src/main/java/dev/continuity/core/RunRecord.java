package dev.continuity.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.continuity.api.CommitPolicy;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.IntegrityException;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.UpdateType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checkpointed run stores in its journal and checkpoints (the transaction's opaque plan JSON): the request, the
 * ML configuration, and the steps as (id, file, handler), so that {@code resume} can plan the same update again and skip
 * the steps a checkpoint already committed.
 */
record RunRecord(String projectName, String updateType, List<String> changedFiles, Map<String, Object> context, List<String> enhancedTypes,
                 String modelType, double threshold, boolean onlineLearning, List<String> goals, double sensitivity, List<StepRef> steps) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A step as identified across a re-plan: the file and the handler. */
    record StepRef(String id, String file, String handler) {}

    static RunRecord of(ConsistencyUpdateRequest r, MLConfiguration ml, List<UpdateStep> steps) {
        return new RunRecord(r.projectName(), r.updateType().name(), r.changedFiles(), r.updateContext(),
                r.enhancedTypes().stream().map(Enum::name).sorted().toList(), ml.modelType(), ml.confidenceThreshold(), ml.enableOnlineLearning(),
                ml.optimizationGoals().stream().map(Enum::name).toList(), ml.anomalyDetectionSensitivity(),
                steps.stream().map(s -> new StepRef(s.id(), s.file(), s.handlerId())).toList());
    }

    /**
     * This record of a resumed part of a run, with every step of the parts before it: their steps first, then this
     * part's steps they did not have (by id). A later resume then knows every step a checkpoint of any part completed.
     */
    RunRecord after(RunRecord earlier) {
        Map<String, StepRef> all = new LinkedHashMap<>();
        earlier.steps().forEach(s -> all.putIfAbsent(s.id(), s));
        steps.forEach(s -> all.putIfAbsent(s.id(), s));
        return new RunRecord(projectName, updateType, changedFiles, context, enhancedTypes, modelType, threshold, onlineLearning, goals,
                sensitivity, List.copyOf(all.values()));
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the run record", e);
        }
    }

    static RunRecord parse(String executionId, String json) {
        try {
            return JSON.readValue(json, RunRecord.class);
        } catch (JsonProcessingException e) {
            throw new IntegrityException(".continuity/runs/" + executionId, "the stored plan of the run cannot be read: " + e.getOriginalMessage());
        }
    }

    ConsistencyUpdateRequest request() {
        ConsistencyUpdateRequest.Builder b = ConsistencyUpdateRequest.builder().projectName(projectName).updateType(UpdateType.valueOf(updateType))
                .changedFiles(changedFiles).context(new LinkedHashMap<>(context)).commitPolicy(CommitPolicy.CHECKPOINTED);
        enhancedTypes.forEach(t -> b.enhancedType(EnhancedUpdateType.valueOf(t)));
        return b.build();
    }

    MLConfiguration ml() {
        return MLConfiguration.builder().modelType(modelType).confidenceThreshold(threshold).enableOnlineLearning(onlineLearning)
                .optimizationGoals(goals.stream().map(OptimizationGoal::valueOf).toList()).anomalyDetectionSensitivity(sensitivity).build();
    }
}
