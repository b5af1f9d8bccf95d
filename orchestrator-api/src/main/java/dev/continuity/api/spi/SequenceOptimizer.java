package dev.continuity.api.spi;

import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.UpdatePlan;

import java.util.List;

/** Orders and schedules the steps of a plan. Implementations must never return a plan worse than the plan's baseline order. */
@FunctionalInterface
public interface SequenceOptimizer {

    IntelligentUpdatePlan optimize(UpdatePlan plan, List<OptimizationGoal> goals);

    default String id() {
        return getClass().getSimpleName();
    }
}
