package dev.continuity.ml.features;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable {@link LinkGraph} built from explicit edges. Shortest paths are found by breadth-first
 * search (up to {@link #MAX_DEPTH} links) and cached per source file.
 */
public final class AdjacencyLinkGraph implements LinkGraph {

    /** Paths longer than this count as unreachable. */
    public static final int MAX_DEPTH = 8;

    private final Map<String, Map<String, Set<String>>> out;
    private final Map<String, Integer> inDegree;
    private final Map<String, Map<String, Integer>> bfsCache = new ConcurrentHashMap<>();

    private AdjacencyLinkGraph(Map<String, Map<String, Set<String>>> out) {
        this.out = out;
        Map<String, Integer> in = new HashMap<>();
        out.forEach((from, targets) -> targets.keySet().forEach(t -> in.merge(t, 1, Integer::sum)));
        this.inDegree = Map.copyOf(in);
    }

    /** A builder of edges. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public OptionalInt distance(String from, String to) {
        if (from.equals(to)) {
            return OptionalInt.of(0);
        }
        Integer d = bfsCache.computeIfAbsent(from, this::bfs).get(to);
        return d == null ? OptionalInt.empty() : OptionalInt.of(d);
    }

    @Override
    public Set<String> edgeKinds(String from, String to) {
        Map<String, Set<String>> targets = out.get(from);
        if (targets == null) {
            return Set.of();
        }
        Set<String> kinds = targets.get(to);
        return kinds == null ? Set.of() : kinds;
    }

    @Override
    public int inDegree(String file) {
        return inDegree.getOrDefault(file, 0);
    }

    @Override
    public int outDegree(String file) {
        Map<String, Set<String>> targets = out.get(file);
        return targets == null ? 0 : targets.size();
    }

    /** Number of distinct directed edges. */
    public int edgeCount() {
        int n = 0;
        for (Map<String, Set<String>> targets : out.values()) {
            n += targets.size();
        }
        return n;
    }

    private Map<String, Integer> bfs(String source) {
        Map<String, Integer> dist = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        dist.put(source, 0);
        queue.add(source);
        while (!queue.isEmpty()) {
            String f = queue.poll();
            int d = dist.get(f);
            if (d >= MAX_DEPTH) {
                continue;
            }
            Map<String, Set<String>> targets = out.get(f);
            if (targets == null) {
                continue;
            }
            for (String t : targets.keySet()) {
                if (!dist.containsKey(t)) {
                    dist.put(t, d + 1);
                    queue.add(t);
                }
            }
        }
        return Map.copyOf(dist);
    }

    /** Collects edges; not thread-safe. */
    public static final class Builder {
        private final Map<String, Map<String, Set<String>>> out = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds the link {@code from -> to} of the given kind; self links are ignored. */
        public Builder addEdge(String from, String to, String kind) {
            if (!from.equals(to)) {
                out.computeIfAbsent(from, f -> new LinkedHashMap<>())
                        .computeIfAbsent(to, t -> new LinkedHashSet<>()).add(kind);
            }
            return this;
        }

        /** {@return an immutable graph of the edges added so far; the builder may go on adding for another graph} */
        public AdjacencyLinkGraph build() {
            Map<String, Map<String, Set<String>>> copy = new HashMap<>();
            out.forEach((from, targets) -> {
                Map<String, Set<String>> t = new HashMap<>();
                targets.forEach((to, kinds) -> t.put(to, Collections.unmodifiableSet(new LinkedHashSet<>(kinds))));
                copy.put(from, Collections.unmodifiableMap(t));
            });
            return new AdjacencyLinkGraph(Collections.unmodifiableMap(copy));
        }
    }
}
