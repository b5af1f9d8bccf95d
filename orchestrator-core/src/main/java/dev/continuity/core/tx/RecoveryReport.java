package dev.continuity.core.tx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What opening a project found and did.
 *
 * @param outcome            what was done
 * @param executionId        the run of the journal that was settled
 * @param changedFiles       project files restored (rollback) or re-applied (roll-forward)
 * @param leftAlone          files holding neither the before- nor the after-image: someone changed them after the
 *                           crash; they were not touched
 * @param staleLockTakenOver whether a lock left by a dead process was taken over
 */
public record RecoveryReport(Outcome outcome, Optional<String> executionId, List<String> changedFiles, List<String> leftAlone,
                             boolean staleLockTakenOver) {

    /** What recovery did. */
    public enum Outcome {
        /** No journal: the last transaction finished. */
        NOTHING_TO_RECOVER,
        /** A journal that was never completed ({@code journal.tmp}) was deleted; the project had not been touched. */
        DISCARDED_INCOMPLETE_JOURNAL,
        /** A journal without commit record: every file was put back to its before-image. */
        ROLLED_BACK,
        /** A journal with commit record: every file was brought to its after-image. */
        ROLLED_FORWARD
    }

    public RecoveryReport {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(executionId, "executionId");
        changedFiles = List.copyOf(changedFiles);
        leftAlone = List.copyOf(leftAlone);
    }
}
