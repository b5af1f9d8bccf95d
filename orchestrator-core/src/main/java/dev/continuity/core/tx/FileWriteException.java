package dev.continuity.core.tx;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * A failure to change one file of the project, named by the file the user knows (project-relative), not by the
 * temp file beside it, with the cause in words: "cannot write 40_原稿/第5巻/第1話.md: permission denied on its
 * folder". The original exception is the cause.
 */
final class FileWriteException extends IOException {
    private final String file;

    private FileWriteException(String file, String message, IOException cause) {
        super(message, cause);
        this.file = file;
    }

    /** A failure writing (or restoring) {@code file}; {@code inFolder}: the operation was on its folder's entries. */
    static FileWriteException writing(String verb, String file, IOException cause, boolean inFolder) {
        return new FileWriteException(file, verb + " " + file + ": " + words(cause, inFolder), cause);
    }

    /** Refuses a file without the owner's write permission ({@code others}: more such files of the same transaction). */
    static FileWriteException readOnly(String file, int mode, java.util.List<String> others) {
        return new FileWriteException(file, file + ": the file is read-only (mode " + FileModes.text(mode)
                + "); make it writable to let Continuity update it"
                + (others.isEmpty() ? "" : " (also read-only: " + String.join(", ", others) + ")"), null);
    }

    /** The project-relative file. */
    String file() {
        return file;
    }

    /**
     * What went wrong, in words and without the (temp) file's path: the kind of failure for the common ones, the
     * operating system's reason otherwise.
     *
     * @param inFolder whether the failed operation creates, renames or deletes an entry of the file's folder (so a
     *                 permission problem is the folder's)
     */
    static String words(IOException e, boolean inFolder) {
        if (e instanceof FileWriteException w) {
            return w.getMessage();
        }
        if (e instanceof AtomicMoveNotSupportedException a) {
            return "the file system cannot rename atomically (ATOMIC_MOVE not supported"
                    + (a.getReason() == null ? "" : ": " + a.getReason()) + "); Continuity never falls back to a non-atomic move";
        }
        String where = inFolder ? " on its folder" : "";
        if (e instanceof AccessDeniedException) {
            return "permission denied" + where;
        }
        if (e instanceof NoSuchFileException) {
            return inFolder ? "its folder no longer exists" : "the file no longer exists";
        }
        if (e instanceof NotDirectoryException) {
            return "a part of its folder path is not a folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a leftover temp file is in the way (" + reason(e) + ")";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "a folder is in the way";
        }
        String reason = reason(e);
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left") || lower.contains("out of disk space") || lower.contains("disk full")) {
            return "the disk is full";
        }
        if (lower.contains("quota")) {
            return "the disk quota is exceeded";
        }
        if (lower.contains("read-only file system")) {
            return "the file system is read-only";
        }
        if (lower.contains("operation not permitted")) {
            return "operation not permitted" + where;
        }
        return reason;
    }

    /** The reason without the file names a {@link FileSystemException} puts in its message. */
    private static String reason(IOException e) {
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (reason == null || reason.isBlank()) {
            reason = e instanceof FileSystemException ? "an I/O error" : e.getClass().getSimpleName();
        }
        return reason;
    }
}
