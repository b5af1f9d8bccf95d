package dev.continuity.api.spi;

import dev.continuity.api.EdgeKind;

import java.util.Objects;

/**
 * A reference as an extractor finds it, before it is resolved to a file or an entity.
 *
 * @param line   1-based line
 * @param start  char offset of the referring text in the file
 * @param end    one past its end
 * @param text   the referring text (a path, a name, an id)
 * @param kind   the edge kind it creates
 * @param syntax how it was written ({@code yaml-key}, {@code wikilink}, ...)
 * @param hint   what it names: {@code file}, {@code entity} or {@code any}
 */
public record RawReference(int line, int start, int end, String text, EdgeKind kind, String syntax, String hint) {
    /** Rejects a {@code hint} other than {@code file}, {@code entity} or {@code any}; the span is not checked here. */
    public RawReference {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(syntax, "syntax");
        if (!hint.equals("file") && !hint.equals("entity") && !hint.equals("any")) {
            throw new IllegalArgumentException("hint must be file, entity or any, was " + hint);
        }
    }
}
