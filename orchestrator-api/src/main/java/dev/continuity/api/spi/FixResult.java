package dev.continuity.api.spi;

import dev.continuity.api.FixOutcome;

import java.util.Objects;

/**
 * What a {@link FixStrategy} did.
 *
 * @param outcome     the outcome
 * @param description what was done, or why nothing was (the evidence for a human)
 */
public record FixResult(FixOutcome outcome, String description) {
    public FixResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(description, "description");
    }

    public static FixResult applied(String description) {
        return new FixResult(FixOutcome.APPLIED, description);
    }

    public static FixResult notApplicable(String why) {
        return new FixResult(FixOutcome.NOT_APPLICABLE, why);
    }

    public static FixResult needsHuman(String evidence) {
        return new FixResult(FixOutcome.NEEDS_HUMAN, evidence);
    }

    public static FixResult failed(String why) {
        return new FixResult(FixOutcome.FAILED, why);
    }
}
