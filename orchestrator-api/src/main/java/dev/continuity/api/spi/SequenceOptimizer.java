package dev.continuity.api.spi;

import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.UpdatePlan;

import java.util.List;

/**
 * Orders and schedules the steps of a plan. The orchestrator checks what an implementation returns (see {@link #optimize}):
 * a plan that loses, adds or changes a step, or is slower than critical-path list scheduling when time is the first goal,
 * is replaced by that baseline.
 */
@FunctionalInterface
public interface SequenceOptimizer {

    /**
     * Orders and schedules the steps of {@code plan} (possibly none) for {@code goals}, most important first and never empty
     * ({@code MINIMIZE_TIME} when the caller gave none); the result keeps the plan's id and holds each of the plan's steps
     * once, unchanged. The orchestrator logs and counts it as a failure, and uses the critical-path baseline instead,
     * when this throws, when the result leaves out, adds, repeats or changes a step or has another plan id, or when
     * {@code MINIMIZE_TIME} is the first goal and the result's order, list-scheduled, takes longer than the critical-path
     * (CP/MISF) list schedule.
     *
     * @param plan  the steps with their dependencies and estimated durations, in the baseline order
     * @param goals the goals, most important first; never empty
     * @return the steps in the chosen order, with their planned schedule and checkpoints
     */
    IntelligentUpdatePlan optimize(UpdatePlan plan, List<OptimizationGoal> goals);

    /**
     * Names the optimiser in the log and in {@code continuity.plugin.failures} when {@link #optimize} throws; the
     * built-in optimisers also report it as {@link IntelligentUpdatePlan#optimizerId()}. By default the class's simple
     * name; for a lambda the declaring class's simple name and {@code -lambda} (e.g. {@code MyApp-lambda}), for an
     * anonymous class the enclosing class's and {@code -anonymous}: bounded, the same in every JVM.
     *
     * @return the optimiser's id
     */
    default String id() {
        return dev.continuity.api.internal.PluginIds.defaultId(getClass());
    }
}
