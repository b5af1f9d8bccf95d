package dev.continuity.core.tx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a commit (or a checkpoint, or the rollback of a checkpointed run) changed.
 *
 * @param executionId     the run
 * @param checkpointLabel the checkpoint's label, for a checkpoint
 * @param changes         every project file changed, in apply order (files whose content did not change are omitted)
 * @param warnings        cleanup that could not be done after the commit point (the commit stands; the next open of
 *                        the project finishes the cleanup)
 */
public record CommitResult(String executionId, Optional<String> checkpointLabel, List<Change> changes, List<String> warnings) {

    public CommitResult {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(checkpointLabel, "checkpointLabel");
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }

    /**
     * One changed file.
     *
     * @param path       project-relative
     * @param action     created, modified or deleted
     * @param beforeHash SHA-256 before, empty for a created file
     * @param afterHash  SHA-256 after, empty for a deleted file
     * @param stepId     the step that wrote it
     * @param handlerId  the handler or plugin that wrote it
     * @param merged     merged three-way with an edit the author made during the run
     */
    public record Change(String path, AuditEntry.Action action, Optional<String> beforeHash, Optional<String> afterHash,
                         String stepId, String handlerId, boolean merged) {
        public Change {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(beforeHash, "beforeHash");
            Objects.requireNonNull(afterHash, "afterHash");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(handlerId, "handlerId");
        }
    }
}
