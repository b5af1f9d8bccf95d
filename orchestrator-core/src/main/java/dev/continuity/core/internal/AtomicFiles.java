package dev.continuity.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Replaces one file atomically: a temp file in the same folder, {@code force}, then an atomic move. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes {@code content} to a new temp file beside {@code target}, forced to disk; returns the temp file. */
    public static Path writeTemp(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".continuity-tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        return temp;
    }

    /** Moves the temp file over the target atomically; never falls back to a non-atomic move. */
    public static void moveInto(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Replaces {@code target} with {@code content} atomically. */
    public static void replace(Path target, byte[] content) throws IOException {
        Path temp = writeTemp(target, content);
        try {
            moveInto(temp, target);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
