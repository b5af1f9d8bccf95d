package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;

/** How several {@link OptimizationGoal}s are combined into one plan. */
public enum GoalCombination {
    /**
     * Minimise {@code sum_g weight_g * value_g / baseline_g}, each goal normalised by its value on
     * the CP/MISF baseline schedule (a baseline value of 0 counts as 1).
     */
    WEIGHTED_SUM,
    /**
     * Search for the Pareto front of the goal vector, then choose one plan by the goals' priority:
     * keep the plans within the tolerance of the best value of the first goal, among them those
     * within the tolerance of the best value of the second goal, and so on; finally the best on the
     * first goal.
     */
    PARETO
}
