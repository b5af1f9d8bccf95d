package dev.continuity.core.project;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.continuity.api.EntityInfo;
import dev.continuity.core.internal.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the last scan saw, kept in {@code .continuity/scan-state.json}: per file its hash and the entities it defined.
 * It is the "previous version" a rename is detected against.
 *
 * @param files per file path
 */
public record ScanState(Map<String, FileState> files) {
    /** Where the state lives, relative to the project root. */
    public static final String PATH = ".continuity/scan-state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Copies {@code files}; rejects null keys and values. */
    public ScanState {
        files = Map.copyOf(files);
    }

    /**
     * One file's state.
     *
     * @param hash     SHA-256 of its content
     * @param entities the entities it defined
     */
    public record FileState(String hash, List<EntityState> entities) {
        /** Copies {@code entities}. */
        public FileState {
            entities = List.copyOf(entities);
        }
    }

    /**
     * An entity as it was defined.
     *
     * @param type    its type, e.g. {@code character}
     * @param name    its canonical name
     * @param aliases its aliases, in the order written
     * @param id      its id, empty when it has none (a state saved before ids were kept reads as empty)
     */
    public record EntityState(String type, String name, List<String> aliases, String id) {
        /** Copies {@code aliases}; a missing id is empty. */
        public EntityState {
            aliases = List.copyOf(aliases);
            id = id == null ? "" : id;
        }
    }

    /** The state of a scanned project. */
    public static ScanState of(Project project) {
        return of(project, Optional.empty());
    }

    /**
     * The state of a scanned project, keeping {@code previous}'s entry of every file the scan could not read: an
     * unreadable file is not a deleted one, and its last readable version stays the baseline a rename is detected
     * against once it is fixed.
     */
    public static ScanState of(Project project, Optional<ScanState> previous) {
        Map<String, FileState> files = new TreeMap<>();
        previous.ifPresent(prev -> project.errors().stream().map(dev.continuity.api.Diagnostic::file).distinct()
                .filter(f -> !project.parsedFiles().containsKey(f) && prev.files().containsKey(f))
                .forEach(f -> files.put(f, prev.files().get(f))));
        for (ParsedFile f : project.parsedFiles().values()) {
            List<EntityState> entities = new ArrayList<>();
            for (EntityInfo e : project.entitiesDefinedIn(f.path())) {
                entities.add(new EntityState(e.type(), e.name(), e.aliases(), e.id()));
            }
            files.put(f.path(), new FileState(f.hash(), entities));
        }
        return new ScanState(files);
    }

    /** The saved state of a project, if any. An unreadable state is ignored: it is only a cache. */
    public static Optional<ScanState> load(Path root) {
        Path file = root.resolve(PATH);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ScanState.class));
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(ScanState.class).warn("ignoring unreadable scan state {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Records the state of a scanned project in it, keeping the baseline of the files the scan could not read. */
    public static void record(Path root, Project project) {
        of(project, load(root)).save(root);
    }

    /** Saves the state atomically. */
    public void save(Path root) {
        try {
            Path file = root.resolve(PATH);
            Files.createDirectories(file.getParent());
            AtomicFiles.replace(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
            throw new UncheckedIOException("cannot save the scan state of " + root + " in " + PATH + ": " + why, e);
        }
    }
}
