package dev.continuity.api.spi;

import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.UpdatePlan;

import java.util.List;

/** Orders and schedules the steps of a plan. Implementations must never return a plan worse than the plan's baseline order. */
@FunctionalInterface
public interface SequenceOptimizer {

    /**
     * Orders and schedules the steps of {@code plan} (possibly none) for {@code goals}, most important first and never empty
     * ({@code MINIMIZE_TIME} when the caller gave none); the result keeps the plan's id. If it throws, the orchestrator logs
     * and counts the failure and uses the critical-path baseline instead.
     */
    IntelligentUpdatePlan optimize(UpdatePlan plan, List<OptimizationGoal> goals);

    /**
     * Names the optimiser in the log and in {@code continuity.plugin.failures} when {@link #optimize} throws; the built-in
     * optimisers also report it as {@link IntelligentUpdatePlan#optimizerId()}.
     */
    default String id() {
        return getClass().getSimpleName();
    }
}
