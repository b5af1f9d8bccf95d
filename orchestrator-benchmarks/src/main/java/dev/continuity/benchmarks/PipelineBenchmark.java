package dev.continuity.benchmarks;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.UpdatePlan;
import dev.continuity.api.UpdateType;
import dev.continuity.core.graph.DependencyGraph;
import dev.continuity.core.handlers.DerivedIndexHandler;
import dev.continuity.core.handlers.RenamePropagationHandler;
import dev.continuity.core.handlers.ReviewMarkingHandler;
import dev.continuity.core.impact.ImpactAnalyzer;
import dev.continuity.core.plan.Planner;
import dev.continuity.core.project.HardenedYaml;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectConfigLoader;
import dev.continuity.core.project.ProjectScanner;
import dev.continuity.api.DependencyEdge;
import dev.continuity.api.DependencyGraphView;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.BreadthFirstIterator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Scan + graph + impact + plan on a generated project, each figure a median over repetitions and a ratio against a
 * floor measured in the same run: reading every file, and a JGraphT breadth-first search over the same graph.
 *
 * <pre>java -cp orchestrator-benchmarks/target/benchmarks.jar dev.continuity.benchmarks.PipelineBenchmark [files] [references] [reps]</pre>
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int references = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        Path root = Files.createTempDirectory("continuity-bench-");
        int characters = 200;
        long refs = GeneratedProject.write(root, files, characters, Math.max(3, references / files), 42);
        System.out.printf(Locale.ROOT, "generated %d files, %d references written, in %s%n", countFiles(root), refs, root);
        HardenedYaml yaml = new HardenedYaml();
        ChangeContext change = ChangeContext.of(UpdateType.CHARACTER_CHANGE, "30_設定集/キャラクター/人物7.yaml");
        Set<EnhancedUpdateType> types = Set.of(EnhancedUpdateType.INTELLIGENT_PLOT);
        Planner planner = new Planner(List.of(new RenamePropagationHandler(), new ReviewMarkingHandler(), new DerivedIndexHandler()), 4,
                InstantSource.system(), () -> "plan", dev.continuity.core.plan.HandlerEstimates.none());
        ImpactAnalyzer analyzer = new ImpactAnalyzer(List.of());

        double[] readFloor = new double[reps];
        double[] cold = new double[reps];
        double[] coldScan = new double[reps];
        double[] warmScan = new double[reps];
        double[] warmPlan = new double[reps];
        double[] bfs = new double[reps];
        double[] rescanWalk = new double[reps];
        double[] rescanTargeted = new double[reps];
        int impacted = 0;
        int steps = 0;
        int vertices = 0;
        int edges = 0;
        int bfsReached = 0;
        for (int warmup = -2; warmup < reps; warmup++) {
            int i = Math.max(0, warmup);
            readFloor[i] = time(() -> readAll(root));

            ProjectScanner scanner = new ProjectScanner(root, new ProjectConfigLoader(yaml).load(root), yaml, List.of());
            long t0 = System.nanoTime();
            Project project = scanner.scan();
            coldScan[i] = (System.nanoTime() - t0) / 1e6;
            DependencyGraph graph = DependencyGraph.of(project);
            PredictiveImpactAnalysis a = analyzer.analyze(project, graph, change, 0.0, "graph", (f, w) -> planner.estimateSeconds(f, w, project, graph, types), 4);
            UpdatePlan plan = planner.plan(project, graph, a, change, types);
            cold[i] = (System.nanoTime() - t0) / 1e6;

            warmScan[i] = timeOf(scanner::scan);
            long t1 = System.nanoTime();
            PredictiveImpactAnalysis a2 = analyzer.analyze(project, graph, change, 0.0, "graph", (f, w) -> planner.estimateSeconds(f, w, project, graph, types), 4);
            UpdatePlan plan2 = planner.plan(project, graph, a2, change, types);
            warmPlan[i] = (System.nanoTime() - t1) / 1e6;

            Graph<String, DefaultEdge> reversed = reversedCopy(graph.view());
            long t2 = System.nanoTime();
            BreadthFirstIterator<String, DefaultEdge> it = new BreadthFirstIterator<>(reversed, change.changedFiles().getFirst());
            int n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            bfs[i] = (System.nanoTime() - t2) / 1e6;

            String one = "40_原稿/第3巻/第5話.md";
            Path p = root.resolve(one);
            Files.writeString(p, Files.readString(p) + "人物9号が笑った。\n");
            rescanWalk[i] = timeOf(scanner::scan);
            Files.writeString(p, Files.readString(p) + "異名9甲が去った。\n");
            Project before = scanner.scan();
            Files.writeString(p, Files.readString(p) + "人物8号が来た。\n");
            rescanTargeted[i] = timeOf(() -> scanner.rescan(before, List.of(one), Map.of()));

            impacted = a2.impactedFiles().size();
            steps = plan2.steps().size();
            vertices = graph.vertexCount();
            edges = graph.edgeCount();
            bfsReached = n;
            if (plan.steps().size() != plan2.steps().size()) {
                throw new IllegalStateException("warm plan differs from cold plan");
            }
        }
        double read = median(readFloor);
        double bfsFloor = median(bfs);
        System.out.printf(Locale.ROOT, "graph: %d vertices, %d edges; impact: %d files; plan: %d steps; BFS reached %d vertices%n", vertices, edges, impacted, steps, bfsReached);
        System.out.printf(Locale.ROOT, "%-44s %10s %12s%n", "measure (median of " + reps + ")", "ms", "ratio");
        row("floor: read every file", read, "1.00x read");
        row("floor: JGraphT BFS over the same graph", bfsFloor, "1.00x BFS");
        row("cold scan (parse everything)", median(coldScan), ratio(median(coldScan), read) + " read");
        row("cold scan + graph + impact + plan", median(cold), ratio(median(cold), read) + " read");
        row("warm scan (nothing changed: walk + stat)", median(warmScan), ratio(median(warmScan), read) + " read");
        row("warm impact + plan (scan and graph current)", median(warmPlan), ratio(median(warmPlan), bfsFloor) + " BFS");
        row("rescan after one file changed (walk + stat)", median(rescanWalk), ratio(median(rescanWalk), read) + " read");
        row("rescan of one known file (targeted)", median(rescanTargeted), ratio(median(rescanTargeted), read) + " read");
        System.out.printf(Locale.ROOT, "raw: %s%n", Arrays.toString(Arrays.stream(warmPlan).map(v -> Math.round(v * 10) / 10.0).toArray()));
    }

    private static void row(String name, double ms, String ratio) {
        System.out.printf(Locale.ROOT, "%-44s %10.1f %12s%n", name, ms, ratio);
    }

    private static String ratio(double v, double floor) {
        return String.format(Locale.ROOT, "%.2fx", v / floor);
    }

    private static double time(ThrowingRunnable r) throws Exception {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e6;
    }

    private static double timeOf(Supplier<?> s) {
        long t = System.nanoTime();
        s.get();
        return (System.nanoTime() - t) / 1e6;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static long readAll(Path root) throws IOException {
        long bytes = 0;
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = new ArrayList<>(s.filter(Files::isRegularFile).toList());
        }
        for (Path p : all) {
            bytes += Files.readAllBytes(p).length;
        }
        return bytes;
    }

    private static long countFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** The graph with every edge reversed, as a plain JGraphT graph: the floor's breadth-first search runs on it. */
    private static Graph<String, DefaultEdge> reversedCopy(DependencyGraphView view) {
        Graph<String, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        view.vertices().forEach(g::addVertex);
        for (DependencyEdge e : view.edges()) {
            if (!e.from().equals(e.to())) {
                g.addEdge(e.to(), e.from());
            }
        }
        return g;
    }
}
