package dev.continuity.core.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reference implementations for tests, written straight from the model's definitions and sharing
 * no code with the library: expected lost work for a sequential order and a checkpoint set,
 * enumeration of orders and of checkpoint subsets.
 */
final class BruteForce {
    private BruteForce() {
    }

    /**
     * Expected lost work plus expected checkpoint cost when {@code order} runs sequentially and a
     * checkpoint follows every position {@code k} (1-based) with bit {@code k-1} set in {@code mask}.
     */
    static double safety(SchedulingProblem problem, int[] order, long mask, double checkpointCost) {
        double total = 0;
        double survive = 1;
        double sinceCheckpoint = 0;
        for (int k = 1; k <= order.length; k++) {
            Task t = problem.tasks().get(order[k - 1]);
            sinceCheckpoint += t.duration();
            total += survive * t.failureProbability() * sinceCheckpoint;
            survive *= 1 - t.failureProbability();
            if (k < order.length && (mask >> (k - 1) & 1) == 1) {
                total += checkpointCost * survive;
                sinceCheckpoint = 0;
            }
        }
        return total;
    }

    /** Expected number of committed results rolled back by the first failure, no checkpoints. */
    static double exposure(SchedulingProblem problem, int[] order) {
        double total = 0;
        double survive = 1;
        for (int k = 1; k <= order.length; k++) {
            Task t = problem.tasks().get(order[k - 1]);
            total += survive * t.failureProbability() * (k - 1);
            survive *= 1 - t.failureProbability();
        }
        return total;
    }

    /**
     * The optimal checkpoint plan for {@code order} by a plain quadratic dynamic program over the
     * position of the last checkpoint, each segment summed directly (O(n^3)); for larger n than the
     * subset enumeration allows.
     */
    static double quadraticCheckpointPlan(SchedulingProblem problem, int[] order, double checkpointCost) {
        int n = order.length;
        double[] w = new double[n + 1];
        double[] p = new double[n + 1];
        double[] survive = new double[n + 1];
        survive[0] = 1;
        for (int k = 1; k <= n; k++) {
            Task t = problem.tasks().get(order[k - 1]);
            w[k] = t.duration();
            p[k] = t.failureProbability();
            survive[k] = survive[k - 1] * (1 - p[k]);
        }
        double[] f = new double[n + 1];
        for (int e = 1; e <= n; e++) {
            f[e] = Double.POSITIVE_INFINITY;
            for (int c = 0; c < e; c++) {
                double segment = 0;
                double since = 0;
                for (int k = c + 1; k <= e; k++) {
                    since += w[k];
                    segment += survive[k - 1] * p[k] * since;
                }
                f[e] = Math.min(f[e], f[c] + segment);
            }
            if (e < n) {
                f[e] += checkpointCost * survive[e];
            }
        }
        return f[n];
    }

    /** The best checkpoint subset for {@code order}. */
    static double bestOverCheckpoints(SchedulingProblem problem, int[] order, double checkpointCost) {
        double best = Double.POSITIVE_INFINITY;
        long subsets = 1L << Math.max(0, order.length - 1);
        for (long mask = 0; mask < subsets; mask++) {
            best = Math.min(best, safety(problem, order, mask, checkpointCost));
        }
        return best;
    }

    /** Calls {@code visit} with every precedence-feasible order (the array is reused). */
    static void forEachOrder(SchedulingProblem problem, Consumer<int[]> visit) {
        int n = problem.size();
        List<List<Integer>> preds = new ArrayList<>();
        problem.tasks().forEach(t -> preds.add(t.predecessors()));
        extend(n, preds, new int[n], new boolean[n], 0, visit);
    }

    private static void extend(int n, List<List<Integer>> preds, int[] order, boolean[] used, int depth,
            Consumer<int[]> visit) {
        if (depth == n) {
            visit.accept(order);
            return;
        }
        for (int t = 0; t < n; t++) {
            if (used[t]) {
                continue;
            }
            boolean ready = true;
            for (int p : preds.get(t)) {
                ready &= used[p];
            }
            if (!ready) {
                continue;
            }
            used[t] = true;
            order[depth] = t;
            extend(n, preds, order, used, depth + 1, visit);
            used[t] = false;
        }
    }
}
