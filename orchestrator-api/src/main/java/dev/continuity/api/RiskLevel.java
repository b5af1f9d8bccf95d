package dev.continuity.api;

/**
 * How much could go wrong if a file is updated badly, declared from the lowest to the highest. The graph predictor
 * starts from the file's kind, goes one level up for a file ten or more others depend on and one down below
 * confidence 0.6.
 */
public enum RiskLevel {
    /** A bad update is cheap and easy to spot (notes, derived files). */
    LOW,
    /** Plots, character sheets, settings, foreshadowing. */
    MEDIUM,
    /**
     * Manuscripts and the timeline. The critical-path optimiser puts a checkpoint after a step this risky or more, unless
     * it is the last step or cannot fail.
     */
    HIGH,
    /** Continuity's own configuration, or a {@code HIGH} file that many others depend on. */
    CRITICAL;

    /**
     * The higher of two levels.
     *
     * @param other the other level
     * @return this level or {@code other}, whichever is higher
     */
    public RiskLevel max(RiskLevel other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
