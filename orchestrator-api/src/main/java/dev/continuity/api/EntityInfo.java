package dev.continuity.api;

import java.util.List;

/**
 * A named thing of a project: a character, a place, an item, an event.
 *
 * @param type      e.g. {@code character}, {@code place}
 * @param name      the canonical name
 * @param aliases   other names it goes by
 * @param id        an identifier other files may use instead of the name (Manuskript's {@code ID: 0}), or empty
 * @param definedIn the file that defines it
 * @param line      the line of the definition (1-based), or 0
 */
public record EntityInfo(String type, String name, List<String> aliases, String id, String definedIn, int line) {
    /** Rejects a blank {@code type}, {@code name} or {@code definedIn}; copies {@code aliases}. */
    public EntityInfo {
        Copies.requireText(type, "type");
        Copies.requireText(name, "name");
        aliases = List.copyOf(aliases);
        java.util.Objects.requireNonNull(id, "id");
        Copies.requireText(definedIn, "definedIn");
    }

    /** {@return the name and the aliases, each once, in that order (an unmodifiable list)} */
    public List<String> allNames() {
        // no stream: detectors ask for every entity's names many times over on a large project
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(aliases.size() * 2 + 2);
        names.add(name);
        names.addAll(aliases);
        return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(names));
    }
}
