package dev.continuity.core.optimize;

import java.util.List;
import java.util.Objects;

/**
 * Turns a priority list into a feasible {@link Schedule}. Immutable and thread-safe; each call
 * uses its own workspace.
 *
 * <ul>
 *   <li>{@link #schedule(List)} — the <em>serial</em> schedule-generation scheme the optimisers use:
 *       repeatedly take the highest-priority task whose predecessors are all scheduled and start it
 *       at the earliest time at which precedence, the worker count and its service's capacity all
 *       allow, gaps before already scheduled tasks included. Any permutation gives a feasible
 *       schedule, and some permutation gives an optimal one.
 *   <li>{@link #scheduleNonDelay(List)} — classic list scheduling (the parallel scheme): time moves
 *       forward; whenever a worker is free, it takes the highest-priority ready task that fits.
 * </ul>
 *
 * <pre>{@code
 * ListScheduler scheduler = ListScheduler.of(problem);
 * Schedule schedule = scheduler.schedule(PriorityRule.CP_MISF.priorityOrder(problem));
 * schedule.verify(problem).orThrow();
 * }</pre>
 */
public final class ListScheduler {
    private final SchedulingProblem problem;
    private final ProblemGraph graph;

    private ListScheduler(SchedulingProblem problem) {
        this.problem = Objects.requireNonNull(problem, "problem");
        this.graph = ProblemGraph.of(problem);
    }

    public static ListScheduler of(SchedulingProblem problem) {
        return new ListScheduler(problem);
    }

    public SchedulingProblem problem() {
        return problem;
    }

    /** Serial schedule-generation scheme; {@code priorityOrder} must be a permutation of the task indices. */
    public Schedule schedule(List<Integer> priorityOrder) {
        Schedule.requirePermutation(priorityOrder, graph.n);
        SerialDecoder decoder = new SerialDecoder(graph);
        decoder.decodeOrder(toArray(priorityOrder));
        return Schedule.assemble(graph, decoder.start, decoder.finish, decoder.sequence);
    }

    /**
     * Classic non-delay list scheduling. The returned schedule's {@code priorityOrder} is its start
     * order, which the serial scheme turns into a schedule at least as short.
     */
    public Schedule scheduleNonDelay(List<Integer> priorityOrder) {
        Schedule.requirePermutation(priorityOrder, graph.n);
        int[] order = toArray(priorityOrder);
        double[] start = new double[graph.n];
        double[] finish = new double[graph.n];
        int[] started = nonDelay(graph, order, start, finish);
        return Schedule.assemble(graph, start, finish, started);
    }

    /** Parallel SGS; fills start/finish and returns the tasks in the order they were started. */
    static int[] nonDelay(ProblemGraph g, int[] order, double[] start, double[] finish) {
        int n = g.n;
        boolean[] done = new boolean[n];
        int[] pending = new int[n];
        for (int i = 0; i < n; i++) {
            pending[i] = g.predecessorCount(i);
        }
        boolean[] startedFlag = new boolean[n];
        int[] running = new int[n];
        int runningCount = 0;
        int[] serviceUse = new int[g.capacity.length];
        int[] sequence = new int[n];
        int count = 0;
        double now = 0;
        while (count < n) {
            boolean progress = true;
            while (progress) {
                progress = false;
                for (int t : order) {
                    if (startedFlag[t] || pending[t] > 0) {
                        continue;
                    }
                    int s = g.service[t];
                    boolean zero = g.duration[t] <= 0;
                    if (!zero && (runningCount >= g.workers || (s >= 0 && serviceUse[s] >= g.capacity[s]))) {
                        continue;
                    }
                    startedFlag[t] = true;
                    start[t] = now;
                    finish[t] = now + g.duration[t];
                    sequence[count++] = t;
                    if (zero) {
                        complete(g, t, done, pending);
                        progress = true; // successors may be ready at the same instant
                    } else {
                        running[runningCount++] = t;
                        if (s >= 0) {
                            serviceUse[s]++;
                        }
                    }
                }
            }
            if (runningCount == 0) {
                if (count < n) {
                    throw new IllegalStateException("list scheduling stalled at time " + now);
                }
                break;
            }
            double next = Double.POSITIVE_INFINITY;
            for (int r = 0; r < runningCount; r++) {
                next = Math.min(next, finish[running[r]]);
            }
            now = next;
            for (int r = 0; r < runningCount; ) {
                int t = running[r];
                if (finish[t] <= now) {
                    running[r] = running[--runningCount];
                    if (g.service[t] >= 0) {
                        serviceUse[g.service[t]]--;
                    }
                    complete(g, t, done, pending);
                } else {
                    r++;
                }
            }
        }
        return sequence;
    }

    private static void complete(ProblemGraph g, int t, boolean[] done, int[] pending) {
        done[t] = true;
        for (int q = g.succStart[t]; q < g.succStart[t + 1]; q++) {
            pending[g.succs[q]]--;
        }
    }

    static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    static List<Integer> toList(int[] array) {
        Integer[] boxed = new Integer[array.length];
        for (int i = 0; i < array.length; i++) {
            boxed[i] = array[i];
        }
        return List.of(boxed);
    }
}
