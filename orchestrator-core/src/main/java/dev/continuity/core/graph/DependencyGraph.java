package dev.continuity.core.graph;

import dev.continuity.api.DependencyEdge;
import dev.continuity.api.DependencyGraphView;
import dev.continuity.api.EdgeKind;
import dev.continuity.api.EntityInfo;
import dev.continuity.api.FileKind;
import dev.continuity.api.Reference;
import dev.continuity.core.project.ParsedFile;
import dev.continuity.core.project.Project;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.GabowStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dependency graph of a project (JGraphT): a vertex per file and per entity ({@code entity:name}); an edge
 * {@code A -> B} means A depends on B, so a change to B impacts A. Between two vertices only the strongest edge is kept.
 *
 * <ul>
 *   <li>{@link EdgeKind#REFERENCES}, {@link EdgeKind#MENTIONS}, {@link EdgeKind#RULE}: the referring file depends on the target;</li>
 *   <li>{@link EdgeKind#CONTAINS}: a part listed by an outline depends on the outline;</li>
 *   <li>{@link EdgeKind#DEFINES}: an entity depends on the file that defines it;</li>
 *   <li>{@link EdgeKind#SEQUENCE}: a numbered chapter or manuscript depends on the one before it in the same folder.</li>
 * </ul>
 */
public final class DependencyGraph {
    /** Prefix of entity vertices. */
    public static final String ENTITY = "entity:";
    private static final Pattern NUMBER = Pattern.compile("(\\d+)");

    private final Graph<String, Edge> graph;
    private final Map<String, FileKind> kinds;

    /** A typed, weighted dependency edge. */
    public static final class Edge {
        private final EdgeKind kind;
        private final String via;

        Edge(EdgeKind kind, String via) {
            this.kind = kind;
            this.via = via;
        }

        /** {@return what kind of dependency the edge is; it decides the edge's {@link #weight() weight}} */
        public EdgeKind kind() {
            return kind;
        }

        /** The referring text, for explanations. */
        public String via() {
            return via;
        }

        /** How strongly a change propagates along this edge. */
        public double weight() {
            return weightOf(kind);
        }

        @Override
        public String toString() {
            return kind.label();
        }
    }

    /** The propagation weight of an edge kind. */
    public static double weightOf(EdgeKind kind) {
        return switch (kind) {
            case DEFINES -> 1.0;
            case REFERENCES -> 0.95;
            case RULE, CONTAINS -> 0.9;
            case MENTIONS -> 0.85;
            case SEQUENCE -> 0.5;
        };
    }

    private DependencyGraph(Graph<String, Edge> graph, Map<String, FileKind> kinds) {
        this.graph = graph;
        this.kinds = kinds;
    }

    /** Builds the graph of a scanned project. */
    public static DependencyGraph of(Project project) {
        Graph<String, Edge> g = new DefaultDirectedGraph<>(null, null, false);
        Map<String, FileKind> kinds = new HashMap<>();
        for (ParsedFile f : project.parsedFiles().values()) {
            g.addVertex(f.path());
            kinds.put(f.path(), f.kind());
        }
        for (EntityInfo e : project.entities()) {
            String v = ENTITY + e.name();
            g.addVertex(v);
            add(g, v, e.definedIn(), EdgeKind.DEFINES, e.name());
        }
        for (Reference r : project.references()) {
            if (!r.resolved()) {
                continue;
            }
            String target = r.targetIsEntity() ? ENTITY + r.target() : r.target();
            if (!g.containsVertex(target) || target.equals(r.fromFile())) {
                continue;
            }
            if (r.kind() == EdgeKind.CONTAINS) {
                if (!r.targetIsEntity()) {
                    add(g, target, r.fromFile(), EdgeKind.CONTAINS, r.text());
                }
            } else {
                add(g, r.fromFile(), target, r.kind(), r.text());
            }
        }
        for (dev.continuity.core.project.ProjectConfig.DerivedRule rule : project.config().derived()) {
            if (!g.containsVertex(rule.path())) {
                continue;
            }
            for (String f : project.parsedFiles().keySet()) {
                if (!f.equals(rule.path()) && rule.sources().stream().anyMatch(glob -> glob.matches(f))) {
                    add(g, rule.path(), f, EdgeKind.RULE, "derived from " + f);
                }
            }
        }
        addSequences(g, project);
        return new DependencyGraph(g, kinds);
    }

    private static void add(Graph<String, Edge> g, String from, String to, EdgeKind kind, String via) {
        if (from.equals(to)) {
            return;
        }
        Edge existing = g.getEdge(from, to);
        if (existing != null) {
            if (existing.weight() >= weightOf(kind)) {
                return;
            }
            g.removeEdge(existing);
        }
        g.addEdge(from, to, new Edge(kind, via));
    }

    private static void addSequences(Graph<String, Edge> g, Project project) {
        Map<String, TreeMap<Long, String>> byFolder = new HashMap<>();
        for (ParsedFile f : project.parsedFiles().values()) {
            if (f.kind() != FileKind.MANUSCRIPT && f.kind() != FileKind.PLOT) {
                continue;
            }
            int slash = f.path().lastIndexOf('/');
            String name = f.path().substring(slash + 1);
            Matcher m = NUMBER.matcher(name);
            if (m.find() && !generatedId(name)) {
                String folder = (slash < 0 ? "" : f.path().substring(0, slash)) + "|" + f.kind() + "|" + name.substring(0, m.start()) + "|" + extension(name);
                byFolder.computeIfAbsent(folder, k -> new TreeMap<>()).put(Long.parseLong(m.group(1).length() > 15 ? m.group(1).substring(0, 15) : m.group(1)), f.path());
            }
        }
        for (TreeMap<Long, String> seq : byFolder.values()) {
            String previous = null;
            for (String path : seq.values()) {
                if (previous != null && g.getEdge(path, previous) == null) {
                    add(g, path, previous, EdgeKind.SEQUENCE, "story order");
                }
                previous = path;
            }
        }
    }

    /**
     * Whether a file name is a generated identifier rather than a title: a hexadecimal handle or hash (novelWriter's
     * {@code 636b6aa9b697b.nwd}) or a UUID, whose digits are no chapter number.
     */
    static boolean generatedId(String name) {
        int dot = name.lastIndexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).toLowerCase(java.util.Locale.ROOT);
        return GENERATED_ID.matcher(stem).matches() && stem.chars().anyMatch(c -> c >= 'a' && c <= 'f');
    }

    private static final Pattern GENERATED_ID = Pattern.compile("[0-9a-f]{8,}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}");

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }

    /** The underlying JGraphT graph (read it, do not change it); not API, as JGraphT's types are not. */
    Graph<String, Edge> graph() {
        return graph;
    }

    /**
     * Whether a vertex stands for a file rather than an entity; decided by the name alone, so it need not be in the
     * graph.
     *
     * @param vertex a vertex name
     * @return false for a name starting with {@value #ENTITY}, true otherwise
     */
    public boolean isFile(String vertex) {
        return !vertex.startsWith(ENTITY);
    }

    /**
     * The kind of a scanned file.
     *
     * @param file a file vertex: a path relative to the project root
     * @return its kind; empty for an entity vertex or a path the scan did not see
     */
    public Optional<FileKind> kind(String file) {
        return Optional.ofNullable(kinds.get(file));
    }

    /** {@return how many vertices the graph has: files and entities} */
    public int vertexCount() {
        return graph.vertexSet().size();
    }

    /** {@return how many edges the graph has (at most one between two vertices)} */
    public int edgeCount() {
        return graph.edgeSet().size();
    }

    /** How many vertices depend directly on this one. */
    public int dependents(String vertex) {
        return graph.containsVertex(vertex) ? graph.inDegreeOf(vertex) : 0;
    }

    /**
     * A vertex reached from the change, the confidence of the strongest path, and that path.
     *
     * @param vertex     the reached vertex
     * @param confidence product of edge weights along the path, times {@code decay^(fileHops - 1)}
     * @param fileHops   files on the path after the start (entities do not count)
     * @param path       the explanation, from the changed vertex to this one
     */
    public record Hit(String vertex, double confidence, int fileHops, List<String> path) {}

    /**
     * Everything that depends, transitively, on the seeds: a best-first search along incoming edges that keeps, for
     * each vertex, the path of highest confidence.
     *
     * @param seeds  vertices the change starts from (files, or {@code entity:name}), each with a start confidence
     * @param decay  factor per file hop after the first, in (0, 1]
     * @param floor  paths whose confidence falls below it are not followed
     */
    public Map<String, Hit> reach(Map<String, Double> seeds, double decay, double floor) {
        record Node(String vertex, double confidence, int hops, Node previous, EdgeKind via) {}
        Map<String, Node> best = new LinkedHashMap<>();
        PriorityQueue<Node> queue = new PriorityQueue<>(Comparator.comparingDouble(Node::confidence).reversed());
        seeds.forEach((v, c) -> {
            if (graph.containsVertex(v)) {
                queue.add(new Node(v, c, 0, null, null));
            }
        });
        while (!queue.isEmpty()) {
            Node h = queue.poll();
            if (best.putIfAbsent(h.vertex(), h) != null) {
                continue;
            }
            for (Edge e : graph.incomingEdgesOf(h.vertex())) {
                String dependent = graph.getEdgeSource(e);
                if (best.containsKey(dependent)) {
                    continue;
                }
                boolean file = isFile(dependent);
                int hops = h.hops() + (file ? 1 : 0);
                double c = h.confidence() * e.weight() * (file && hops > 1 ? decay : 1.0);
                if (c >= floor) {
                    queue.add(new Node(dependent, c, hops, h, e.kind()));
                }
            }
        }
        Map<String, Hit> out = new LinkedHashMap<>();
        best.forEach((v, n) -> out.put(v, new Hit(v, n.confidence(), n.hops(), new LazyPath(() -> {
            java.util.ArrayDeque<String> path = new java.util.ArrayDeque<>();
            for (Node x = n; x != null; x = x.previous()) {
                path.addFirst(x.vertex());
                if (x.via() != null) {
                    path.addFirst("-[" + x.via().label() + "]->");
                }
            }
            return List.copyOf(path);
        }))));
        return out;
    }

    /** A path materialised on first use: most reached vertices are never explained. */
    private static final class LazyPath extends java.util.AbstractList<String> {
        private final java.util.function.Supplier<List<String>> supplier;
        private List<String> path;

        LazyPath(java.util.function.Supplier<List<String>> supplier) {
            this.supplier = supplier;
        }

        private List<String> path() {
            if (path == null) {
                path = supplier.get();
            }
            return path;
        }

        @Override
        public String get(int index) {
            return path().get(index);
        }

        @Override
        public int size() {
            return path().size();
        }
    }

    /** Files that {@code file} depends on, directly or through entities, among {@code within}; story order is not a dependency. */
    public Set<String> fileDependencies(String file, Set<String> within) {
        Set<String> out = new HashSet<>();
        for (String d : allFileDependencies(file)) {
            if (within.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Set<String>> dependencyCache = new java.util.concurrent.ConcurrentHashMap<>();

    /** Every file {@code file} depends on directly or through an entity (story order excluded), cached: the graph is immutable. */
    private Set<String> allFileDependencies(String file) {
        return dependencyCache.computeIfAbsent(file, this::computeFileDependencies);
    }

    private Set<String> computeFileDependencies(String file) {
        Set<String> out = new HashSet<>();
        if (!graph.containsVertex(file)) {
            return out;
        }
        for (Edge e : graph.outgoingEdgesOf(file)) {
            if (e.kind() == EdgeKind.SEQUENCE) {
                continue;
            }
            String t = graph.getEdgeTarget(e);
            if (isFile(t)) {
                out.add(t);
            } else {
                for (Edge d : graph.outgoingEdgesOf(t)) {
                    String def = graph.getEdgeTarget(d);
                    if (!def.equals(file)) {
                        out.add(def);
                    }
                }
            }
        }
        return Set.copyOf(out);
    }

    /** Strongly connected groups of {@code files} under {@link #fileDependencies}: files in a cycle share a group. */
    public List<Set<String>> stronglyConnected(Collection<String> files) {
        Set<String> within = Set.copyOf(files);
        List<Set<String>> cached = sccCache.get(within);
        if (cached != null) {
            return cached;
        }
        List<Set<String>> result = List.copyOf(computeStronglyConnected(within));
        if (sccCache.size() > 16) {
            sccCache.clear();
        }
        sccCache.put(within, result);
        return result;
    }

    private final java.util.concurrent.ConcurrentHashMap<Set<String>, List<Set<String>>> sccCache = new java.util.concurrent.ConcurrentHashMap<>();

    private List<Set<String>> computeStronglyConnected(Set<String> within) {
        Collection<String> files = within;
        Graph<String, Object> g = new DefaultDirectedGraph<>(null, null, false);
        files.forEach(g::addVertex);
        for (String f : files) {
            for (String d : fileDependencies(f, within)) {
                g.addEdge(f, d, new Object());
            }
        }
        return new GabowStrongConnectivityInspector<>(g).stronglyConnectedSets();
    }

    /** The whole graph as plain records: every vertex and every edge. */
    public DependencyGraphView view() {
        return view(graph.vertexSet());
    }

    /** The graph as plain records, for the API: the vertices {@code only} and the edges between them. */
    public DependencyGraphView view(Collection<String> only) {
        Set<String> keep = new HashSet<>(only);
        List<DependencyEdge> edges = new ArrayList<>();
        for (Edge e : graph.edgeSet()) {
            String s = graph.getEdgeSource(e);
            String t = graph.getEdgeTarget(e);
            if (keep.contains(s) && keep.contains(t)) {
                edges.add(new DependencyEdge(s, t, e.kind()));
            }
        }
        edges.sort(Comparator.comparing(DependencyEdge::from).thenComparing(DependencyEdge::to));
        return new DependencyGraphView(only.stream().sorted().toList(), edges);
    }
}
