package dev.continuity.api.spi;

import dev.continuity.api.EntityInfo;
import dev.continuity.api.FileKind;
import dev.continuity.api.Reference;

import java.util.List;
import java.util.Optional;

/** A read-only, consistent view of the scanned project. Paths are relative to the root, with {@code /}. */
public interface ProjectSnapshot {

    /** {@return every scanned text file, sorted} */
    List<String> files();

    /**
     * The kind of a scanned file.
     *
     * @param path relative to the project root
     * @return its kind; empty when no such file was scanned
     */
    Optional<FileKind> kind(String path);

    /**
     * The file's text as scanned (UTF-8 decoded; a BOM is kept as U+FEFF).
     *
     * @param path relative to the project root
     * @return its text; empty when no such file was scanned
     */
    Optional<String> text(String path);

    /** {@return every entity the scan found} */
    List<EntityInfo> entities();

    /**
     * The entity with this canonical name, alias or id.
     *
     * @param nameAliasOrId the canonical name, an alias or the entity's id
     * @return the entity; empty when none goes by it
     */
    Optional<EntityInfo> entity(String nameAliasOrId);

    /**
     * The references written in a file.
     *
     * @param path relative to the project root
     * @return its references, resolved; empty when it has none or was not scanned
     */
    List<Reference> referencesFrom(String path);

    /**
     * The references to a file or an entity.
     *
     * @param target a file path, relative to the project root, or an entity's canonical name
     * @return the references that resolve to it; empty when none do
     */
    List<Reference> referencesTo(String target);

    /**
     * What the scan noticed (files it could not read, skipped files, unresolved references), in scan order; none by
     * default, for snapshots that do not keep them.
     *
     * @return the scan's diagnostics
     */
    default List<dev.continuity.api.Diagnostic> diagnostics() {
        return List.of();
    }
}
