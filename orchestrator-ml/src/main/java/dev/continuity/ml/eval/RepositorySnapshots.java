package dev.continuity.ml.eval;

import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.history.UpdateHistoryRecord;

import java.util.Set;

/**
 * The state of the project at a commit: which content files existed and how they linked.
 * The evaluation asks only for the <em>parent</em> of each test commit, so nothing later leaks in.
 */
public interface RepositorySnapshots {

    /** The content files present at {@code commit}. */
    Set<String> contentFilesAt(String commit);

    /** The link graph of the content files at {@code commit}; {@link LinkGraph#empty()} when unknown. */
    default LinkGraph linkGraphAt(String commit) {
        return LinkGraph.empty();
    }

    /**
     * What {@code tx} removed from its files and the project's terms at its parent; {@link EditEvidence#none()} when
     * unknown.
     */
    default EditEvidence editsOf(UpdateHistoryRecord tx) {
        return EditEvidence.none();
    }
}
