package dev.continuity.api;

/**
 * A point in the plan after which completed work is committed (with {@link CommitPolicy#CHECKPOINTED}).
 *
 * @param afterStepId          the checkpoint follows this step
 * @param position             its index in the priority order
 * @param reason               why it is there
 * @param protectedWorkSeconds work that a later failure can no longer lose
 * @param cumulativeRisk       probability that some step up to here fails
 */
public record AdaptiveCheckpoint(String afterStepId, int position, String reason, double protectedWorkSeconds, double cumulativeRisk) {
    /** Rejects a blank {@code afterStepId} and a {@code cumulativeRisk} outside [0, 1]. */
    public AdaptiveCheckpoint {
        Copies.requireText(afterStepId, "afterStepId");
        Copies.requireProbability(cumulativeRisk, "cumulativeRisk");
    }
}
