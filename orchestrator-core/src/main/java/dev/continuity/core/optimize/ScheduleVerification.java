package dev.continuity.core.optimize;

import java.util.List;

/**
 * The outcome of {@link Schedule#verify(SchedulingProblem)}: every violated constraint, described
 * in words with the tasks and times involved. Empty means feasible.
 *
 * @param violations one line per violated constraint
 */
public record ScheduleVerification(List<String> violations) {

    public ScheduleVerification {
        violations = List.copyOf(violations);
    }

    public boolean feasible() {
        return violations.isEmpty();
    }

    /** Throws {@link IllegalStateException} listing the violations, unless the schedule is feasible. */
    public void orThrow() {
        if (!feasible()) {
            throw new IllegalStateException("infeasible schedule: " + String.join("; ", violations));
        }
    }
}
