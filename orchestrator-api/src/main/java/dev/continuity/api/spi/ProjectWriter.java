package dev.continuity.api.spi;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The only way anything writes into the project. Bound to the running transaction: writes are staged and become
 * visible all together at commit. Paths are confined to the project root, lexically and after resolving symlinks.
 */
public interface ProjectWriter {

    /**
     * Stages new content for a file (created if absent).
     *
     * @throws dev.continuity.api.PathEscapeException when the path leaves the project root
     */
    void write(String path, byte[] content);

    /** Stages UTF-8 text. */
    default void writeText(String path, String text) {
        write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The staged content if this transaction wrote the file, else the file on disk, else empty. */
    default Optional<byte[]> read(String path) {
        return Optional.empty();
    }
}
