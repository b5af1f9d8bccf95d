package dev.continuity.api;

import java.util.List;

/**
 * A plain, library-neutral view of a dependency graph: the specification's {@code DependencyGraph}.
 *
 * @param vertices the vertices
 * @param edges    the edges
 */
public record DependencyGraphView(List<String> vertices, List<DependencyEdge> edges) {
    /** Copies both lists; the edges are not checked against the vertices. */
    public DependencyGraphView {
        vertices = List.copyOf(vertices);
        edges = List.copyOf(edges);
    }

    /** {@return a graph without vertices or edges} */
    public static DependencyGraphView empty() {
        return new DependencyGraphView(List.of(), List.of());
    }
}
