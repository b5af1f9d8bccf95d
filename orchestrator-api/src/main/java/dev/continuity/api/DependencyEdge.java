package dev.continuity.api;

import java.util.Objects;

/**
 * An edge of a dependency graph: {@code from} depends on {@code to}.
 *
 * @param from dependent vertex (a file path, or {@code entity:name})
 * @param to   the vertex it depends on
 * @param kind the kind of dependency
 */
public record DependencyEdge(String from, String to, EdgeKind kind) {
    /** Rejects a blank {@code from} or {@code to}. */
    public DependencyEdge {
        Copies.requireText(from, "from");
        Copies.requireText(to, "to");
        Objects.requireNonNull(kind, "kind");
    }
}
