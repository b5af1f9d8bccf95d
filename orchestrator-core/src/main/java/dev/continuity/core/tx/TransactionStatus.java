package dev.continuity.core.tx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is pending in a project, read without taking the lock: an unsettled journal (the next open settles it),
 * checkpointed runs that were not finalised, and the lock holder.
 */
public record TransactionStatus(Optional<PendingJournal> pendingJournal, List<CheckpointedRun> checkpointedRuns,
                                Optional<LockHolder> lock) {

    public TransactionStatus {
        Objects.requireNonNull(pendingJournal, "pendingJournal");
        checkpointedRuns = List.copyOf(checkpointedRuns);
        Objects.requireNonNull(lock, "lock");
    }

    /**
     * A journal not yet settled.
     *
     * @param state       how far its transaction got
     * @param executionId its run, when the journal is complete
     * @param files       the files it changes, when the journal is complete
     */
    public record PendingJournal(State state, Optional<String> executionId, List<String> files) {
        public PendingJournal {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(executionId, "executionId");
            files = List.copyOf(files);
        }

        /** How far the transaction got. */
        public enum State {
            /** The journal was still being written: the project was not touched; recovery deletes it. */
            INCOMPLETE,
            /** Complete, no commit record: recovery rolls back. */
            UNCOMMITTED,
            /** Committed: recovery rolls forward (and cleans up). */
            COMMITTED
        }
    }
}
