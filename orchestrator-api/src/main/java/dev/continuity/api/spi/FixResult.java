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
    /** Both values are required; {@code description} may be empty. */
    public FixResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(description, "description");
    }

    /**
     * The strategy staged a fix. Healing verifies it and reverts it when the issue is still detected or another appeared;
     * {@code APPLIED} without a write (other than review marks) counts as {@code FAILED}.
     *
     * @param description what was done, for the report
     * @return an {@link FixOutcome#APPLIED} result
     */
    public static FixResult applied(String description) {
        return new FixResult(FixOutcome.APPLIED, description);
    }

    /**
     * The strategy does not handle this issue after all; the next strategy is tried.
     *
     * @param why why it does not apply; noted in the report
     * @return a {@link FixOutcome#NOT_APPLICABLE} result
     */
    public static FixResult notApplicable(String why) {
        return new FixResult(FixOutcome.NOT_APPLICABLE, why);
    }

    /**
     * Only a person can fix it; {@code evidence} tells them what and where. Of what the strategy staged, only review marks
     * are kept; once some are, no further strategy is tried.
     *
     * @param evidence what a person must look at, and where
     * @return a {@link FixOutcome#NEEDS_HUMAN} result
     */
    public static FixResult needsHuman(String evidence) {
        return new FixResult(FixOutcome.NEEDS_HUMAN, evidence);
    }

    /**
     * The strategy tried and could not fix the issue; its writes are dropped and the next strategy is tried.
     *
     * @param why why the fix failed
     * @return a {@link FixOutcome#FAILED} result
     */
    public static FixResult failed(String why) {
        return new FixResult(FixOutcome.FAILED, why);
    }
}
