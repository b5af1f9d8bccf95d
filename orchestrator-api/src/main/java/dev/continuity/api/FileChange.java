package dev.continuity.api;

/**
 * A file a run changed.
 *
 * @param path       relative to the project root
 * @param beforeHash SHA-256 (hex) of the content before, or empty for a new file
 * @param afterHash  SHA-256 (hex) of the content after
 * @param stepId     the step that changed it
 * @param summary    what changed, in a line
 */
public record FileChange(String path, String beforeHash, String afterHash, String stepId, String summary) {
    /** Rejects a blank {@code path}, {@code afterHash} or {@code stepId}. */
    public FileChange {
        Copies.requireText(path, "path");
        java.util.Objects.requireNonNull(beforeHash, "beforeHash");
        Copies.requireText(afterHash, "afterHash");
        Copies.requireText(stepId, "stepId");
        java.util.Objects.requireNonNull(summary, "summary");
    }
}
