package dev.continuity.api.spi;

import java.util.List;

/** Finds references in a file. The built-in extractors cover YAML keys, front matter, links, wikilinks, tags, headers and mentions. */
@FunctionalInterface
public interface DependencyExtractor {

    /**
     * The references written in {@code file}, added to those the built-in extractors find; empty when none. Called for each
     * file a scan parses; when it throws (or returns null, or a null element), the failure is logged and that file keeps
     * only the other extractors' references.
     *
     * @param file the parsed file: its path, kind, text and metadata
     * @return the references found, with their lines and character spans in {@code file.text()}
     */
    List<RawReference> extract(SourceFile file);

    /**
     * Names the extractor in the log when {@link #extract} throws. By default the class's simple name; for a lambda the
     * declaring class's simple name and {@code -lambda} (e.g. {@code MyApp-lambda}), for an anonymous class the
     * enclosing class's and {@code -anonymous}: bounded, the same in every JVM. Override it to tell two such extractors
     * apart.
     *
     * @return the extractor's id
     */
    default String id() {
        return dev.continuity.api.internal.PluginIds.defaultId(getClass());
    }
}
