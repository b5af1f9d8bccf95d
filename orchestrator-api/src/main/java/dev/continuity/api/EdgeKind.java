package dev.continuity.api;

/** The kinds of dependency between files and entities. */
public enum EdgeKind {
    /** An explicit reference: a YAML key, front matter, a link, a wikilink, a tag or a header. */
    REFERENCES,
    /** A file defines an entity. */
    DEFINES,
    /** Prose mentions an entity by name or alias. */
    MENTIONS,
    /** A configured rule ties two files together. */
    RULE,
    /** Story order: a chapter follows the one before it. */
    SEQUENCE,
    /** A file is listed as a part of another (an outline's chapters). */
    CONTAINS;

    /** {@return the lower-case name used in JSON and in reasons, e.g. {@code references}} */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
