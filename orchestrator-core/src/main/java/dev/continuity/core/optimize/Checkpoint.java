package dev.continuity.core.optimize;

import java.util.Objects;

/**
 * A checkpoint chosen by the {@link SafetyModel}: after the step {@code afterTask} commits, all
 * results so far are persisted, so a later failure no longer loses them.
 *
 * @param afterTask      index of the step after which the checkpoint is taken
 * @param afterTaskId    that step's id
 * @param position       1-based position of that step in the commit order
 * @param segmentRisk    probability that some step since the previous checkpoint fails
 * @param protectedWork  work (durations) committed since the previous checkpoint, which this one persists
 * @param expectedSaving expected lost work plus checkpoint cost saved by having this checkpoint,
 *                       the others kept (&gt; 0 for every chosen checkpoint)
 * @param reason         a one-line explanation for people
 */
public record Checkpoint(
        int afterTask,
        String afterTaskId,
        int position,
        double segmentRisk,
        double protectedWork,
        double expectedSaving,
        String reason) {

    public Checkpoint {
        Objects.requireNonNull(afterTaskId, "afterTaskId");
        Objects.requireNonNull(reason, "reason");
        if (afterTask < 0) {
            throw new IllegalArgumentException("afterTask must be >= 0, was " + afterTask);
        }
        if (position < 1) {
            throw new IllegalArgumentException("position must be >= 1, was " + position);
        }
        if (!(segmentRisk >= 0 && segmentRisk <= 1)) {
            throw new IllegalArgumentException("segmentRisk must be in [0, 1], was " + segmentRisk);
        }
        if (!(protectedWork >= 0)) {
            throw new IllegalArgumentException("protectedWork must be >= 0, was " + protectedWork);
        }
    }
}
