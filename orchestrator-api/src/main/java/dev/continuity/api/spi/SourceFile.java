package dev.continuity.api.spi;

import dev.continuity.api.FileKind;

import java.util.Map;
import java.util.Objects;

/**
 * A parsed file, as extractors see it.
 *
 * @param path        relative to the project root
 * @param kind        its kind
 * @param text        its text (UTF-8 decoded)
 * @param bodyOffset  where the body starts (after front matter), as a char offset into {@code text}
 * @param metadata    parsed YAML, front matter or {@code Key: value} headers, as plain maps, lists and scalars
 */
public record SourceFile(String path, FileKind kind, String text, int bodyOffset, Map<String, Object> metadata) {
    /** Copies {@code metadata}, keeping its order; the copy is shallow (nested maps and lists are shared). */
    public SourceFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }
}
