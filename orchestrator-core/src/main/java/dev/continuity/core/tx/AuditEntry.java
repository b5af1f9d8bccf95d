package dev.continuity.core.tx;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code .continuity/audit.jsonl}: a file change Continuity made.
 *
 * @param time        when the transaction was prepared (from its clock)
 * @param executionId the run
 * @param journalId   the transaction within the run (one per commit or checkpoint)
 * @param stepId      the step that changed the file ({@code rollback} when a checkpointed run was undone)
 * @param handlerId   the handler or plugin that wrote it
 * @param path        project-relative
 * @param action      what happened to the file
 * @param beforeHash  SHA-256 of the content before, empty when the file did not exist
 * @param afterHash   SHA-256 of the content after, empty when the file was deleted
 * @param merged      whether the content was merged three-way with an edit made during the run
 */
public record AuditEntry(Instant time, String executionId, String journalId, String stepId, String handlerId, String path,
                         Action action, Optional<String> beforeHash, Optional<String> afterHash, boolean merged) {

    /** What happened to a file. */
    public enum Action { CREATED, MODIFIED, DELETED }

    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(journalId, "journalId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(handlerId, "handlerId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(beforeHash, "beforeHash");
        Objects.requireNonNull(afterHash, "afterHash");
    }
}
