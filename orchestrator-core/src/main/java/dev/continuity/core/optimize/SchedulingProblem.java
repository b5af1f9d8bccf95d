package dev.continuity.core.optimize;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A resource-constrained project scheduling problem (RCPSP) built from an update plan.
 *
 * <p>Tasks form a directed acyclic graph through {@link Task#predecessors()}. At most {@code
 * workers} tasks run at the same time. A task that names a service also needs one unit of that
 * service's capacity while it runs; a service absent from {@code serviceCapacity} is limited only
 * by the worker count. Capacities are renewable resources: a unit is returned when the task ends.
 *
 * <p>The constructor rejects, with the offending value in the message: a non-positive worker count,
 * a non-positive capacity, duplicate task ids, predecessor indices out of range, self-loops and
 * cycles (naming the tasks on the cycle).
 *
 * @param tasks           the steps; index {@code i} in this list is the task's identity
 * @param workers         how many tasks may run at once, {@code >= 1}
 * @param serviceCapacity per service, how many tasks may use it at once, each {@code >= 1}
 */
public record SchedulingProblem(List<Task> tasks, int workers, Map<String, Integer> serviceCapacity) {

    public SchedulingProblem {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(serviceCapacity, "serviceCapacity");
        tasks = List.copyOf(tasks);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        Map<String, Integer> capacities = new LinkedHashMap<>();
        serviceCapacity.forEach((service, capacity) -> {
            Objects.requireNonNull(service, "service name");
            Objects.requireNonNull(capacity, "capacity of service " + service);
            if (capacity < 1) {
                throw new IllegalArgumentException(
                        "capacity of service '" + service + "' must be >= 1, was " + capacity);
            }
            capacities.put(service, capacity);
        });
        serviceCapacity = java.util.Collections.unmodifiableMap(capacities);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            if (!ids.add(task.id())) {
                throw new IllegalArgumentException("duplicate task id '" + task.id() + "' at index " + i);
            }
            for (int p : task.predecessors()) {
                if (p >= tasks.size()) {
                    throw new IllegalArgumentException("task '" + task.id() + "': predecessor index "
                            + p + " out of range [0, " + tasks.size() + ")");
                }
                if (p == i) {
                    throw new IllegalArgumentException("task '" + task.id() + "' depends on itself");
                }
            }
        }
        List<Integer> cycle = ProblemGraph.findCycle(tasks);
        if (!cycle.isEmpty()) {
            List<Task> all = tasks;
            List<String> names = cycle.stream().map(i -> all.get(i).id()).toList();
            throw new IllegalArgumentException("dependency cycle: " + String.join(" -> ", names));
        }
    }

    /** A problem without service limits. */
    public static SchedulingProblem of(List<Task> tasks, int workers) {
        return new SchedulingProblem(tasks, workers, Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder().workers(workers);
        tasks.forEach(builder::task);
        serviceCapacity.forEach(builder::serviceCapacity);
        return builder;
    }

    /** The same tasks and service limits with a different worker count. */
    public SchedulingProblem withWorkers(int newWorkers) {
        return new SchedulingProblem(tasks, newWorkers, serviceCapacity);
    }

    public int size() {
        return tasks.size();
    }

    /** Index of the task with this id. */
    public int indexOf(String id) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no task with id '" + id + "'");
    }

    /** Sum of all durations. */
    public double totalWork() {
        double sum = 0;
        for (Task task : tasks) {
            sum += task.duration();
        }
        return sum;
    }

    /** Length of the longest path through the graph, durations included. */
    public double criticalPathLength() {
        double[] levels = ProblemGraph.of(this).bottomLevels();
        double max = 0;
        for (double level : levels) {
            max = Math.max(max, level);
        }
        return max;
    }

    /**
     * A lower bound on every feasible makespan: {@code max(critical path, total work / workers,
     * per service: its work / min(capacity, workers))}. When every duration is an integer the
     * load terms are rounded up, which is what the Standard Task Graph Set literature uses.
     */
    public double makespanLowerBound() {
        boolean integral = tasks.stream().allMatch(t -> t.duration() == Math.rint(t.duration()));
        double bound = Math.max(criticalPathLength(), load(totalWork(), workers, integral));
        Map<String, Double> serviceWork = new LinkedHashMap<>();
        for (Task task : tasks) {
            task.service().filter(serviceCapacity::containsKey)
                    .ifPresent(s -> serviceWork.merge(s, task.duration(), Double::sum));
        }
        for (Map.Entry<String, Double> e : serviceWork.entrySet()) {
            int capacity = Math.min(workers, serviceCapacity.get(e.getKey()));
            bound = Math.max(bound, load(e.getValue(), capacity, integral));
        }
        return bound;
    }

    private static double load(double work, int machines, boolean integral) {
        double load = work / machines;
        // guard the ceiling against representation error (e.g. 300.00000000000006)
        return integral ? Math.ceil(load - 1e-9) : load;
    }

    /** Builder for {@link SchedulingProblem}; defaults: one worker, no services. */
    public static final class Builder {
        private final List<Task> tasks = new ArrayList<>();
        private int workers = 1;
        private final Map<String, Integer> serviceCapacity = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder task(Task task) {
            tasks.add(Objects.requireNonNull(task, "task"));
            return this;
        }

        public Builder tasks(List<Task> newTasks) {
            newTasks.forEach(this::task);
            return this;
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder serviceCapacity(String service, int capacity) {
            serviceCapacity.put(Objects.requireNonNull(service, "service"), capacity);
            return this;
        }

        public SchedulingProblem build() {
            return new SchedulingProblem(tasks, workers, serviceCapacity);
        }
    }
}
