package dev.continuity.api.spi;

import java.util.List;

/** Finds references in a file. The built-in extractors cover YAML keys, front matter, links, wikilinks, tags, headers and mentions. */
@FunctionalInterface
public interface DependencyExtractor {

    /**
     * The references written in {@code file}, added to those the built-in extractors find; empty when none. Called for each
     * file a scan parses; when it throws, the failure is logged and that file keeps only the other extractors' references.
     */
    List<RawReference> extract(SourceFile file);

    /** Names the extractor in the log when {@link #extract} throws. */
    default String id() {
        return getClass().getSimpleName();
    }
}
