package dev.continuity.core.project;

import dev.continuity.api.Diagnostic;
import dev.continuity.api.EntityInfo;
import dev.continuity.api.FileKind;
import dev.continuity.api.Reference;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** An immutable scan of a project: files, entities, resolved references and diagnostics. */
public final class Project implements ProjectSnapshot {
    private final Path root;
    private final ProjectConfig config;
    private final SortedMap<String, ParsedFile> files;
    private final List<EntityInfo> entities;
    private final Map<String, EntityInfo> entityIndex;
    private final List<Reference> references;
    private volatile Map<String, List<Reference>> from;
    private volatile Map<String, List<Reference>> to;
    private volatile Map<String, List<EntityInfo>> definedIn;
    private final List<Diagnostic> diagnostics;
    private final Map<String, String> formerNames;

    Project(Path root, ProjectConfig config, SortedMap<String, ParsedFile> files, List<EntityInfo> entities, Map<String, EntityInfo> entityIndex,
            List<Reference> references, List<Diagnostic> diagnostics, Map<String, String> formerNames) {
        this.root = root;
        this.config = config;
        this.files = Collections.unmodifiableSortedMap(files instanceof TreeMap<String, ParsedFile> t ? t : new TreeMap<>(files));
        this.entities = List.copyOf(entities);
        this.entityIndex = Map.copyOf(entityIndex);
        this.references = List.copyOf(references);
        this.diagnostics = List.copyOf(diagnostics);
        this.formerNames = Map.copyOf(formerNames);
    }

    /** Builds the reference indexes on first use: a rescan that nobody queries does not pay for them. */
    private void index() {
        if (from != null) {
            return;
        }
        synchronized (this) {
            if (from != null) {
                return;
            }
            Map<String, List<Reference>> f = new HashMap<>();
            Map<String, List<Reference>> t = new HashMap<>();
            for (Reference r : references) {
                f.computeIfAbsent(r.fromFile(), k -> new ArrayList<>()).add(r);
                t.computeIfAbsent(r.target(), k -> new ArrayList<>()).add(r);
            }
            f.replaceAll((k, v) -> List.copyOf(v));
            t.replaceAll((k, v) -> List.copyOf(v));
            this.to = t;
            this.from = f;
        }
    }

    /** {@return the root of the scanned project, as the scanner was given it} */
    public Path root() {
        return root;
    }

    /** {@return the configuration the project was scanned with ({@code continuity.yaml}, or the defaults)} */
    public ProjectConfig config() {
        return config;
    }

    /** Every parsed file, by path. */
    public SortedMap<String, ParsedFile> parsedFiles() {
        return files;
    }

    /**
     * A scanned file with its parse.
     *
     * @param path relative to the project root, with {@code /}
     * @return the parsed file; empty when the scan did not parse such a file (absent, ignored, unreadable or binary)
     */
    public Optional<ParsedFile> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    @Override
    public List<String> files() {
        return List.copyOf(files.keySet());
    }

    @Override
    public Optional<FileKind> kind(String path) {
        return file(path).map(ParsedFile::kind);
    }

    @Override
    public Optional<String> text(String path) {
        return file(path).map(ParsedFile::text);
    }

    @Override
    public List<EntityInfo> entities() {
        return entities;
    }

    @Override
    public Optional<EntityInfo> entity(String nameAliasOrId) {
        return Optional.ofNullable(entityIndex.get(nameAliasOrId));
    }

    /** The entities a file defines. */
    public List<EntityInfo> entitiesDefinedIn(String path) {
        Map<String, List<EntityInfo>> byFile = definedIn;
        if (byFile == null) {
            // built on first use: asked once per file (rename detection, the scan state), a filter over every entity was
            // quadratic in the size of the project
            Map<String, List<EntityInfo>> m = new HashMap<>();
            for (EntityInfo e : entities) {
                m.computeIfAbsent(e.definedIn(), k -> new ArrayList<>()).add(e);
            }
            m.replaceAll((k, v) -> Collections.unmodifiableList(v));
            definedIn = byFile = m;
        }
        return byFile.getOrDefault(path, Collections.emptyList());
    }

    @Override
    public List<Reference> referencesFrom(String path) {
        index();
        return from.getOrDefault(path, List.of());
    }

    @Override
    public List<Reference> referencesTo(String target) {
        index();
        return to.getOrDefault(target, List.of());
    }

    /** Every reference. */
    public List<Reference> references() {
        return references;
    }

    /** What the scan noticed. */
    @Override
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Diagnostics of severity ERROR or worse: files that could not be read as they must be. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(d -> d.severity().compareTo(Severity.ERROR) >= 0).toList();
    }

    /** Former names (from renames) still resolved to the entity's new name: old name to new name. */
    public Map<String, String> formerNames() {
        return formerNames;
    }

    /** The total number of references. */
    public int referenceCount() {
        return references.size();
    }
}
