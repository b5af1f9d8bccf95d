package dev.continuity.ml.features;

import dev.continuity.ml.history.ChangedFile;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A change to predict the impact of: the changed files with their magnitude, who changed them and
 * when, and the link graph of the project as it is before the change.
 *
 * @param changes   the changed files (at least one, no duplicates)
 * @param author    who made the change, when known
 * @param time      when, with the author's UTC offset (used for seasonal features)
 * @param linkGraph the project's link graph before the change ({@link LinkGraph#empty()} when unknown)
 * @param edits     what the change removed and where that text still is ({@link EditEvidence#none()} when unknown)
 */
public record ChangeQuery(List<ChangedFile> changes, Optional<String> author, OffsetDateTime time, LinkGraph linkGraph,
                          EditEvidence edits) {

    /** Rejects no changed file, a file listed twice and nulls; copies {@code changes}. */
    public ChangeQuery {
        changes = List.copyOf(changes);
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(linkGraph, "linkGraph");
        Objects.requireNonNull(edits, "edits");
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a change query needs at least one changed file");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (ChangedFile c : changes) {
            if (!seen.add(c.path())) {
                throw new IllegalArgumentException("changed file listed twice: " + c.path());
            }
        }
    }

    /** A change without edit evidence. */
    public ChangeQuery(List<ChangedFile> changes, Optional<String> author, OffsetDateTime time, LinkGraph linkGraph) {
        this(changes, author, time, linkGraph, EditEvidence.none());
    }

    /** This change with the given edit evidence. */
    public ChangeQuery withEdits(EditEvidence evidence) {
        return new ChangeQuery(changes, author, time, linkGraph, evidence);
    }

    /** A query for files changed by an unknown amount, without author and link graph. */
    public static ChangeQuery of(OffsetDateTime time, String... files) {
        List<ChangedFile> changes = new ArrayList<>();
        for (String f : files) {
            changes.add(ChangedFile.modified(f));
        }
        return new ChangeQuery(changes, Optional.empty(), time, LinkGraph.empty());
    }

    /** The changed paths in order. */
    public List<String> files() {
        return changes.stream().map(ChangedFile::path).toList();
    }
}
