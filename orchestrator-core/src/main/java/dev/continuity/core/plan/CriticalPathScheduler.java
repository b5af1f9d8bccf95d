package dev.continuity.core.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Critical-path list scheduling, the baseline every optimiser must match: priority by bottom level (the longest path
 * from a step to the end, its own duration included), ties broken by the most immediate successors, then by input
 * order; a step is started on the earliest free worker once all its predecessors have finished.
 */
public final class CriticalPathScheduler {
    private CriticalPathScheduler() {}

    /**
     * A schedule.
     *
     * @param order    step indices in priority (release) order; always a topological order
     * @param start    start time per step index
     * @param finish   finish time per step index
     * @param worker   worker per step index
     * @param makespan the latest finish
     */
    public record Schedule(int[] order, double[] start, double[] finish, int[] worker, double makespan) {}

    /**
     * Schedules {@code n} steps.
     *
     * @param durations    duration per step
     * @param predecessors predecessor indices per step; the graph must be acyclic
     * @param workers      how many steps may run at once
     */
    public static Schedule schedule(double[] durations, int[][] predecessors, int workers) {
        int n = durations.length;
        int[][] successors = successors(predecessors);
        double[] bottom = bottomLevels(durations, successors, predecessors);
        Comparator<Integer> priority = Comparator.<Integer>comparingDouble(i -> -bottom[i])
                .thenComparingInt(i -> -successors[i].length)
                .thenComparingInt(i -> i);
        return listSchedule(durations, predecessors, successors, workers, priority);
    }

    /** The bottom level of every step: its duration plus the longest bottom level among its successors. */
    public static double[] bottomLevels(double[] durations, int[][] successors, int[][] predecessors) {
        int n = durations.length;
        double[] bottom = new double[n];
        int[] order = topological(predecessors, successors);
        for (int k = n - 1; k >= 0; k--) {
            int i = order[k];
            double max = 0;
            for (int s : successors[i]) {
                max = Math.max(max, bottom[s]);
            }
            bottom[i] = durations[i] + max;
        }
        return bottom;
    }

    static Schedule listSchedule(double[] durations, int[][] predecessors, int[][] successors, int workers, Comparator<Integer> priority) {
        int n = durations.length;
        int[] waiting = new int[n];
        double[] ready = new double[n];
        PriorityQueue<Integer> eligible = new PriorityQueue<>(priority);
        for (int i = 0; i < n; i++) {
            waiting[i] = predecessors[i].length;
            if (waiting[i] == 0) {
                eligible.add(i);
            }
        }
        double[] free = new double[workers];
        double[] start = new double[n];
        double[] finish = new double[n];
        int[] worker = new int[n];
        int[] order = new int[n];
        int k = 0;
        double makespan = 0;
        while (!eligible.isEmpty()) {
            int i = eligible.poll();
            int w = 0;
            for (int j = 1; j < workers; j++) {
                if (free[j] < free[w]) {
                    w = j;
                }
            }
            start[i] = Math.max(free[w], ready[i]);
            finish[i] = start[i] + durations[i];
            free[w] = finish[i];
            worker[i] = w;
            order[k++] = i;
            makespan = Math.max(makespan, finish[i]);
            for (int s : successors[i]) {
                ready[s] = Math.max(ready[s], finish[i]);
                if (--waiting[s] == 0) {
                    eligible.add(s);
                }
            }
        }
        if (k != n) {
            throw new IllegalArgumentException("the steps' dependencies form a cycle; " + (n - k) + " step(s) could not be scheduled");
        }
        return new Schedule(order, start, finish, worker, makespan);
    }

    static int[][] successors(int[][] predecessors) {
        int n = predecessors.length;
        List<List<Integer>> s = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            s.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int p : predecessors[i]) {
                s.get(p).add(i);
            }
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = s.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private static int[] topological(int[][] predecessors, int[][] successors) {
        int n = predecessors.length;
        int[] waiting = new int[n];
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            waiting[i] = predecessors[i].length;
            if (waiting[i] == 0) {
                queue[tail++] = i;
            }
        }
        while (head < tail) {
            int i = queue[head++];
            for (int s : successors[i]) {
                if (--waiting[s] == 0) {
                    queue[tail++] = s;
                }
            }
        }
        if (tail != n) {
            throw new IllegalArgumentException("the steps' dependencies form a cycle");
        }
        return Arrays.copyOf(queue, n);
    }
}
