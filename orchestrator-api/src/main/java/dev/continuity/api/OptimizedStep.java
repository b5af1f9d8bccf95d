package dev.continuity.api;

import java.util.Objects;

/**
 * A step with its place in the optimised schedule.
 *
 * @param step          the step
 * @param priority      0 is released first when several steps are ready
 * @param plannedStart  predicted start, in seconds from the start of the run
 * @param plannedFinish predicted finish, in seconds
 * @param worker        the worker slot the schedule assigns
 */
public record OptimizedStep(UpdateStep step, int priority, double plannedStart, double plannedFinish, int worker) {
    /** Rejects a negative {@code priority}, {@code worker} or {@code plannedStart}, and a finish before the start. */
    public OptimizedStep {
        Objects.requireNonNull(step, "step");
        if (priority < 0 || worker < 0 || plannedStart < 0 || plannedFinish < plannedStart) {
            throw new IllegalArgumentException("bad schedule entry for step " + step.id() + ": priority " + priority
                    + ", worker " + worker + ", start " + plannedStart + ", finish " + plannedFinish);
        }
    }
}
