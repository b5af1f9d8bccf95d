package dev.continuity.core.tx;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The file-system layer through which <em>every</em> I/O of a {@link ProjectTransaction} goes: reads, creates,
 * writes, forces, atomic moves, deletes and directory syncs. Production code uses {@link #nio()}; tests wrap it
 * to count operations, inject I/O errors, crash the process at operation <i>k</i> or model a power loss that
 * drops every write not yet forced.
 *
 * <p>Implementations report failures as {@link IOException}s and never retry or fall back on their own:
 * {@link #atomicMove} must throw {@link java.nio.file.AtomicMoveNotSupportedException} rather than copy, and a
 * failed {@link WritableFile#force()} must throw rather than succeed on a second try.
 *
 * <p>Paths passed in are absolute paths of the project's file system (the default one, or e.g. Jimfs).
 */
public interface FileOps {

    /** The implementation on {@link java.nio.file.Files} and {@link java.nio.channels.FileChannel}. */
    static FileOps nio() {
        return NioFileOps.INSTANCE;
    }

    /** All bytes of a regular file; {@link NoSuchFileException} when it does not exist. */
    byte[] read(Path file) throws IOException;

    /** All bytes of a file, or empty when it does not exist. */
    default Optional<byte[]> readIfExists(Path file) throws IOException {
        try {
            return Optional.of(read(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Whether something (file, directory, link) exists at {@code path}, not following a final symlink. */
    boolean exists(Path path) throws IOException;

    /** Whether {@code path} is a directory (following links). */
    boolean isDirectory(Path path) throws IOException;

    /** The entries of a directory, in no particular order. */
    List<Path> list(Path dir) throws IOException;

    /** The real path: symlinks resolved, {@link NoSuchFileException} when it does not exist. */
    Path realPath(Path path) throws IOException;

    /** The size of a file in bytes. */
    long size(Path file) throws IOException;

    /** The last-modified time of a file. */
    FileTime lastModifiedTime(Path path) throws IOException;

    /**
     * The POSIX permissions of a file (following links), or empty where the file system has no POSIX attributes;
     * {@link NoSuchFileException} when it does not exist. The default has none: an implementation that does not
     * override this (and {@link #setPermissions}) leaves every file with the file system's default mode.
     */
    default Optional<Set<PosixFilePermission>> permissions(Path file) throws IOException {
        return Optional.empty();
    }

    /**
     * Sets the POSIX permissions of a file; a no-op where the file system has no POSIX attributes. Used on a temp
     * file before it is forced and moved over its target, so that the target never shows another mode.
     */
    default void setPermissions(Path file, Set<PosixFilePermission> permissions) throws IOException {
    }

    /** Creates one directory; its parent must exist. */
    void createDirectory(Path dir) throws IOException;

    /** Creates a new file ({@code CREATE_NEW}) and opens it for writing. */
    WritableFile createNew(Path file) throws IOException;

    /** Opens a file for writing, creating it if absent; writes append at the end. */
    WritableFile openForAppend(Path file) throws IOException;

    /**
     * Forces a file that was written and closed before: opens it for writing, {@code fsync}s it, closes it. (On
     * Linux since 4.16 a write-back error not yet seen by anyone is reported to this new descriptor too.) Used to
     * force many freshly written temp files together, after all of them were created.
     */
    void force(Path file) throws IOException;

    /**
     * Creates a new file ({@code CREATE_NEW}) holding {@code content}, without forcing it. One operation for the
     * lock file; a crash inside it can still leave the file empty or partial, which readers must tolerate.
     */
    void createNewFile(Path file, byte[] content) throws IOException;

    /**
     * Renames {@code source} to {@code target} with {@code ATOMIC_MOVE} (replacing {@code target}); throws
     * {@link java.nio.file.AtomicMoveNotSupportedException} when the file system cannot, never copies.
     */
    void atomicMove(Path source, Path target) throws IOException;

    /** Deletes a file or an empty directory; {@link NoSuchFileException} when absent. */
    void delete(Path path) throws IOException;

    /** Deletes a file or an empty directory if it exists. */
    boolean deleteIfExists(Path path) throws IOException;

    /**
     * Makes the directory's entries (creates, renames, deletes inside it) durable, like {@code fsync} on the
     * directory. A no-op where the platform has no such operation.
     */
    void syncDirectory(Path dir) throws IOException;

    /** A file open for writing. Every method is an I/O operation. */
    interface WritableFile extends AutoCloseable {
        /** Appends all of {@code data} at the end of the file. */
        void append(byte[] data) throws IOException;

        /** Forces content and metadata to the storage device ({@code fsync}). */
        void force() throws IOException;

        /** Truncates the file to {@code size} bytes (no-op when it is not longer). */
        void truncate(long size) throws IOException;

        /** The current size. */
        long size() throws IOException;

        @Override
        void close() throws IOException;
    }
}
