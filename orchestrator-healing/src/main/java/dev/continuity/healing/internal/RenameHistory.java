package dev.continuity.healing.internal;

import dev.continuity.api.EntityInfo;
import dev.continuity.api.Reference;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ScanState;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Names that entities no longer have: renames of this run ({@link Project#formerNames()}), and renames since the last
 * recorded scan ({@code .continuity/scan-state.json}): a file that defined one entity then and defines one of the same
 * type under another name now, the old name being neither an alias of it nor any other entity's name.
 */
public final class RenameHistory {
    /**
     * A former name.
     *
     * @param from   the old name
     * @param to     the entity's name now
     * @param file   the file that defines the entity
     * @param source {@code this run} or {@code .continuity/scan-state.json}
     */
    public record Rename(String from, String to, String file, String source) {}

    private RenameHistory() {}

    /** The renames of the last snapshot asked about: every detector of a detection asks about the same one. */
    private record Last(ProjectSnapshot snapshot, LoadedState state, Map<String, Rename> renames) {}

    private static volatile SoftReference<Last> last = new SoftReference<>(null);

    /**
     * The scan state as last read, with what the file was then (its key, size and modification time): healing detects
     * again after every fix, and reading and parsing the state of a project of thousands of files each time was a
     * good part of a detection.
     */
    private record LoadedState(Path file, Object key, long size, Object modified, Optional<ScanState> state) {}

    private static volatile SoftReference<LoadedState> lastState = new SoftReference<>(null);

    /** {@link ScanState#load}, read again only when the file changed. */
    private static LoadedState loadState(Path root) {
        Path file = root.resolve(ScanState.PATH);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return new LoadedState(file, null, -1, null, ScanState.load(root));
        }
        LoadedState cached = lastState.get();
        if (cached != null && cached.key() != null && cached.file().equals(file) && cached.key().equals(attrs.fileKey())
                && cached.size() == attrs.size() && cached.modified().equals(attrs.lastModifiedTime())) {
            return cached;
        }
        LoadedState loaded = new LoadedState(file, attrs.fileKey(), attrs.size(), attrs.lastModifiedTime(), ScanState.load(root));
        lastState = new SoftReference<>(loaded);
        return loaded;
    }

    /**
     * What the last recorded scan saw ({@code .continuity/scan-state.json}), read again only when the file changed.
     *
     * @param snapshot the project; a snapshot that is no scanned {@link Project} has no root, and no state
     * @return the state, or empty when there is none (or it cannot be read)
     */
    public static Optional<ScanState> scanState(ProjectSnapshot snapshot) {
        return snapshot instanceof Project p ? loadState(p.root()).state() : Optional.empty();
    }

    /** The renames, by old name. */
    public static Map<String, Rename> of(ProjectSnapshot snapshot) {
        if (!(snapshot instanceof Project p)) {
            return new LinkedHashMap<>();
        }
        LoadedState state = loadState(p.root());
        Last l = last.get();
        if (l != null && l.snapshot() == snapshot && l.state() == state) {
            return l.renames();
        }
        Map<String, Rename> renames = Collections.unmodifiableMap(compute(p, state.state()));
        last = new SoftReference<>(new Last(snapshot, state, renames));
        return renames;
    }

    private static Map<String, Rename> compute(Project p, Optional<ScanState> state) {
        Map<String, Rename> out = new LinkedHashMap<>();
        // the name it became: an alias renamed (Jane Smith -> Janet Smith) becomes the new alias, not the entity's name
        p.formerNames().forEach((from, to) -> p.entity(to).ifPresent(e -> out.put(from, new Rename(from, to, e.definedIn(), "this run"))));
        if (state.isEmpty()) {
            return out;
        }
        state.get().files().forEach((file, before) -> {
            List<EntityInfo> now = p.entitiesDefinedIn(file);
            if (before.entities().size() != 1 || now.size() != 1) {
                return;
            }
            ScanState.EntityState b = before.entities().getFirst();
            EntityInfo e = now.getFirst();
            if (!b.type().equals(e.type()) || b.name().equals(e.name()) || e.allNames().contains(b.name()) || out.containsKey(b.name())) {
                return;
            }
            Optional<EntityInfo> other = p.entity(b.name());
            if (other.isPresent() && !other.get().name().equals(e.name())) {
                return;
            }
            out.put(b.name(), new Rename(b.name(), e.name(), file, ScanState.PATH));
        });
        // a definition file saved under a new name with its entity (Manuskript's 1-Paul.txt become 1-Paulus.txt): the
        // same type and id, defined last time in a file that is gone
        state.get().files().forEach((file, before) -> {
            if (p.parsedFiles().containsKey(file) || java.nio.file.Files.exists(p.root().resolve(file))) {
                return;
            }
            for (ScanState.EntityState b : before.entities()) {
                if (b.id().isEmpty() || out.containsKey(b.name()) || p.entity(b.name()).isPresent()) {
                    continue;
                }
                p.entities().stream().filter(e -> e.type().equals(b.type()) && e.id().equals(b.id()) && !e.name().equals(b.name()))
                        .findFirst().ifPresent(e -> out.put(b.name(), new Rename(b.name(), e.name(), e.definedIn(), ScanState.PATH)));
            }
        });
        return out;
    }

    /**
     * Where {@code old} is still written in {@code path}: every occurrence of the text, except inside a longer name
     * that is known now (the new name may contain the old one), inside a longer reference to something else, or inside
     * a path, file name or identifier, or on a writing tool's metadata line ({@code %%~name: …} of novelWriter, which
     * the tool rewrites from its project tree; see {@code ProjectScanner.onMetaLine}); and, for Latin names, only at
     * word boundaries. A shorter name found inside the
     * old one (an alias such as {@code ガルド} in {@code 鍛冶師ガルド}) does not protect it.
     *
     * <p>An occurrence is part of a path, file name or identifier when an ASCII letter, digit or {@code _} touches it on
     * either side ({@code 2-Paul_and_Barnabas}, {@code Paul2}), or when the token around it — the text between
     * whitespace, quotes, brackets, {@code , ; : = | *} and CJK punctuation — contains {@code /} or {@code \} or ends
     * with a file extension ({@code outline/Paul.md}, {@code Paul.txt}). Renaming a file is a writer's act, not a
     * text edit.
     */
    public static List<int[]> occurrences(ProjectSnapshot snapshot, String path, String old) {
        String text = snapshot.text(path).orElse("");
        List<int[]> out = new ArrayList<>();
        if (old.isBlank()) {
            return out;
        }
        List<String> longer = longerNames(snapshot.entities(), old);
        List<Reference> refs = snapshot.referencesFrom(path);
        boolean latin = old.chars().allMatch(c -> c < 0x3000);
        int i = text.indexOf(old);
        while (i >= 0) {
            int end = i + old.length();
            if (!insideLonger(text, i, end, old, longer) && !insideOtherReference(refs, i, end, old)
                    && (!latin || boundary(text, i - 1) && boundary(text, end)) && !insidePathOrIdentifier(text, i, end)
                    && !dev.continuity.core.project.ProjectScanner.onMetaLine(text, i)) {
                out.add(new int[] {i, end});
            }
            i = text.indexOf(old, end);
        }
        return out;
    }

    /** The names of the last entity list asked about that contain a name, by name. */
    private record Longer(List<EntityInfo> entities, Map<String, List<String>> byName) {}

    private static volatile SoftReference<Longer> longer = new SoftReference<>(null);

    /**
     * The known names (and aliases) longer than {@code old} that contain it, in entity order; remembered for the last
     * entity list, since the stale-rename detector asks for every file that still holds the old name.
     */
    private static List<String> longerNames(List<EntityInfo> entities, String old) {
        Longer l = longer.get();
        if (l == null || l.entities() != entities) {
            l = new Longer(entities, new ConcurrentHashMap<>());
            longer = new SoftReference<>(l);
        }
        return l.byName().computeIfAbsent(old, o -> {
            List<String> out = new ArrayList<>();
            for (EntityInfo e : entities) {
                for (String n : e.allNames()) {
                    if (n.length() > o.length() && n.contains(o)) {
                        out.add(n);
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    private static boolean insideLonger(String text, int start, int end, String old, List<String> longer) {
        for (String n : longer) {
            for (int k = n.indexOf(old); k >= 0; k = n.indexOf(old, k + 1)) {
                int s = start - k;
                if (s >= 0 && text.startsWith(n, s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Inside a longer resolved reference (to something else whose written name contains the old one). */
    private static boolean insideOtherReference(List<Reference> refs, int start, int end, String old) {
        for (Reference r : refs) {
            if (r.resolved() && r.start() <= start && end <= r.end() && r.end() - r.start() > old.length()) {
                return true;
            }
        }
        return false;
    }

    /** Part of a path, a file name or an identifier (see {@link #occurrences}). */
    static boolean insidePathOrIdentifier(String text, int start, int end) {
        if (identifierChar(text, start - 1) || identifierChar(text, end)) {
            return true;
        }
        int from = start;
        while (from > 0 && !tokenDelimiter(text.charAt(from - 1))) {
            from--;
        }
        int to = end;
        while (to < text.length() && !tokenDelimiter(text.charAt(to))) {
            to++;
        }
        String token = text.substring(from, to);
        if (token.indexOf('/') >= 0 || token.indexOf('\\') >= 0) {
            return true;
        }
        return FILE_NAME.matcher(token).find();
    }

    /** A token that ends with a file extension (one to six letters or digits, at least one letter), sentence punctuation aside. */
    private static final Pattern FILE_NAME = Pattern.compile("\\.(?=[A-Za-z0-9]{0,5}[A-Za-z])[A-Za-z0-9]{1,6}[.!?]*$");

    private static boolean identifierChar(String text, int i) {
        if (i < 0 || i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return c == '_' || c < 0x80 && Character.isLetterOrDigit(c);
    }

    private static boolean tokenDelimiter(char c) {
        return Character.isWhitespace(c) || "\"'`()[]{}<>,;:=|*".indexOf(c) >= 0
                || c >= 0x3000 && c <= 0x303F                  // CJK punctuation: 、。「」『』【】 and the ideographic space
                || c >= 0xFF01 && c <= 0xFF0F && c != 0xFF0E   // full-width ！＂＃＄％＆＇（）＊＋，－ and ／ (but not ．)
                || c >= 0xFF1A && c <= 0xFF20 || c >= 0xFF3B && c <= 0xFF40 || c >= 0xFF5B && c <= 0xFF65
                || c == '\u2018' || c == '\u2019' || c == '\u201C' || c == '\u201D';
    }

    private static boolean boundary(String text, int i) {
        return i < 0 || i >= text.length() || !Character.isLetterOrDigit(text.charAt(i));
    }

    /** Old names of every rename (for detectors that must leave them to the stale-rename detector). */
    public static Set<String> oldNames(ProjectSnapshot snapshot) {
        return of(snapshot).keySet();
    }
}
