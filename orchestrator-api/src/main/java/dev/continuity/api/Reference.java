package dev.continuity.api;

import java.util.Objects;

/**
 * A reference from one file to another file or to an entity, with its exact place in the text.
 *
 * @param fromFile    the referring file
 * @param line        1-based line
 * @param start       offset of the first char of the referring text (in the file decoded as UTF-16 chars)
 * @param end         offset one past its last char
 * @param text        the referring text as written (an alias, a path, an id)
 * @param target      the resolved target: a file path, or an entity's canonical name
 * @param targetIsEntity whether {@code target} is an entity
 * @param kind        {@link EdgeKind#REFERENCES}, {@link EdgeKind#MENTIONS}, {@link EdgeKind#RULE} or {@link EdgeKind#CONTAINS}
 * @param syntax      how it was written: {@code yaml-key}, {@code front-matter}, {@code markdown-link}, {@code wikilink},
 *                    {@code tag}, {@code header}, {@code mention}, {@code rule}
 * @param resolved    false when nothing of that name exists (a broken reference)
 */
public record Reference(String fromFile, int line, int start, int end, String text, String target, boolean targetIsEntity,
                        EdgeKind kind, String syntax, boolean resolved) {
    /**
     * Rejects a blank {@code fromFile} or {@code syntax}, a negative {@code line} or {@code start}, and an {@code end}
     * before {@code start}.
     */
    public Reference {
        Copies.requireText(fromFile, "fromFile");
        if (line < 0 || start < 0 || end < start) {
            throw new IllegalArgumentException("bad span in " + fromFile + ": line " + line + ", " + start + ".." + end);
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Copies.requireText(syntax, "syntax");
    }
}
