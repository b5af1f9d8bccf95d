package dev.continuity.core.plan;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.UpdatePlan;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.graph.DependencyGraph;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectConfig;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns an impact analysis into an {@link UpdatePlan}: one step per impacted file, with the handler chosen by file kind
 * and update type, dependencies from the graph (files in a cycle are chained in a fixed order), and the steps listed in
 * critical-path list-scheduling order.
 */
public final class Planner {
    private final List<UpdateHandler> handlers;
    private final int workers;
    private final InstantSource clock;
    private final Supplier<String> ids;
    private final HandlerEstimates estimates;

    /**
     * @param handlers         the registered handlers
     * @param workers          how many steps may run at once
     * @param clock            for {@code createdAt}
     * @param ids              plan id source
     * @param estimates        what the project's runs measured of each handler, refining the handlers' priors
     */
    public Planner(List<UpdateHandler> handlers, int workers, InstantSource clock, Supplier<String> ids, HandlerEstimates estimates) {
        this.handlers = handlers.stream().sorted(Comparator.comparingInt(UpdateHandler::priority).reversed()).toList();
        this.workers = workers;
        this.clock = clock;
        this.ids = ids;
        this.estimates = java.util.Objects.requireNonNull(estimates, "estimates");
    }

    /** The handler for a file and the effective update types, if any supports it. */
    public Optional<UpdateHandler> handlerFor(ImpactedFile file, List<EnhancedUpdateType> types) {
        for (EnhancedUpdateType type : types) {
            for (UpdateHandler h : handlers) {
                if (h.supports(file.kind(), type)) {
                    return Optional.of(h);
                }
            }
        }
        return Optional.empty();
    }

    /** Types in the order handlers are looked up: the primary types first, modifiers after. */
    public static List<EnhancedUpdateType> lookupOrder(Set<EnhancedUpdateType> types) {
        List<EnhancedUpdateType> out = new ArrayList<>(types);
        out.sort(Comparator.comparingInt(Enum::ordinal));
        return out;
    }

    public UpdatePlan plan(Project project, DependencyGraph graph, PredictiveImpactAnalysis impact, ChangeContext change, Set<EnhancedUpdateType> types) {
        List<EnhancedUpdateType> order = lookupOrder(types);
        List<Draft> drafts = new ArrayList<>();
        boolean predictive = types.contains(EnhancedUpdateType.PREDICTIVE_SYNC);
        for (ImpactedFile f : impact.impactedFiles()) {
            // a file only the learned model predicts (no graph path) is updated with PREDICTIVE_SYNC only
            if (f.source().equals("model") && !predictive) {
                continue;
            }
            handlerFor(f, order).ifPresent(h -> drafts.add(new Draft(f, h)));
        }
        addDerived(project, drafts, order);
        Set<String> files = new HashSet<>();
        drafts.forEach(d -> files.add(d.file.path()));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            index.put(drafts.get(i).file.path(), i);
        }
        List<Set<Integer>> deps = new ArrayList<>();
        for (Draft d : drafts) {
            Set<Integer> s = new HashSet<>();
            for (String dep : graph.fileDependencies(d.file.path(), files)) {
                s.add(index.get(dep));
            }
            deps.add(s);
        }
        for (ProjectConfig.DerivedRule rule : project.config().derived()) {
            Integer derived = index.get(rule.path());
            if (derived == null) {
                continue;
            }
            for (int i = 0; i < drafts.size(); i++) {
                String p = drafts.get(i).file.path();
                if (i != derived && rule.sources().stream().anyMatch(g -> g.matches(p))) {
                    deps.get(derived).add(i);
                    deps.get(i).remove(derived);
                }
            }
        }
        breakCycles(graph, drafts, deps, files, index);

        int n = drafts.size();
        double[] durations = new double[n];
        int[][] preds = new int[n][];
        for (int i = 0; i < n; i++) {
            durations[i] = seconds(duration(drafts.get(i).handler));
            preds[i] = deps.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        CriticalPathScheduler.Schedule schedule = CriticalPathScheduler.schedule(durations, preds, workers);
        String[] stepIds = new String[n];
        for (int k = 0; k < n; k++) {
            stepIds[schedule.order()[k]] = String.format("s%03d", k + 1);
        }
        List<UpdateStep> steps = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = schedule.order()[k];
            Draft d = drafts.get(i);
            List<String> dependsOn = java.util.Arrays.stream(preds[i]).mapToObj(p -> stepIds[p]).sorted().toList();
            steps.add(new UpdateStep(stepIds[i], d.file.path(), d.file.kind(), d.handler.id(), d.handler.service(), dependsOn,
                    duration(d.handler), d.file.risk(), estimates.failureProbability(d.handler), d.file.reasons()));
        }
        return new UpdatePlan(ids.get(), change, steps, workers, clock.instant());
    }

    /** A derived file is regenerated whenever one of its sources is updated, whatever its own confidence. */
    private void addDerived(Project project, List<Draft> drafts, List<EnhancedUpdateType> order) {
        for (ProjectConfig.DerivedRule rule : project.config().derived()) {
            if (project.file(rule.path()).isEmpty() || drafts.stream().anyMatch(d -> d.file.path().equals(rule.path()))) {
                continue;
            }
            double confidence = drafts.stream().filter(d -> rule.sources().stream().anyMatch(g -> g.matches(d.file.path())))
                    .mapToDouble(d -> d.file.confidence()).max().orElse(-1);
            if (confidence < 0) {
                continue;
            }
            ImpactedFile derived = new ImpactedFile(rule.path(), project.kind(rule.path()).orElseThrow(), confidence, dev.continuity.api.RiskLevel.LOW, 1,
                    List.of(rule.path() + " is derived (" + rule.generator() + ") from files this update changes"), "graph");
            handlerFor(derived, order).ifPresent(h -> drafts.add(new Draft(derived, h)));
        }
    }

    /** Files that depend on each other are chained in path order, so that the step graph is acyclic. */
    private static void breakCycles(DependencyGraph graph, List<Draft> drafts, List<Set<Integer>> deps, Set<String> files, Map<String, Integer> index) {
        for (Set<String> scc : graph.stronglyConnected(files)) {
            if (scc.size() < 2) {
                continue;
            }
            List<Integer> members = scc.stream().sorted().map(index::get).toList();
            Set<Integer> memberSet = new HashSet<>(members);
            for (int m : members) {
                deps.get(m).removeAll(memberSet);
            }
            for (int k = 1; k < members.size(); k++) {
                deps.get(members.get(k)).add(members.get(k - 1));
            }
        }
        // a derived step's added dependencies can close a cycle only through the derived file itself, which was removed above
    }

    private Duration duration(UpdateHandler h) {
        return estimates.duration(h);
    }

    /** The predicted makespan of updating {@code files} with {@code workers} workers, for the alternatives. */
    public double estimateSeconds(List<ImpactedFile> files, int workers, Project project, DependencyGraph graph, Set<EnhancedUpdateType> types) {
        if (files.isEmpty()) {
            return 0;
        }
        List<EnhancedUpdateType> order = lookupOrder(types);
        Map<String, Double> durations = new LinkedHashMap<>();
        for (ImpactedFile f : files) {
            handlerFor(f, order).ifPresent(h -> durations.put(f.path(), seconds(duration(h))));
        }
        List<String> paths = new ArrayList<>(durations.keySet());
        Set<String> within = new HashSet<>(paths);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            idx.put(paths.get(i), i);
        }
        List<Set<Integer>> deps = new ArrayList<>();
        for (String p : paths) {
            Set<Integer> s = new HashSet<>();
            graph.fileDependencies(p, within).forEach(d -> s.add(idx.get(d)));
            deps.add(s);
        }
        Map<String, ImpactedFile> byPath = new HashMap<>();
        files.forEach(f -> byPath.putIfAbsent(f.path(), f));
        List<Draft> drafts = paths.stream().map(p -> new Draft(byPath.get(p), null)).toList();
        breakCycles(graph, drafts, deps, within, idx);
        double[] d = paths.stream().mapToDouble(durations::get).toArray();
        int[][] preds = deps.stream().map(s -> s.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        return CriticalPathScheduler.schedule(d, preds, workers).makespan();
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private record Draft(ImpactedFile file, UpdateHandler handler) {}
}
