package dev.continuity.core.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A timed plan: when and on which worker each task runs.
 *
 * <p>{@code priorityOrder} is the priority list the schedule was decoded from; for schedules made
 * by the optimisers it is the precedence-feasible scheduling sequence, and {@link
 * ListScheduler#schedule(List)} of it reproduces this schedule exactly. {@link
 * #verify(SchedulingProblem)} re-checks feasibility from scratch without trusting the decoder.
 *
 * @param tasks         one entry per task, {@code tasks.get(i).task() == i}
 * @param makespan      the latest finish time
 * @param priorityOrder a permutation of the task indices
 */
public record Schedule(List<ScheduledTask> tasks, double makespan, List<Integer> priorityOrder) {

    public Schedule {
        tasks = List.copyOf(tasks);
        priorityOrder = List.copyOf(priorityOrder);
        double latest = 0;
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).task() != i) {
                throw new IllegalArgumentException(
                        "tasks.get(" + i + ") must describe task " + i + ", was " + tasks.get(i).task());
            }
            latest = Math.max(latest, tasks.get(i).finish());
        }
        if (Math.abs(latest - makespan) > 1e-9 * Math.max(1, latest)) {
            throw new IllegalArgumentException("makespan must be the latest finish " + latest + ", was " + makespan);
        }
        requirePermutation(priorityOrder, tasks.size());
    }

    public int size() {
        return tasks.size();
    }

    public double start(int task) {
        return tasks.get(task).start();
    }

    public double finish(int task) {
        return tasks.get(task).finish();
    }

    public int worker(int task) {
        return tasks.get(task).worker();
    }

    /** Task indices by start time (ties: finish time, then index). */
    public List<Integer> startOrder() {
        return tasks.stream()
                .sorted(Comparator.comparingDouble(ScheduledTask::start)
                        .thenComparingDouble(ScheduledTask::finish)
                        .thenComparingInt(ScheduledTask::task))
                .map(ScheduledTask::task)
                .toList();
    }

    /**
     * Checks, independently of any decoder, that this schedule is feasible for {@code problem}:
     * every task present once with its duration, no start before a predecessor's finish, workers in
     * range and never running two tasks at once, never more than {@code workers} tasks at once,
     * never more tasks on a service than its capacity, and a makespan equal to the latest finish.
     * Times are compared with a relative tolerance of 1e-9.
     */
    public ScheduleVerification verify(SchedulingProblem problem) {
        Objects.requireNonNull(problem, "problem");
        List<String> violations = new ArrayList<>();
        List<Task> defs = problem.tasks();
        if (defs.size() != tasks.size()) {
            violations.add("schedule has " + tasks.size() + " tasks, problem has " + defs.size());
            return new ScheduleVerification(violations);
        }
        double eps = 1e-9 * Math.max(1, makespan);
        double latest = 0;
        for (int i = 0; i < tasks.size(); i++) {
            ScheduledTask st = tasks.get(i);
            Task def = defs.get(i);
            latest = Math.max(latest, st.finish());
            if (!st.id().equals(def.id())) {
                violations.add("task " + i + " is '" + def.id() + "' but the schedule says '" + st.id() + "'");
            }
            if (Math.abs(st.duration() - def.duration()) > eps) {
                violations.add("task '" + def.id() + "' runs " + st.duration() + " but takes " + def.duration());
            }
            if (st.worker() >= problem.workers()) {
                violations.add("task '" + def.id() + "' on worker " + st.worker() + " of " + problem.workers());
            }
            for (int p : def.predecessors()) {
                if (st.start() < tasks.get(p).finish() - eps) {
                    violations.add("task '" + def.id() + "' starts at " + st.start() + " before predecessor '"
                            + defs.get(p).id() + "' finishes at " + tasks.get(p).finish());
                }
            }
        }
        if (Math.abs(latest - makespan) > eps) {
            violations.add("makespan " + makespan + " but the latest finish is " + latest);
        }
        checkWorkers(problem, eps, violations);
        checkCapacity("workers", problem.workers(), tasks, eps, violations);
        for (Map.Entry<String, Integer> e : problem.serviceCapacity().entrySet()) {
            List<ScheduledTask> using = tasks.stream()
                    .filter(st -> defs.get(st.task()).service().filter(e.getKey()::equals).isPresent())
                    .toList();
            checkCapacity("service '" + e.getKey() + "'", e.getValue(), using, eps, violations);
        }
        return new ScheduleVerification(violations);
    }

    private void checkWorkers(SchedulingProblem problem, double eps, List<String> violations) {
        List<List<ScheduledTask>> perWorker = new ArrayList<>();
        for (int w = 0; w < problem.workers(); w++) {
            perWorker.add(new ArrayList<>());
        }
        for (ScheduledTask st : tasks) {
            if (st.worker() < problem.workers() && st.duration() > eps) {
                perWorker.get(st.worker()).add(st);
            }
        }
        for (int w = 0; w < perWorker.size(); w++) {
            List<ScheduledTask> list = new ArrayList<>(perWorker.get(w));
            list.sort(Comparator.comparingDouble(ScheduledTask::start));
            for (int k = 1; k < list.size(); k++) {
                ScheduledTask prev = list.get(k - 1);
                ScheduledTask next = list.get(k);
                if (next.start() < prev.finish() - eps) {
                    violations.add("worker " + w + " runs '" + prev.id() + "' [" + prev.start() + ", "
                            + prev.finish() + ") and '" + next.id() + "' from " + next.start() + " at once");
                }
            }
        }
    }

    /** Sweeps start/finish events; a finish within {@code eps} of a start is processed first. */
    private static void checkCapacity(String what, int capacity, List<ScheduledTask> running, double eps,
            List<String> violations) {
        int m = running.size();
        double[][] events = new double[2 * m][];
        int k = 0;
        for (ScheduledTask st : running) {
            if (st.duration() <= eps) {
                continue;
            }
            events[k++] = new double[] {st.start(), 1, st.task()};
            events[k++] = new double[] {st.finish() - eps, -1, st.task()};
        }
        double[][] sorted = Arrays.copyOf(events, k);
        Arrays.sort(sorted, Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> e[1]));
        int level = 0;
        for (double[] e : sorted) {
            level += (int) e[1];
            if (level > capacity) {
                violations.add(what + ": " + level + " tasks at once at time " + e[0] + " (capacity "
                        + capacity + "), starting task " + (int) e[2]);
                return;
            }
        }
    }

    static void requirePermutation(List<Integer> order, int n) {
        if (order.size() != n) {
            throw new IllegalArgumentException("priority order must list all " + n + " tasks, has " + order.size());
        }
        boolean[] seen = new boolean[n];
        for (Integer t : order) {
            if (t == null || t < 0 || t >= n) {
                throw new IllegalArgumentException("priority order: task index " + t + " out of range [0, " + n + ")");
            }
            if (seen[t]) {
                throw new IllegalArgumentException("priority order: task index " + t + " listed twice");
            }
            seen[t] = true;
        }
    }

    /** Builds a schedule from decoder arrays, assigning workers greedily by start time. */
    static Schedule assemble(ProblemGraph graph, double[] start, double[] finish, int[] order) {
        int n = graph.n;
        Integer[] byStart = new Integer[n];
        for (int i = 0; i < n; i++) {
            byStart[i] = i;
        }
        Arrays.sort(byStart, Comparator.<Integer>comparingDouble(i -> start[i])
                .thenComparingDouble(i -> finish[i]).thenComparingInt(i -> i));
        double[] free = new double[graph.workers];
        int[] worker = new int[n];
        for (int i : byStart) {
            int chosen = 0;
            for (int w = 0; w < free.length; w++) {
                if (free[w] <= start[i]) {
                    chosen = w;
                    break;
                }
            }
            worker[i] = chosen;
            if (finish[i] > start[i]) {
                if (free[chosen] > start[i]) {
                    throw new IllegalStateException("no free worker for task '" + graph.ids[i] + "' at " + start[i]);
                }
                free[chosen] = finish[i];
            }
        }
        List<ScheduledTask> tasks = new ArrayList<>(n);
        double makespan = 0;
        for (int i = 0; i < n; i++) {
            tasks.add(new ScheduledTask(i, graph.ids[i], start[i], finish[i], worker[i]));
            makespan = Math.max(makespan, finish[i]);
        }
        List<Integer> priority = new ArrayList<>(n);
        for (int t : order) {
            priority.add(t);
        }
        return new Schedule(tasks, makespan, priority);
    }
}
