package dev.continuity.api;

/** What a {@link dev.continuity.api.spi.FixStrategy} did about an issue. */
public enum FixOutcome {
    /**
     * A fix was staged. From a strategy, a claim that healing verifies (and reverts when it does not hold); in a
     * {@link SelfHealingAction}, a fix that held and was kept.
     */
    APPLIED,
    /**
     * Nothing to do: the strategy does not handle the issue (the next one is tried), or, in a {@link SelfHealingAction},
     * the issue was no longer detected or was listed twice.
     */
    NOT_APPLICABLE,
    /**
     * The strategy tried and could not fix the issue, threw, overran its time limit or reported {@code APPLIED} without a
     * write; its writes are dropped.
     */
    FAILED,
    /**
     * Only a person can settle it; the description carries the evidence. Healing also ends so when no strategy could fix
     * the issue.
     */
    NEEDS_HUMAN
}
