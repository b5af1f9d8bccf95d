package dev.continuity.ml.history;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One transaction of the project's history: the files that changed together, what was predicted,
 * what really changed or was flagged, and how the run went.
 *
 * <p>For a mined git commit, {@code changedFiles} holds every content file of the commit and the
 * other lists are empty. For an orchestrator run, {@code changedFiles} holds the files the user
 * changed (the trigger), {@code predictedFiles} the files the impact analysis predicted, and
 * {@code affectedFiles} the files the run really changed, and {@code flaggedFiles} those it only marked for review.
 * The co-change transaction is the union of {@code changedFiles} and {@code affectedFiles}
 * ({@link #transactionFiles()}): a review mark records a prediction, not that the file changed with the others, and a
 * model that learned from it would learn its own predictions.
 *
 * @param id             unique id of the record (a commit id for mined records)
 * @param commit         the commit id, when the record comes from git
 * @param parentCommit   the first parent of that commit, when there is one
 * @param time           when the change was made, with the author's UTC offset
 * @param author         who made it, when known
 * @param source         where the record comes from
 * @param changedFiles   the files changed by the author, with their change magnitude
 * @param predictedFiles the files predicted as impacted (empty for mined records)
 * @param affectedFiles  the files the run really changed (empty for mined records)
 * @param stepDurations  duration of each executed step, by step id
 * @param failures       failure messages of the run, if any
 * @param flaggedFiles   the files the run only marked for review (empty for mined records)
 */
public record UpdateHistoryRecord(
        String id,
        Optional<String> commit,
        Optional<String> parentCommit,
        OffsetDateTime time,
        Optional<String> author,
        RecordSource source,
        List<ChangedFile> changedFiles,
        List<String> predictedFiles,
        List<String> affectedFiles,
        Map<String, Duration> stepDurations,
        List<String> failures,
        List<String> flaggedFiles) {

    /**
     * Rejects a blank id, a file listed twice, a negative step duration and nulls; copies the collections, keeping
     * the map's order.
     */
    public UpdateHistoryRecord {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(parentCommit, "parentCommit");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(source, "source");
        changedFiles = List.copyOf(changedFiles);
        predictedFiles = List.copyOf(predictedFiles);
        affectedFiles = List.copyOf(affectedFiles);
        stepDurations = Collections.unmodifiableMap(new LinkedHashMap<>(stepDurations));
        failures = List.copyOf(failures);
        flaggedFiles = List.copyOf(flaggedFiles);
        Set<String> seen = new LinkedHashSet<>();
        for (ChangedFile change : changedFiles) {
            if (!seen.add(change.path())) {
                throw new IllegalArgumentException("file listed twice in record " + id + ": " + change.path());
            }
        }
        for (Map.Entry<String, Duration> e : stepDurations.entrySet()) {
            if (e.getValue().isNegative()) {
                throw new IllegalArgumentException("negative duration for step " + e.getKey() + " in record " + id);
            }
        }
    }

    /** A record without files marked for review only. */
    public UpdateHistoryRecord(String id, Optional<String> commit, Optional<String> parentCommit, OffsetDateTime time,
                               Optional<String> author, RecordSource source, List<ChangedFile> changedFiles,
                               List<String> predictedFiles, List<String> affectedFiles,
                               Map<String, Duration> stepDurations, List<String> failures) {
        this(id, commit, parentCommit, time, author, source, changedFiles, predictedFiles, affectedFiles, stepDurations,
                failures, List.of());
    }

    /** A record of files changed together, as mined from a history (no predictions, no run data). */
    public static UpdateHistoryRecord ofChange(String id, OffsetDateTime time, Optional<String> author,
                                               List<ChangedFile> changedFiles) {
        return new UpdateHistoryRecord(id, Optional.empty(), Optional.empty(), time, author,
                RecordSource.ORCHESTRATOR, changedFiles, List.of(), List.of(), Map.of(), List.of());
    }

    /** The co-change transaction: changed files followed by the affected files not already among them. */
    public Set<String> transactionFiles() {
        Set<String> files = new LinkedHashSet<>();
        for (ChangedFile change : changedFiles) {
            files.add(change.path());
        }
        files.addAll(affectedFiles);
        return Collections.unmodifiableSet(files);
    }

    /** The change magnitude (lines added + deleted) of a file, 0 when the file is not among the changed files. */
    public int magnitudeOf(String path) {
        for (ChangedFile change : changedFiles) {
            if (change.path().equals(path)) {
                return change.magnitude();
            }
        }
        return 0;
    }

    /** The files whose last change in this record was a deletion. */
    public Set<String> deletedFiles() {
        Set<String> deleted = new LinkedHashSet<>();
        for (ChangedFile change : changedFiles) {
            if (change.kind() == ChangeKind.DELETED) {
                deleted.add(change.path());
            }
        }
        return deleted;
    }
}
