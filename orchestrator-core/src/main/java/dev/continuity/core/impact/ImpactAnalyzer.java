package dev.continuity.core.impact;

import dev.continuity.api.AlternativeApproach;
import dev.continuity.api.ChangeContext;
import dev.continuity.api.FileKind;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.spi.ImpactPredictor;
import dev.continuity.api.spi.ImpactQuery;
import dev.continuity.core.graph.DependencyGraph;
import dev.continuity.core.project.Project;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Combines the graph predictor with learned predictors into a {@link PredictiveImpactAnalysis}: confidence, risk and
 * reasons per file, an estimated complexity, suggestions and alternative approaches, all derived from the graph and the
 * plan estimates.
 */
public final class ImpactAnalyzer {
    private static final Logger LOG = LoggerFactory.getLogger(ImpactAnalyzer.class);

    /** Estimates how long updating a set of files takes with a number of workers, in seconds (from the planner). */
    @FunctionalInterface
    public interface TimeEstimator {
        /**
         * Estimates the update of some files.
         *
         * @param files   the files to update
         * @param workers how many steps may run at once
         * @return the estimated makespan, in seconds
         */
        double seconds(List<ImpactedFile> files, int workers);
    }

    private final GraphImpactPredictor graphPredictor = new GraphImpactPredictor();
    private final List<ImpactPredictor> learned;

    private final java.time.InstantSource clock;

    /** Learned predictors asked at the system clock's time. */
    public ImpactAnalyzer(List<ImpactPredictor> learned) {
        this(learned, java.time.InstantSource.system());
    }

    /** Learned predictors asked at {@code clock}'s time ({@link ImpactQuery#at()}). */
    public ImpactAnalyzer(List<ImpactPredictor> learned, java.time.InstantSource clock) {
        this.learned = List.copyOf(learned);
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    /**
     * Analyses a change.
     *
     * @param modelType {@code graph} skips learned predictors
     * @param workers   the worker count of the parallel alternative
     */
    public PredictiveImpactAnalysis analyze(Project project, DependencyGraph graph, ChangeContext change, double threshold, String modelType,
                                            TimeEstimator estimator, int workers) {
        List<ImpactedFile> graphHits = graphPredictor.predict(project, graph, change);
        Map<String, ImpactedFile> combined = new LinkedHashMap<>();
        graphHits.forEach(f -> combined.put(f.path(), f));
        if (!modelType.equals("graph")) {
            for (ImpactPredictor p : learned) {
                List<ImpactedFile> predicted;
                try {
                    predicted = p.predict(new ImpactQuery(change, project, graphHits, modelType, clock.instant()));
                } catch (RuntimeException e) {
                    LOG.warn("impact predictor {} failed; its predictions are left out", p.id(), e);
                    continue;
                }
                for (ImpactedFile m : predicted) {
                    if (change.changedFiles().contains(m.path()) || project.file(m.path()).isEmpty()) {
                        continue;
                    }
                    combined.merge(m.path(), m, ImpactAnalyzer::combine);
                }
            }
        }
        List<ImpactedFile> all = new ArrayList<>(combined.values());
        all.sort(Comparator.comparingDouble(ImpactedFile::confidence).reversed().thenComparing(ImpactedFile::path));
        List<ImpactedFile> predicted = all.stream().filter(f -> f.confidence() >= threshold).toList();

        Map<String, Double> confidence = new LinkedHashMap<>();
        Map<String, RiskLevel> risk = new LinkedHashMap<>();
        predicted.forEach(f -> {
            confidence.put(f.path(), round(f.confidence()));
            risk.put(f.path(), f.risk());
        });
        Set<String> seeds = new TreeSet<>();
        GraphImpactPredictor.seeds(project, change).keySet().stream().filter(v -> v.startsWith(DependencyGraph.ENTITY))
                .map(v -> v.substring(DependencyGraph.ENTITY.length())).forEach(seeds::add);
        change.changedFiles().forEach(f -> project.entitiesDefinedIn(f).forEach(e -> seeds.add(e.name())));

        List<List<String>> cycles = graph.stronglyConnected(predicted.stream().map(ImpactedFile::path).toList()).stream()
                .filter(s -> s.size() > 1).map(s -> s.stream().sorted().toList()).toList();
        double complexity = complexity(predicted, graph);
        return new PredictiveImpactAnalysis(
                predicted.stream().map(ImpactedFile::path).toList(), confidence, risk,
                suggestions(predicted, all, threshold, cycles, !change.renames().isEmpty()),
                complexity,
                alternatives(predicted, estimator, workers),
                predicted, change.changedFiles(), List.copyOf(seeds));
    }

    private static ImpactedFile combine(ImpactedFile graph, ImpactedFile model) {
        List<String> reasons = new ArrayList<>(graph.reasons());
        model.reasons().stream().filter(r -> !reasons.contains(r)).forEach(reasons::add);
        double c = Math.max(graph.confidence(), model.confidence());
        return new ImpactedFile(graph.path(), graph.kind(), c, graph.risk().max(model.risk()),
                graph.distance() >= 0 ? graph.distance() : model.distance(), reasons, graph.source() + "+" + model.source());
    }

    /**
     * Complexity = log2(1 + files) × (1 + mean risk ordinal / 3) × (1 + coupling), where coupling is the number of
     * dependency edges among the predicted files per predicted file. 0 for no files; about 3 for a handful of
     * loosely coupled low-risk files; 10 and more for dozens of tightly coupled manuscripts.
     */
    static double complexity(List<ImpactedFile> files, DependencyGraph graph) {
        if (files.isEmpty()) {
            return 0.0;
        }
        Set<String> within = new HashSet<>();
        files.forEach(f -> within.add(f.path()));
        long edges = files.stream().mapToLong(f -> graph.fileDependencies(f.path(), within).size()).sum();
        double coupling = (double) edges / files.size();
        double meanRisk = files.stream().mapToInt(f -> f.risk().ordinal()).average().orElse(0);
        return round(Math.log(1 + files.size()) / Math.log(2) * (1 + meanRisk / 3.0) * (1 + coupling));
    }

    private static List<String> suggestions(List<ImpactedFile> predicted, List<ImpactedFile> all, double threshold, List<List<String>> cycles,
                                            boolean rename) {
        List<String> out = new ArrayList<>();
        if (predicted.isEmpty()) {
            out.add("No file depends on this change above the confidence threshold " + threshold + "; nothing needs updating.");
            return out;
        }
        long manuscripts = predicted.stream().filter(f -> f.kind() == FileKind.MANUSCRIPT).count();
        if (manuscripts > 0) {
            out.add(rename
                    ? manuscripts + " manuscript(s) are impacted: the rename replaces exactly the old name's occurrences in them; nothing"
                            + " else in them is rewritten."
                    : manuscripts + " manuscript(s) are impacted: they are marked for review in story order rather than rewritten automatically.");
        }
        long high = predicted.stream().filter(f -> f.risk().compareTo(RiskLevel.HIGH) >= 0).count();
        if (high > 0) {
            out.add(high + " file(s) carry HIGH risk or more: with the CHECKPOINTED commit policy a failure keeps the groups of steps"
                    + " completed before it, at the checkpoints the plan places where the work they keep outweighs their cost"
                    + " (a plan of quick steps may place none).");
        }
        predicted.stream().filter(f -> f.kind() == FileKind.DERIVED).forEach(f ->
                out.add("Derived file " + f.path() + " is regenerated after its sources, never edited by hand."));
        for (List<String> cycle : cycles) {
            out.add("Files " + cycle + " reference each other: they are updated as one group, in a fixed order.");
        }
        long weak = predicted.stream().filter(f -> f.confidence() < 0.9).count();
        if (weak > 0) {
            out.add(weak + " file(s) are reached only through mentions or several hops (confidence < 0.9): the high-confidence-only approach skips them.");
        }
        long below = all.size() - predicted.size();
        if (below > 0) {
            out.add(below + " more file(s) are reachable below the threshold " + threshold + "; lower it to include them.");
        }
        return out;
    }

    private static List<AlternativeApproach> alternatives(List<ImpactedFile> predicted, TimeEstimator estimator, int workers) {
        List<AlternativeApproach> out = new ArrayList<>();
        RiskLevel maxRisk = predicted.stream().map(ImpactedFile::risk).reduce(RiskLevel.LOW, RiskLevel::max);
        out.add(new AlternativeApproach("sequential-safe", "every impacted file, one step at a time, a checkpoint after each high-risk step",
                round(estimator.seconds(predicted, 1)), maxRisk.compareTo(RiskLevel.MEDIUM) > 0 ? RiskLevel.MEDIUM : RiskLevel.LOW, predicted.size(),
                List.of("a failure loses at most one step of work", "easiest to follow and to review")));
        out.add(new AlternativeApproach("parallel-fast", "every impacted file, " + workers + " steps at a time in critical-path order",
                round(estimator.seconds(predicted, workers)), maxRisk, predicted.size(),
                List.of("shortest run time", "independent files are updated at once")));
        List<ImpactedFile> sure = predicted.stream().filter(f -> f.confidence() >= 0.9).toList();
        RiskLevel sureRisk = sure.stream().map(ImpactedFile::risk).reduce(RiskLevel.LOW, RiskLevel::max);
        out.add(new AlternativeApproach("high-confidence-only", "only files with confidence >= 0.9 (explicit references); the rest are left to the writer",
                round(estimator.seconds(sure, workers)), sureRisk, sure.size(),
                List.of("touches only files that certainly depend on the change", (predicted.size() - sure.size()) + " fewer files changed")));
        return out;
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    @Override
    public String toString() {
        return "ImpactAnalyzer" + learned.stream().map(ImpactPredictor::id).toList().toString().toLowerCase(Locale.ROOT);
    }
}
