package dev.continuity.ml.history;

import java.util.Objects;

/**
 * One file of a transaction with the size of its change.
 *
 * @param path         project-relative path with {@code /} separators
 * @param linesAdded   lines added (0 when unknown or binary)
 * @param linesDeleted lines deleted (0 when unknown or binary)
 * @param kind         whether the file was added, modified or deleted
 */
public record ChangedFile(String path, int linesAdded, int linesDeleted, ChangeKind kind) {

    /** Rejects a null or blank path, a null kind and a negative line count. */
    public ChangedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        if (path.isBlank()) {
            throw new IllegalArgumentException("path must not be blank");
        }
        if (linesAdded < 0 || linesDeleted < 0) {
            throw new IllegalArgumentException("line counts must be >= 0, got +" + linesAdded + " -" + linesDeleted
                    + " for " + path);
        }
    }

    /** A modification of unknown size. */
    public static ChangedFile modified(String path) {
        return new ChangedFile(path, 0, 0, ChangeKind.MODIFIED);
    }

    /** A modification of the given size. */
    public static ChangedFile modified(String path, int linesAdded, int linesDeleted) {
        return new ChangedFile(path, linesAdded, linesDeleted, ChangeKind.MODIFIED);
    }

    /** The change magnitude: lines added plus lines deleted. */
    public int magnitude() {
        return linesAdded + linesDeleted;
    }
}
