package dev.continuity.ml.features;

import dev.continuity.ml.history.UpdateHistoryRecord;

/**
 * Gives the {@link EditEvidence} of past transactions for training (for mined commits: what each commit removed from
 * its files, against its parent). Opened for one training and closed after it.
 */
public interface EditSource extends AutoCloseable {

    /** The evidence of {@code record}; {@link EditEvidence#none()} when unknown. */
    EditEvidence editsOf(UpdateHistoryRecord record);

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
