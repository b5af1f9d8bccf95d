package dev.continuity.core.project;

import dev.continuity.api.EntityInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Detects an entity rename by comparing a changed file's entity definitions with its previous version: the one the
 * last scan recorded in {@code .continuity/scan-state.json}, or else the file at git {@code HEAD} (read with the
 * {@code git} command when it is installed and the project is a repository).
 */
public final class RenameDetector {
    private static final Logger LOG = LoggerFactory.getLogger(RenameDetector.class);

    /**
     * A rename.
     *
     * @param from   the old name
     * @param to     the new name
     * @param file   the file that defines the entity
     * @param source where the old name came from: {@code scan-state}, {@code git HEAD} or {@code context}
     */
    public record Rename(String from, String to, String file, String source) {}

    private RenameDetector() {}

    /**
     * A name the previous version of a changed file defined (an entity's name or alias) that no entity of the file
     * has now and that no detected rename accounts for: files that still use it refer to nothing.
     *
     * @param name the vanished name
     * @param file the changed file that defined it
     * @param heir the name of the entity of the file that most likely replaced its entity (to resolve the old name to
     *             for finding its uses), or empty when the file defines nothing that could be it
     */
    public record Vanished(String name, String file, Optional<String> heir) {}

    /**
     * What changed in the names a set of changed files define.
     *
     * @param renames  the renames
     * @param vanished the names gone without a rename
     */
    public record Changes(List<Rename> renames, List<Vanished> vanished) {
        /** Copies both lists. */
        public Changes {
            renames = List.copyOf(renames);
            vanished = List.copyOf(vanished);
        }
    }

    /** The renames in {@code changedFiles}, old name to new name: of an entity's name, and of an alias replaced by another. */
    public static List<Rename> detect(Project project, ProjectScanner scanner, List<String> changedFiles, Optional<ScanState> previous) {
        return changes(project, scanner, changedFiles, previous).renames();
    }

    /**
     * The renames and the vanished names of {@code changedFiles}. Each entity of the previous version of a file is
     * paired with the entity it became: the one of the same type that shares a name or an alias with it, else the one
     * at the same position among the entities left unpaired (a definition file that renames its entity's name and an
     * alias at once still defines the same entity). A paired entity's name that changed is a rename, and so is each
     * alias replaced by another (as many aliases gone as new ones, paired in their order).
     */
    public static Changes changes(Project project, ProjectScanner scanner, List<String> changedFiles, Optional<ScanState> previous) {
        List<Rename> out = new ArrayList<>();
        List<Vanished> vanished = new ArrayList<>();
        for (String file : changedFiles) {
            List<EntityInfo> now = project.entitiesDefinedIn(file);
            List<ScanState.EntityState> before = previous.map(s -> s.files().get(file)).map(ScanState.FileState::entities).orElse(null);
            String source = "scan-state";
            if (before == null) {
                if (now.isEmpty()) {
                    continue;
                }
                source = "git HEAD";
                before = gitHead(project.root(), file).map(text -> scanner.definedEntitiesOf(file, text).stream()
                        .map(e -> new ScanState.EntityState(e.type(), e.name(), e.aliases(), e.id())).toList()).orElse(List.of());
                if (before.isEmpty() && previous.isPresent()) {
                    // a definition file renamed with its entity (Manuskript saves 1-Paul.txt as 1-Paulus.txt): the same id,
                    // defined last time in a file that is gone
                    Moved moved = movedFrom(project, previous.get(), now);
                    if (!moved.entities().isEmpty()) {
                        before = moved.entities();
                        source = "scan-state (" + moved.file() + ")";
                    }
                }
            }
            Map<ScanState.EntityState, EntityInfo> pairs = pair(before, now);
            java.util.Set<String> namesNow = new java.util.HashSet<>();
            now.forEach(e -> namesNow.addAll(e.allNames()));
            java.util.Set<String> accounted = new java.util.HashSet<>();
            for (Map.Entry<ScanState.EntityState, EntityInfo> pair : pairs.entrySet()) {
                for (String[] r : renames(pair.getKey(), pair.getValue())) {
                    if (!namesNow.contains(r[0])) {
                        out.add(new Rename(r[0], r[1], file, source));
                        accounted.add(r[0]);
                    }
                }
            }
            for (ScanState.EntityState b : before) {
                Optional<String> heir = Optional.ofNullable(pairs.get(b)).map(EntityInfo::name);
                java.util.stream.Stream.concat(java.util.stream.Stream.of(b.name()), b.aliases().stream()).distinct()
                        .filter(n -> !n.isBlank() && !namesNow.contains(n) && !accounted.contains(n))
                        .forEach(n -> vanished.add(new Vanished(n, file, heir.or(() -> now.size() == 1 ? Optional.of(now.getFirst().name())
                                : Optional.empty()))));
            }
        }
        return new Changes(out, vanished);
    }

    private record Moved(String file, List<ScanState.EntityState> entities) {}

    /**
     * The entities of {@code now} that the last scan saw defined, with the same type and id, in a file the project no
     * longer has; empty when none (or when they came from more than one such file).
     */
    private static Moved movedFrom(Project project, ScanState previous, List<EntityInfo> now) {
        List<ScanState.EntityState> found = new ArrayList<>();
        java.util.Set<String> from = new java.util.TreeSet<>();
        for (EntityInfo e : now) {
            if (e.id().isEmpty()) {
                continue;
            }
            previous.files().forEach((file, state) -> {
                if (!project.parsedFiles().containsKey(file) && !project.root().resolve(file).toFile().exists()) {
                    state.entities().stream().filter(b -> b.type().equals(e.type()) && b.id().equals(e.id())).forEach(b -> {
                        found.add(b);
                        from.add(file);
                    });
                }
            });
        }
        return from.size() == 1 ? new Moved(from.iterator().next(), found) : new Moved("", List.of());
    }

    /** Each previous entity with the entity it became, if any: by a shared name or alias, else by position. */
    private static Map<ScanState.EntityState, EntityInfo> pair(List<ScanState.EntityState> before, List<EntityInfo> now) {
        Map<ScanState.EntityState, EntityInfo> pairs = new LinkedHashMap<>();
        List<EntityInfo> free = new ArrayList<>(now);
        for (ScanState.EntityState b : before) {
            List<String> names = java.util.stream.Stream.concat(java.util.stream.Stream.of(b.name()), b.aliases().stream()).toList();
            Optional<EntityInfo> same = free.stream().filter(e -> e.type().equals(b.type()) && e.name().equals(b.name())).findFirst()
                    .or(() -> free.stream().filter(e -> e.type().equals(b.type()) && e.allNames().stream().anyMatch(names::contains)).findFirst());
            same.ifPresent(e -> {
                pairs.put(b, e);
                free.remove(e);
            });
        }
        List<ScanState.EntityState> left = before.stream().filter(b -> !pairs.containsKey(b)).toList();
        if (left.size() == free.size()) {
            for (int i = 0; i < left.size(); i++) {
                if (left.get(i).type().equals(free.get(i).type())) {
                    pairs.put(left.get(i), free.get(i));
                }
            }
        }
        return pairs;
    }

    /**
     * The renames of one entity, old name and new: its name, when the old one is no name of it any more, and each
     * alias replaced by another (as many gone as new, neither a name of the entity before or after, paired in order).
     * An alias only dropped or only added is no rename.
     */
    private static List<String[]> renames(ScanState.EntityState before, EntityInfo now) {
        List<String[]> out = new ArrayList<>();
        List<String> namesBefore = java.util.stream.Stream.concat(java.util.stream.Stream.of(before.name()), before.aliases().stream()).toList();
        List<String> namesNow = now.allNames();
        if (!before.name().equals(now.name()) && !namesNow.contains(before.name())) {
            out.add(new String[] {before.name(), now.name()});
        }
        List<String> gone = before.aliases().stream().filter(a -> !a.isBlank() && !namesNow.contains(a)).distinct().toList();
        List<String> added = now.aliases().stream().filter(a -> !a.isBlank() && !namesBefore.contains(a)).distinct().toList();
        if (!gone.isEmpty() && gone.size() == added.size()) {
            for (int i = 0; i < gone.size(); i++) {
                out.add(new String[] {gone.get(i), added.get(i)});
            }
        }
        return out;
    }

    /** Former names of the renames, old name to new name, including aliases that were dropped. */
    public static Map<String, String> formerNames(List<Rename> renames) {
        Map<String, String> out = new LinkedHashMap<>();
        renames.forEach(r -> out.put(r.from(), r.to()));
        return out;
    }

    /** The file's content at git HEAD, if the project is a git work tree and git is installed. */
    static Optional<String> gitHead(Path root, String file) {
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "show", "HEAD:./" + file).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                out = buf.toByteArray();
            }
            p.getErrorStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(Utf8.decode(file, out)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("no git HEAD version of {}: {}", file, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
