package dev.continuity.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What changed: the changed files (relative to the project root, with {@code /} separators), the kind
 * of change, and free-form context as the specification's {@code update_context} holds it.
 *
 * <p>Keys the orchestrator reads: {@code character_arc_impact} (entity names whose dependents are impacted too),
 * {@code affected_volumes} (volume numbers; files of other volumes get a lower confidence), {@value #AUTHOR} (who made
 * the change: {@link #author()}), and {@value #RENAME_FROM} / {@value #RENAME_TO} (renames: given by the caller, or set by the orchestrator when it detects
 * that a changed file renamed an entity; read them with {@link #renames()}). Any other key (the specification's
 * {@code change_magnitude} or {@code timeline_shift}, say) is kept with the run, in its history entry and its report,
 * and passed to the handlers, which may read it; the orchestrator itself does not. The learned predictor measures a
 * change's magnitude from the changed lines, not from a key.
 *
 * @param changedFiles the files the author changed, at least one
 * @param updateType   the kind of change
 * @param attributes   context values: strings, numbers, booleans or lists of them
 */
public record ChangeContext(List<String> changedFiles, UpdateType updateType, Map<String, Object> attributes) {

    /** Context key of who made the change, as the project's git log names authors: {@link #author()}. */
    public static final String AUTHOR = "author";
    /** Context key of the old names of renamed entities: one name, or a list paired in order with {@link #RENAME_TO}. */
    public static final String RENAME_FROM = "rename.from";
    /** Context key of the new names of renamed entities: one name, or a list paired in order with {@link #RENAME_FROM}. */
    public static final String RENAME_TO = "rename.to";

    /**
     * Rejects an empty file list, a null or blank file name (naming its index, e.g. {@code changedFiles[1]}), and
     * attribute values that are not strings, numbers, booleans or lists of them; copies both.
     */
    public ChangeContext {
        changedFiles = Copies.fileNames(changedFiles, "changedFiles");
        if (changedFiles.isEmpty()) {
            throw new IllegalArgumentException("changedFiles must name at least one file");
        }
        Objects.requireNonNull(updateType, "updateType");
        attributes = Copies.contextMap(attributes);
    }

    /**
     * A context for the given files without attributes.
     *
     * @param type         the kind of change
     * @param changedFiles the changed files, relative to the project root; at least one
     * @return the context
     * @throws IllegalArgumentException when no file is given or a file name is blank
     */
    public static ChangeContext of(UpdateType type, String... changedFiles) {
        return new ChangeContext(List.of(changedFiles), type, Map.of());
    }

    /**
     * An attribute as text.
     *
     * @param key the attribute's key
     * @return its value as text (a number or boolean as {@link String#valueOf}); empty when absent or a list
     */
    public Optional<String> text(String key) {
        Object v = attributes.get(key);
        return v == null || v instanceof List<?> ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    /**
     * An attribute as a list of strings.
     *
     * @param key the attribute's key
     * @return its values as text; a single value becomes a one-element list, and an absent one an empty list
     */
    public List<String> list(String key) {
        Object v = attributes.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }

    /**
     * Who made the change, when the caller said so ({@value #AUTHOR}).
     *
     * @return the author's name; empty when the key is absent, blank or a list
     */
    public Optional<String> author() {
        return text(AUTHOR).map(String::strip).filter(a -> !a.isEmpty());
    }

    /**
     * The renames of this change, old name to new, in order: {@value #RENAME_FROM} and {@value #RENAME_TO} each one
     * name, or two lists of the same length paired in order (an entity's name and an alias renamed in one edit).
     *
     * @return the renames; empty when either key is missing, a name is blank, or the lists do not pair
     */
    public Map<String, String> renames() {
        if (!attributes.containsKey(RENAME_FROM) || !attributes.containsKey(RENAME_TO)) {
            return Map.of();
        }
        List<String> from = list(RENAME_FROM);
        List<String> to = list(RENAME_TO);
        if (from.size() != to.size() || from.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < from.size(); i++) {
            if (from.get(i).isBlank() || to.get(i).isBlank()) {
                return Map.of();
            }
            out.putIfAbsent(from.get(i), to.get(i));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * A copy with one more attribute.
     *
     * @param key   the attribute's key; an attribute of that key is replaced
     * @param value a string, number, boolean or list of them
     * @return the copy
     * @throws IllegalArgumentException when {@code value} is of another type
     */
    public ChangeContext with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(attributes);
        copy.put(key, value);
        return new ChangeContext(changedFiles, updateType, copy);
    }

    /**
     * A copy with more changed files.
     *
     * @param more files to add after the current ones; a file already listed is not added again
     * @return the copy
     */
    public ChangeContext withChangedFiles(List<String> more) {
        List<String> all = new ArrayList<>(changedFiles);
        more.stream().filter(f -> !all.contains(f)).forEach(all::add);
        return new ChangeContext(all, updateType, attributes);
    }
}
