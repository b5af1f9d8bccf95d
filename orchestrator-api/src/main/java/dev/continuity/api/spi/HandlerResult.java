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
    /** Rejects {@code FAILED} and {@code SKIPPED}: a handler reports failure by throwing. */
    public HandlerResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(summary, "summary");
        if (outcome == StepOutcome.FAILED || outcome == StepOutcome.SKIPPED) {
            throw new IllegalArgumentException("a handler reports failure by throwing, not with outcome " + outcome);
        }
    }

    /**
     * The handler staged a change. A step that staged nothing is reported {@code UNCHANGED} all the same.
     *
     * @param summary one line for the report
     * @return an {@link StepOutcome#UPDATED} result
     */
    public static HandlerResult updated(String summary) {
        return new HandlerResult(StepOutcome.UPDATED, summary);
    }

    /**
     * The handler found nothing to change (whatever it did stage is still recorded and committed).
     *
     * @param summary one line for the report
     * @return an {@link StepOutcome#UNCHANGED} result
     */
    public static HandlerResult unchanged(String summary) {
        return new HandlerResult(StepOutcome.UNCHANGED, summary);
    }
}
