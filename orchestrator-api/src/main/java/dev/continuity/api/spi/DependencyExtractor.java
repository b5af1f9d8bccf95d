package dev.continuity.api.spi;

import java.util.List;

/** Finds references in a file. The built-in extractors cover YAML keys, front matter, links, wikilinks, tags, headers and mentions. */
@FunctionalInterface
public interface DependencyExtractor {

    List<RawReference> extract(SourceFile file);

    default String id() {
        return getClass().getSimpleName();
    }
}
