package dev.continuity.api;

import java.util.Locale;

/** What the sequence optimiser minimises or maximises. */
public enum OptimizationGoal {
    /** Minimise the makespan of the whole update. */
    MINIMIZE_TIME,
    /** Minimise the expected work lost to a failure: risky steps early, checkpoints after them. */
    MAXIMIZE_SAFETY,
    /** Minimise how much completed, uncommitted work is exposed to a rollback. */
    MINIMIZE_RISK_EXPOSURE;

    /**
     * Parses a goal as the specification spells it ({@code "minimize_time"}) or as the enum does; case does not matter,
     * surrounding blanks are ignored and {@code -} stands for {@code _}.
     *
     * @param text the goal's name, e.g. {@code minimize_time}, {@code MAXIMIZE_SAFETY} or {@code minimize-risk-exposure}
     * @return the goal
     * @throws IllegalArgumentException naming the unknown goal and the known ones
     */
    public static OptimizationGoal parse(String text) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (OptimizationGoal goal : values()) {
            if (goal.name().equals(key)) {
                return goal;
            }
        }
        throw new IllegalArgumentException("unknown optimisation goal '" + text + "', expected one of minimize_time, maximize_safety, minimize_risk_exposure");
    }
}
