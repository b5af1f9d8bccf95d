package dev.continuity.api;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The steps of an update, in the baseline order (critical-path list scheduling), before optimisation.
 *
 * @param planId    unique id
 * @param context   the change the plan answers
 * @param steps     the steps; every {@code dependsOn} names a step of this plan that comes earlier
 * @param workers   how many steps may run at once
 * @param createdAt when the plan was made
 */
public record UpdatePlan(String planId, ChangeContext context, List<UpdateStep> steps, int workers, Instant createdAt) {
    /**
     * Rejects a blank {@code planId}, fewer than one worker, a duplicate step id and a {@code dependsOn} that names no
     * earlier step; copies {@code steps}.
     */
    public UpdatePlan {
        Copies.requireText(planId, "planId");
        Objects.requireNonNull(context, "context");
        steps = List.copyOf(steps);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Set<String> seen = new HashSet<>();
        for (UpdateStep step : steps) {
            for (String dep : step.dependsOn()) {
                if (!seen.contains(dep)) {
                    throw new IllegalArgumentException("step " + step.id() + " depends on " + dep + ", which is not an earlier step of plan " + planId);
                }
            }
            if (!seen.add(step.id())) {
                throw new IllegalArgumentException("duplicate step id " + step.id() + " in plan " + planId);
            }
        }
    }

    /** {@return the sum of the steps' estimated durations, in seconds (the plan's work on a single worker)} */
    public double totalWorkSeconds() {
        return steps.stream().mapToDouble(s -> s.estimatedDuration().toNanos() / 1e9).sum();
    }
}
