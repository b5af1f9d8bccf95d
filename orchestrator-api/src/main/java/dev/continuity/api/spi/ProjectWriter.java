package dev.continuity.api.spi;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The only way anything writes into the project. Bound to the running transaction: writes are staged and become
 * visible all together at commit. Paths are confined to the project root, lexically and after resolving symlinks.
 */
public interface ProjectWriter {

    /**
     * Stages new content for a file (created if absent); it replaces what was staged for the file before.
     *
     * @param path    relative to the project root, with {@code /}
     * @param content the whole new content
     * @throws dev.continuity.api.PathEscapeException when the path leaves the project root
     * @throws IllegalStateException                  when the step attempt that writes was abandoned (it exceeded its
     *                                                time limit, or failed and will be retried): its late writes are
     *                                                refused
     */
    void write(String path, byte[] content);

    /**
     * Stages UTF-8 text, as {@link #write}.
     *
     * @param path relative to the project root, with {@code /}
     * @param text the whole new content
     * @throws dev.continuity.api.PathEscapeException when the path leaves the project root
     */
    default void writeText(String path, String text) {
        write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the file holds as far as this transaction can see.
     *
     * @param path relative to the project root, with {@code /}
     * @return the staged content if this transaction wrote the file, else the file on disk, else empty (also by
     *         default, for writers that cannot read)
     */
    default Optional<byte[]> read(String path) {
        return Optional.empty();
    }
}
