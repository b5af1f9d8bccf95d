package dev.continuity.core.optimize.stg;

import dev.continuity.core.optimize.SchedulingProblem;
import dev.continuity.core.optimize.Task;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One task graph of the Standard Task Graph Set: {@code taskCount} real tasks plus the zero-time
 * entry (index 0) and exit (index {@code taskCount + 1}) dummies. Task {@code i} has id {@code
 * "i"}; the set's ids are already in topological order.
 *
 * @param name                   the source name, e.g. {@code 50/rand0000.stg}
 * @param taskCount              number of real tasks (without the dummies)
 * @param tasks                  all {@code taskCount + 2} tasks
 * @param declaredCriticalPath   the "CP Length" of the file's footer, when present
 */
public record StgInstance(String name, int taskCount, List<Task> tasks, OptionalDouble declaredCriticalPath) {

    public StgInstance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(declaredCriticalPath, "declaredCriticalPath");
        tasks = List.copyOf(tasks);
        if (tasks.size() != taskCount + 2) {
            throw new IllegalArgumentException(
                    name + ": expected " + (taskCount + 2) + " tasks with the dummies, got " + tasks.size());
        }
    }

    /** The scheduling problem on {@code processors} identical processors, without service limits. */
    public SchedulingProblem problem(int processors) {
        return SchedulingProblem.of(tasks, processors);
    }
}
