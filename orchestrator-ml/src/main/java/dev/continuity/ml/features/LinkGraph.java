package dev.continuity.ml.features;

import java.util.OptionalInt;
import java.util.Set;

/**
 * The project's link graph as the caller knows it (references between files), used for the graph
 * features. Only {@link #distance(String, String)} is required; the other methods default to
 * "no information".
 *
 * <p>Implementations must be safe for concurrent reads.
 */
@FunctionalInterface
public interface LinkGraph {

    /** The number of links on the shortest directed path {@code from -> to}; empty when unreachable. */
    OptionalInt distance(String from, String to);

    /** The kinds of the direct links {@code from -> to} (e.g. {@code href}, {@code wikilink}); empty when none. */
    default Set<String> edgeKinds(String from, String to) {
        return Set.of();
    }

    /** Number of files linking to {@code file}. */
    default int inDegree(String file) {
        return 0;
    }

    /** Number of files {@code file} links to. */
    default int outDegree(String file) {
        return 0;
    }

    /** The graph without links. */
    static LinkGraph empty() {
        return (from, to) -> OptionalInt.empty();
    }
}
