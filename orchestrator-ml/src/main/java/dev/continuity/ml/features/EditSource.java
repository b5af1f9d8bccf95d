package dev.continuity.ml.features;

import dev.continuity.ml.history.UpdateHistoryRecord;

/**
 * Gives the {@link EditEvidence} of past transactions for training (for mined commits: what each commit removed from
 * its files, against its parent). Opened for one training and closed after it.
 *
 * <p>A source is used by one thread at a time, but not always by the thread that reads its evidence: a training reads
 * the evidence of later records on a second thread while it builds the rows of earlier ones. The evidence a source
 * returns, its {@link EditEvidence#content()} included, must therefore stay true and be safe to read on another thread
 * (once handed over through a blocking queue) while the source goes on to later records.
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
