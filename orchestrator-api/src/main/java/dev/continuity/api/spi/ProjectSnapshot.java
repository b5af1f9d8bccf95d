package dev.continuity.api.spi;

import dev.continuity.api.EntityInfo;
import dev.continuity.api.FileKind;
import dev.continuity.api.Reference;

import java.util.List;
import java.util.Optional;

/** A read-only, consistent view of the scanned project. Paths are relative to the root, with {@code /}. */
public interface ProjectSnapshot {

    /** Every scanned text file, sorted. */
    List<String> files();

    /** The kind of a scanned file. */
    Optional<FileKind> kind(String path);

    /** The file's text as scanned (UTF-8 decoded; a BOM is kept as U+FEFF). */
    Optional<String> text(String path);

    /** Every entity. */
    List<EntityInfo> entities();

    /** The entity with this canonical name, alias or id. */
    Optional<EntityInfo> entity(String nameAliasOrId);

    /** The references written in a file. */
    List<Reference> referencesFrom(String path);

    /** The references to a file path or to an entity's canonical name. */
    List<Reference> referencesTo(String target);

    /**
     * What the scan noticed (files it could not read, skipped files, unresolved references), in scan order; none by
     * default, for snapshots that do not keep them.
     */
    default List<dev.continuity.api.Diagnostic> diagnostics() {
        return List.of();
    }
}
