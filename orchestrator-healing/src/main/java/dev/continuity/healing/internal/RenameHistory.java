package dev.continuity.healing.internal;

import dev.continuity.api.EntityInfo;
import dev.continuity.api.Reference;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ScanState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** The renames, by old name. */
    public static Map<String, Rename> of(ProjectSnapshot snapshot) {
        Map<String, Rename> out = new LinkedHashMap<>();
        if (!(snapshot instanceof Project p)) {
            return out;
        }
        p.formerNames().forEach((from, to) -> p.entity(to).ifPresent(e -> out.put(from, new Rename(from, e.name(), e.definedIn(), "this run"))));
        Optional<ScanState> state = ScanState.load(p.root());
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
        return out;
    }

    /**
     * Where {@code old} is still written in {@code path}: every occurrence of the text, except inside a longer name
     * that is known now (the new name may contain the old one), inside a longer reference to something else, or inside
     * a path, file name or identifier; and, for Latin names, only at word boundaries. A shorter name found inside the
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
        List<String> longer = new ArrayList<>();
        for (EntityInfo e : snapshot.entities()) {
            for (String n : e.allNames()) {
                if (n.length() > old.length() && n.contains(old)) {
                    longer.add(n);
                }
            }
        }
        List<Reference> refs = snapshot.referencesFrom(path);
        boolean latin = old.chars().allMatch(c -> c < 0x3000);
        int i = text.indexOf(old);
        while (i >= 0) {
            int end = i + old.length();
            if (!insideLonger(text, i, end, old, longer) && !insideOtherReference(refs, i, end, old)
                    && (!latin || boundary(text, i - 1) && boundary(text, end)) && !insidePathOrIdentifier(text, i, end)) {
                out.add(new int[] {i, end});
            }
            i = text.indexOf(old, end);
        }
        return out;
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
