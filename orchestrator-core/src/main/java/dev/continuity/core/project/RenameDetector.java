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

    /** The renames in {@code changedFiles}, old name to new name: of an entity's name, and of an alias replaced by another. */
    public static List<Rename> detect(Project project, ProjectScanner scanner, List<String> changedFiles, Optional<ScanState> previous) {
        List<Rename> out = new ArrayList<>();
        for (String file : changedFiles) {
            List<EntityInfo> now = project.entitiesDefinedIn(file);
            if (now.isEmpty()) {
                continue;
            }
            List<ScanState.EntityState> before = previous.map(s -> s.files().get(file)).map(ScanState.FileState::entities).orElse(null);
            String source = "scan-state";
            if (before == null) {
                source = "git HEAD";
                before = gitHead(project.root(), file).map(text -> scanner.definedEntitiesOf(file, text).stream()
                        .map(e -> new ScanState.EntityState(e.type(), e.name(), e.aliases())).toList()).orElse(List.of());
            }
            for (EntityInfo e : now) {
                for (ScanState.EntityState b : before) {
                    if (b.type().equals(e.type()) && before.size() == 1 && now.size() == 1) {
                        if (!b.name().equals(e.name()) && !e.aliases().contains(b.name())) {
                            out.add(new Rename(b.name(), e.name(), file, source));
                        }
                        Optional<String[]> alias = aliasRename(b, e);
                        if (alias.isPresent()) {
                            out.add(new Rename(alias.get()[0], alias.get()[1], file, source));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * An alias replaced by another: exactly one alias gone and exactly one new, neither of them a name of the entity
     * before or after ({@code aliases: [エルダ, 星詠みの媼]} → {@code [エルデ, 星詠みの媼]}). An alias only dropped or only
     * added is no rename.
     */
    private static Optional<String[]> aliasRename(ScanState.EntityState before, EntityInfo now) {
        List<String> gone = before.aliases().stream().filter(a -> !now.aliases().contains(a)).toList();
        List<String> added = now.aliases().stream().filter(a -> !before.aliases().contains(a)).toList();
        if (gone.size() != 1 || added.size() != 1) {
            return Optional.empty();
        }
        String from = gone.getFirst();
        String to = added.getFirst();
        if (from.equals(now.name()) || to.equals(before.name()) || from.isBlank() || to.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {from, to});
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
