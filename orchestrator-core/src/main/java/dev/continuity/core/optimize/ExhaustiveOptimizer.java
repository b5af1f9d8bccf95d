package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tries every precedence-feasible priority list of a small plan (at most {@code maxTasks} steps)
 * and returns the best by the weighted-sum objective. Because the serial decoder reaches an optimal
 * schedule from some list, the result is optimal over all schedules for the makespan, and optimal
 * over all list schedules for the risk goals (over all orders with one worker). Meant for tiny plans
 * and as a reference in tests: the number of lists grows as {@code n!}.
 */
public final class ExhaustiveOptimizer implements ScheduleOptimizer {
    private final int maxTasks;
    private final SafetyModel safetyModel;
    private final Map<OptimizationGoal, Double> weights;

    /**
     * @param maxTasks    refuse larger plans, in [1, 12]
     * @param safetyModel failure model for the risk goals
     * @param weights     weighted-sum weights (absent goals get {@code 2^-rank})
     */
    public ExhaustiveOptimizer(int maxTasks, SafetyModel safetyModel, Map<OptimizationGoal, Double> weights) {
        if (maxTasks < 1 || maxTasks > 12) {
            throw new IllegalArgumentException("maxTasks must be in [1, 12], was " + maxTasks);
        }
        this.maxTasks = maxTasks;
        this.safetyModel = Objects.requireNonNull(safetyModel, "safetyModel");
        this.weights = Map.copyOf(weights);
    }

    /** Up to 10 tasks, equal-priority default weights. */
    public static ExhaustiveOptimizer of(SafetyModel safetyModel) {
        return new ExhaustiveOptimizer(10, safetyModel, Map.of());
    }

    @Override
    public SafetyModel safetyModel() {
        return safetyModel;
    }

    @Override
    public OptimizationResult optimize(SchedulingProblem problem, List<OptimizationGoal> goals) {
        Objects.requireNonNull(problem, "problem");
        if (problem.size() > maxTasks) {
            throw new IllegalArgumentException(
                    "exhaustive search is limited to " + maxTasks + " tasks, the plan has " + problem.size());
        }
        SearchContext ctx = SearchContext.create(problem, goals, GoalCombination.WEIGHTED_SUM, weights,
                safetyModel, false, 0);
        Search search = new Search(ctx);
        search.run(0);
        return ctx.result(search.best, true, "exhaustive", 0, 0, StopReason.SEARCH_SPACE_EXHAUSTED);
    }

    /** Depth-first enumeration of topological orders. */
    private static final class Search {
        private final SearchContext ctx;
        private final ProblemGraph g;
        private final int[] pending;
        private final boolean[] used;
        private final int[] order;
        int[] best;
        private double bestValue;

        Search(SearchContext ctx) {
            this.ctx = ctx;
            this.g = ctx.graph;
            this.pending = new int[g.n];
            this.used = new boolean[g.n];
            this.order = new int[g.n];
            for (int i = 0; i < g.n; i++) {
                pending[i] = g.predecessorCount(i);
            }
            this.best = ctx.bestSeed.order().clone();
            this.bestValue = ctx.bestSeed.fitness();
        }

        void run(int depth) {
            if (depth == g.n) {
                double value = ctx.objective.scalar(order);
                if (value < bestValue) {
                    bestValue = value;
                    best = order.clone();
                }
                return;
            }
            for (int t = 0; t < g.n; t++) {
                if (used[t] || pending[t] > 0) {
                    continue;
                }
                used[t] = true;
                order[depth] = t;
                for (int s = g.succStart[t]; s < g.succStart[t + 1]; s++) {
                    pending[g.succs[s]]--;
                }
                run(depth + 1);
                for (int s = g.succStart[t]; s < g.succStart[t + 1]; s++) {
                    pending[g.succs[s]]++;
                }
                used[t] = false;
            }
        }
    }
}
