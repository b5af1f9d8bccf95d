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
     * that is known now (the new name may contain the old one) or inside a longer reference to something else, and,
     * for Latin names, only at word boundaries. A shorter name found inside the old one (an alias such as
     * {@code ガルド} in {@code 鍛冶師ガルド}) does not protect it.
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
                    && (!latin || boundary(text, i - 1) && boundary(text, end))) {
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

    private static boolean boundary(String text, int i) {
        return i < 0 || i >= text.length() || !Character.isLetterOrDigit(text.charAt(i));
    }

    /** Old names of every rename (for detectors that must leave them to the stale-rename detector). */
    public static Set<String> oldNames(ProjectSnapshot snapshot) {
        return of(snapshot).keySet();
    }
}
