package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Classic priority rules: each turns a problem into a priority list, and {@link
 * #schedule(SchedulingProblem)} turns that list into the best of its serial and non-delay
 * list schedules. The optimisers seed their search with these lists and never return anything
 * worse than the {@link #CP_MISF} schedule.
 */
public enum PriorityRule {
    /**
     * Critical path / most immediate successors first (Kasahara and Narita): highest bottom level
     * (longest path to an exit, own duration included) first; ties by more immediate successors,
     * then by lower index.
     */
    CP_MISF {
        @Override
        int[] order(ProblemGraph g) {
            double[] level = g.bottomLevels();
            return sorted(g.n, Comparator.<Integer>comparingDouble(i -> -level[i])
                    .thenComparingInt(i -> -g.successorCount(i)));
        }
    },
    /** A topological order, smallest index first among the ready tasks. */
    TOPOLOGICAL {
        @Override
        int[] order(ProblemGraph g) {
            return g.topologicalOrder();
        }
    },
    /**
     * Lowest {@code duration / failureProbability} first (steps with probability 0 last), ties by
     * bottom level: the exchange-optimal order for {@link OptimizationGoal#MAXIMIZE_SAFETY} without
     * checkpoints (see {@link SafetyModel}).
     */
    RISK_RATIO {
        @Override
        int[] order(ProblemGraph g) {
            double[] level = g.bottomLevels();
            return sorted(g.n, Comparator.<Integer>comparingDouble(i -> ratio(g.duration[i], g.failure[i]))
                    .thenComparingDouble(i -> -level[i]));
        }
    },
    /**
     * Highest failure probability first, ties by bottom level: the exchange-optimal order for
     * {@link OptimizationGoal#MINIMIZE_RISK_EXPOSURE} without checkpoints.
     */
    RISK_DESCENDING {
        @Override
        int[] order(ProblemGraph g) {
            double[] level = g.bottomLevels();
            return sorted(g.n, Comparator.<Integer>comparingDouble(i -> -g.failure[i])
                    .thenComparingDouble(i -> -level[i]));
        }
    };

    abstract int[] order(ProblemGraph graph);

    /** The rule's priority list (highest priority first). */
    public List<Integer> priorityOrder(SchedulingProblem problem) {
        return ListScheduler.toList(order(ProblemGraph.of(problem)));
    }

    /**
     * The shorter of the serial and the non-delay list schedule of this rule's list (the serial one
     * on ties). For {@code CP_MISF} this is the baseline every optimiser must match or beat.
     */
    public Schedule schedule(SchedulingProblem problem) {
        ProblemGraph g = ProblemGraph.of(problem);
        return best(g, order(g));
    }

    static Schedule best(ProblemGraph g, int[] order) {
        SerialDecoder decoder = new SerialDecoder(g);
        double serial = decoder.decodeOrder(order);
        double[] start = new double[g.n];
        double[] finish = new double[g.n];
        int[] started = ListScheduler.nonDelay(g, order, start, finish);
        double nonDelay = 0;
        for (double f : finish) {
            nonDelay = Math.max(nonDelay, f);
        }
        if (nonDelay < serial) {
            return Schedule.assemble(g, start, finish, started);
        }
        return Schedule.assemble(g, decoder.start, decoder.finish, decoder.sequence);
    }

    static double ratio(double duration, double probability) {
        if (probability <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return duration / probability;
    }

    private static int[] sorted(int n, Comparator<Integer> comparator) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, comparator.thenComparingInt(i -> i));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
