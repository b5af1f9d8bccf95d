package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import java.util.List;

/**
 * Orders and times the steps of a plan for a list of goals, most important first. Implementations
 * never return a plan worse than the CP/MISF list schedule for the same goals.
 *
 * <pre>{@code
 * ScheduleOptimizer optimizer = new GeneticSequenceOptimizer(GeneticOptimizerConfig.defaults());
 * OptimizationResult result = optimizer.optimize(problem, List.of(OptimizationGoal.MINIMIZE_TIME));
 * result.schedule().verify(problem).orThrow();
 * }</pre>
 */
@FunctionalInterface
public interface ScheduleOptimizer {

    /**
     * @param problem the tasks, their dependencies and the resource limits
     * @param goals   distinct goals by priority; empty means {@link OptimizationGoal#MINIMIZE_TIME}
     */
    OptimizationResult optimize(SchedulingProblem problem, List<OptimizationGoal> goals);

    /** The failure model and checkpoint cost this optimiser judges safety by ({@link SafetyModel#defaults()} unless configured). */
    default SafetyModel safetyModel() {
        return SafetyModel.defaults();
    }
}
