package dev.continuity.ml.features;

import dev.continuity.ml.history.UpdateHistoryRecord;

/**
 * Gives the {@link EditEvidence} of past transactions for training (for mined commits: what each commit removed from
 * its files, against its parent). Opened for one training and closed after it.
 */
public interface EditSource extends AutoCloseable {

    /** The evidence of {@code record}; {@link EditEvidence#none()} when unknown. */
    EditEvidence editsOf(UpdateHistoryRecord record);

    /**
     * The content files there were just before {@code record} (for a mined commit, those of its parent's tree): the
     * candidates a training query of it is ranked against, as the evaluation ranks them. Empty when unknown (a run of
     * the orchestrator, or no repository); the files the history knows stand in then.
     */
    default java.util.Optional<java.util.Set<String>> filesBefore(UpdateHistoryRecord record) {
        return java.util.Optional.empty();
    }

    @Override
    void close();

    /** A source that knows nothing. */
    static EditSource none() {
        return new EditSource() {
            @Override
            public EditEvidence editsOf(UpdateHistoryRecord record) {
                return EditEvidence.none();
            }

            @Override
            public void close() {
            }
        };
    }
}
