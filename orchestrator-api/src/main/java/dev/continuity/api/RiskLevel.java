package dev.continuity.api;

/** How much could go wrong if a file is updated badly. */
public enum RiskLevel {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** The higher of two levels. */
    public RiskLevel max(RiskLevel other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
