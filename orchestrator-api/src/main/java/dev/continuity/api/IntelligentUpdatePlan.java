package dev.continuity.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An optimised plan, as the specification's {@code IntelligentUpdatePlan}.
 *
 * @param planId                   the plan's id (the same as the {@link UpdatePlan}'s)
 * @param mlOptimizedSteps         the steps in priority order, with their planned schedule
 * @param dynamicDependencies      the step dependency graph
 * @param performancePredictions   measured-model predictions: {@code makespanSeconds}, {@code baselineMakespanSeconds},
 *                                 {@code gainPercent}, {@code expectedLostWorkSeconds}, ...
 * @param riskMitigationStrategies what the plan does about risk
 * @param adaptiveCheckpoints      where completed work is committed, and why
 * @param learningFeedback         what the optimiser learned (generations, evaluations, elapsed time, ...)
 * @param optimizerId              which optimiser produced it
 * @param goals                    the goals it was optimised for
 * @param workers                  how many steps may run at once
 */
public record IntelligentUpdatePlan(
        String planId,
        List<OptimizedStep> mlOptimizedSteps,
        DependencyGraphView dynamicDependencies,
        Map<String, Double> performancePredictions,
        List<String> riskMitigationStrategies,
        List<AdaptiveCheckpoint> adaptiveCheckpoints,
        Map<String, Object> learningFeedback,
        String optimizerId,
        List<OptimizationGoal> goals,
        int workers) {

    /**
     * Rejects a blank {@code planId} or {@code optimizerId}, fewer than one worker, and feedback values that are not
     * strings, numbers, booleans or lists of them; copies the collections, keeping the maps' order.
     */
    public IntelligentUpdatePlan {
        Copies.requireText(planId, "planId");
        mlOptimizedSteps = List.copyOf(mlOptimizedSteps);
        Objects.requireNonNull(dynamicDependencies, "dynamicDependencies");
        performancePredictions = Copies.orderedMap(performancePredictions);
        riskMitigationStrategies = List.copyOf(riskMitigationStrategies);
        adaptiveCheckpoints = List.copyOf(adaptiveCheckpoints);
        learningFeedback = Copies.contextMap(learningFeedback);
        Copies.requireText(optimizerId, "optimizerId");
        goals = List.copyOf(goals);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
    }

    /** {@return the steps in priority order, without their schedule} */
    public List<UpdateStep> steps() {
        return mlOptimizedSteps.stream().map(OptimizedStep::step).toList();
    }
}
