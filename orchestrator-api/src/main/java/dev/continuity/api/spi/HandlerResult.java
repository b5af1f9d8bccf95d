package dev.continuity.api.spi;

import dev.continuity.api.StepOutcome;

import java.util.Objects;

/**
 * What a handler did.
 *
 * @param outcome {@link StepOutcome#UPDATED} when it staged a change, {@link StepOutcome#UNCHANGED} when there was nothing to do
 * @param summary one line for the report
 */
public record HandlerResult(StepOutcome outcome, String summary) {
    public HandlerResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(summary, "summary");
        if (outcome == StepOutcome.FAILED || outcome == StepOutcome.SKIPPED) {
            throw new IllegalArgumentException("a handler reports failure by throwing, not with outcome " + outcome);
        }
    }

    public static HandlerResult updated(String summary) {
        return new HandlerResult(StepOutcome.UPDATED, summary);
    }

    public static HandlerResult unchanged(String summary) {
        return new HandlerResult(StepOutcome.UNCHANGED, summary);
    }
}
