package dev.continuity.core.optimize;

import java.util.Objects;

/**
 * Where and when one task runs in a {@link Schedule}.
 *
 * @param task   the task's index in the problem
 * @param id     the task's id
 * @param start  start time, {@code >= 0}
 * @param finish finish time, {@code >= start}
 * @param worker the worker (processor) it runs on, {@code >= 0}
 */
public record ScheduledTask(int task, String id, double start, double finish, int worker) {

    public ScheduledTask {
        Objects.requireNonNull(id, "id");
        if (task < 0) {
            throw new IllegalArgumentException("task index must be >= 0, was " + task);
        }
        if (!(start >= 0) || !Double.isFinite(start)) {
            throw new IllegalArgumentException("task '" + id + "': start must be finite and >= 0, was " + start);
        }
        if (!(finish >= start) || !Double.isFinite(finish)) {
            throw new IllegalArgumentException(
                    "task '" + id + "': finish must be finite and >= start " + start + ", was " + finish);
        }
        if (worker < 0) {
            throw new IllegalArgumentException("task '" + id + "': worker must be >= 0, was " + worker);
        }
    }

    public double duration() {
        return finish - start;
    }
}
