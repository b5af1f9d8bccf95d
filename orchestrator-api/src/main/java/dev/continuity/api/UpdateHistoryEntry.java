package dev.continuity.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run's outcome, as it is kept for learning.
 *
 * @param executionId   the run (or the commit, for history mined from git)
 * @param at            when it happened
 * @param author        who made the change, if known
 * @param changedFiles  the files the author changed
 * @param predictedFiles the files the run predicted
 * @param updatedFiles  the files the run (or the commit) really changed: a step or a fix edited their content
 * @param flaggedFiles  the files the run only marked for review (in their front matter or a sidecar): a mark records
 *                      what was predicted to need a look, not that the file changed with the others, so learning
 *                      from it would teach a model its own predictions
 * @param stepMillis    measured duration per step id
 * @param failures      failed step ids with their cause
 */
public record UpdateHistoryEntry(String executionId, Instant at, Optional<String> author, List<String> changedFiles,
                                 List<String> predictedFiles, List<String> updatedFiles, List<String> flaggedFiles,
                                 Map<String, Long> stepMillis,
                                 Map<String, String> failures) {
    /** Rejects a blank {@code executionId} and null map entries; copies the collections, keeping the maps' order. */
    public UpdateHistoryEntry {
        Copies.requireText(executionId, "executionId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(author, "author");
        changedFiles = List.copyOf(changedFiles);
        predictedFiles = List.copyOf(predictedFiles);
        updatedFiles = List.copyOf(updatedFiles);
        flaggedFiles = List.copyOf(flaggedFiles);
        stepMillis = Copies.orderedMap(stepMillis);
        failures = Copies.orderedMap(failures);
    }
}
