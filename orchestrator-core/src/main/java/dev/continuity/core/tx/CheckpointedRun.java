package dev.continuity.core.tx;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A {@link dev.continuity.api.CommitPolicy#CHECKPOINTED} run that has committed checkpoints but was not finalised:
 * what a caller needs to resume it (or to decide to roll it back).
 *
 * @param executionId      the run
 * @param startedAt        when its first checkpoint's transaction began
 * @param checkpoints      how many checkpoints it committed
 * @param lastLabel        the label of the last one
 * @param lastCheckpointAt when the last one was made
 * @param completedStepIds every step completed up to the last checkpoint, in completion order
 * @param planJson         the plan stored with the last checkpoint
 * @param changedFiles     every project file the run changed so far
 * @param committedFiles   the same files, each with its content hash at the run's start and after the last checkpoint
 */
public record CheckpointedRun(String executionId, Instant startedAt, int checkpoints, String lastLabel, Instant lastCheckpointAt,
                              List<String> completedStepIds, String planJson, List<String> changedFiles,
                              List<CommittedFile> committedFiles) {
    /**
     * A file the run's checkpoints changed.
     *
     * @param path       relative to the project root
     * @param beforeHash SHA-256 (hex) of the content at the run's start, or empty when the run created the file
     * @param afterHash  SHA-256 (hex) of the content the last checkpoint committed
     */
    public record CommittedFile(String path, String beforeHash, String afterHash) {
        public CommittedFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(beforeHash, "beforeHash");
            Objects.requireNonNull(afterHash, "afterHash");
        }
    }

    public CheckpointedRun {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastLabel, "lastLabel");
        Objects.requireNonNull(lastCheckpointAt, "lastCheckpointAt");
        Objects.requireNonNull(planJson, "planJson");
        completedStepIds = List.copyOf(completedStepIds);
        changedFiles = List.copyOf(changedFiles);
        committedFiles = List.copyOf(committedFiles);
    }
}
