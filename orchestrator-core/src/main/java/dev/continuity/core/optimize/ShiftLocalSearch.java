package dev.continuity.core.optimize;

import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * Memetic improvement of one plan by shift (insertion) moves on its scheduling sequence: a task is
 * moved to another position between its last predecessor and its first successor, so the list
 * stays precedence-feasible and every move decodes to a feasible schedule. Moves that are not
 * worse are accepted (walking plateaus of equal makespan); the sequence of an accepted plan is the
 * decoder's, justification included (Lamarckian). Not thread-safe.
 */
final class ShiftLocalSearch {
    /** Outcome: the best sequence found and its fitness. */
    record Outcome(int[] sequence, double fitness) {
    }

    private final Objective objective;
    private final ProblemGraph g;
    private final int[] position;
    private final int[] candidate;

    ShiftLocalSearch(Objective objective) {
        this.objective = objective;
        this.g = objective.decoder.graph;
        this.position = new int[g.n];
        this.candidate = new int[g.n];
    }

    /**
     * Tries up to {@code moves} shift moves starting from the plan {@code order} whose fitness is
     * {@code fitness}; stops early when {@code keepGoing} turns false.
     */
    Outcome run(int[] order, double fitness, int moves, RandomGenerator random, BooleanSupplier keepGoing) {
        int n = g.n;
        double current = objective.scalar(order);
        int[] sequence = objective.decoder.sequenceCopy();
        double best = current;
        int[] bestSequence = sequence.clone();
        if (n < 2) {
            return new Outcome(bestSequence, Math.min(best, fitness));
        }
        for (int i = 0; i < n; i++) {
            position[sequence[i]] = i;
        }
        for (int move = 0; move < moves; move++) {
            if ((move & 15) == 15 && !keepGoing.getAsBoolean()) {
                break;
            }
            int from = random.nextInt(n);
            int task = sequence[from];
            int lo = 0;
            for (int p = g.predStart[task]; p < g.predStart[task + 1]; p++) {
                lo = Math.max(lo, position[g.preds[p]] + 1);
            }
            int hi = n - 1;
            for (int s = g.succStart[task]; s < g.succStart[task + 1]; s++) {
                hi = Math.min(hi, position[g.succs[s]] - 1);
            }
            if (hi <= lo) {
                continue;
            }
            int to = lo + random.nextInt(hi - lo);
            if (to >= from) {
                to++; // uniform over [lo, hi] without 'from'
            }
            shift(sequence, candidate, from, to);
            double value = objective.scalar(candidate);
            if (value <= current) {
                current = value;
                System.arraycopy(objective.decoder.sequence, 0, sequence, 0, n);
                for (int i = 0; i < n; i++) {
                    position[sequence[i]] = i;
                }
                if (value < best) {
                    best = value;
                    System.arraycopy(sequence, 0, bestSequence, 0, n);
                }
            }
        }
        return new Outcome(bestSequence, best);
    }

    /** Copies {@code source} into {@code target} with the element at {@code from} moved to {@code to}. */
    static void shift(int[] source, int[] target, int from, int to) {
        System.arraycopy(source, 0, target, 0, source.length);
        int task = source[from];
        if (to > from) {
            System.arraycopy(source, from + 1, target, from, to - from);
        } else if (to < from) {
            System.arraycopy(source, to, target, to + 1, from - to);
        }
        target[to] = task;
    }
}
