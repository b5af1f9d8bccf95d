package dev.continuity.core.impact;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.FileKind;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.spi.ImpactPredictor;
import dev.continuity.api.spi.ImpactQuery;
import dev.continuity.core.graph.DependencyGraph;
import dev.continuity.core.project.Project;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Impact by graph reachability: every file that depends, transitively, on a changed file or on an entity the change
 * names. Confidence is the product of the edge weights along the strongest path ({@link DependencyGraph#weightOf}),
 * decayed by {@link #DECAY} per file hop after the first; the path is the explanation.
 */
public final class GraphImpactPredictor implements ImpactPredictor {
    /** Confidence factor per file hop after the first. */
    public static final double DECAY = 0.9;
    /** Paths weaker than this are not followed. */
    public static final double FLOOR = 0.05;
    /** Context keys whose values name entities the change touches. */
    public static final List<String> ENTITY_KEYS = List.of("character_arc_impact", "entities", "rename.to");
    private static final Pattern VOLUME = Pattern.compile("第\\s*(\\d+)\\s*巻|(?i)vol(?:ume)?[-_ ]?(\\d+)");

    /** The predictor; stateless, so one instance may answer any number of queries, concurrently. */
    public GraphImpactPredictor() {}

    @Override
    public String id() {
        return "graph";
    }

    @Override
    public List<ImpactedFile> predict(ImpactQuery query) {
        if (!(query.project() instanceof Project project)) {
            throw new IllegalArgumentException("the graph predictor needs a scanned Project, got " + query.project().getClass().getName());
        }
        return predict(project, DependencyGraph.of(project), query.change());
    }

    /** The seeds of a change: its files and the entities its context names, each at confidence 1. */
    public static Map<String, Double> seeds(Project project, ChangeContext change) {
        Map<String, Double> seeds = new LinkedHashMap<>();
        change.changedFiles().forEach(f -> seeds.put(f, 1.0));
        for (String key : ENTITY_KEYS) {
            for (String name : change.list(key)) {
                project.entity(name).ifPresent(e -> seeds.put(DependencyGraph.ENTITY + e.name(), 1.0));
            }
        }
        return seeds;
    }

    /** The impacted files, most confident first; the changed files themselves are not included. */
    public List<ImpactedFile> predict(Project project, DependencyGraph graph, ChangeContext change) {
        Map<String, DependencyGraph.Hit> hits = graph.reach(seeds(project, change), DECAY, FLOOR);
        List<Integer> volumes = change.list("affected_volumes").stream().map(String::trim).filter(s -> s.matches("\\d+")).map(Integer::valueOf).toList();
        List<ImpactedFile> out = new ArrayList<>();
        for (DependencyGraph.Hit h : hits.values()) {
            if (!graph.isFile(h.vertex()) || change.changedFiles().contains(h.vertex())) {
                continue;
            }
            FileKind kind = graph.kind(h.vertex()).orElse(FileKind.OTHER);
            if (kind == FileKind.CONFIG) {
                continue;
            }
            double confidence = h.confidence();
            List<String> reasons = new ArrayList<>();
            reasons.add(String.join(" ", h.path()));
            Integer volume = volumeOf(h.vertex());
            if (!volumes.isEmpty() && volume != null && !volumes.contains(volume)) {
                confidence *= 0.5;
                reasons.add("volume " + volume + " is outside the affected volumes " + volumes);
            }
            out.add(new ImpactedFile(h.vertex(), kind, Math.min(1.0, confidence), risk(kind, confidence, graph.dependents(h.vertex())),
                    h.fileHops(), reasons, id()));
        }
        out.sort(Comparator.comparingDouble(ImpactedFile::confidence).reversed().thenComparing(ImpactedFile::path));
        return out;
    }

    /** The volume number a path belongs to ({@code 第3巻}, {@code vol-3}), if any. */
    static Integer volumeOf(String path) {
        Matcher m = VOLUME.matcher(path);
        if (m.find()) {
            return Integer.valueOf(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return null;
    }

    /**
     * Risk of updating a file: prose and the timeline are HIGH (a bad edit is costly and hard to spot), plots and
     * settings MEDIUM, notes and derived files LOW; a hub that ten or more vertices depend on is one level higher, and a
     * weakly predicted file (confidence below 0.6) one level lower.
     */
    public static RiskLevel risk(FileKind kind, double confidence, int dependents) {
        RiskLevel base = switch (kind) {
            case MANUSCRIPT, TIMELINE -> RiskLevel.HIGH;
            case PLOT, CHARACTER, SETTING, FORESHADOWING -> RiskLevel.MEDIUM;
            case CONFIG -> RiskLevel.CRITICAL;
            default -> RiskLevel.LOW;
        };
        int level = base.ordinal() + (dependents >= 10 ? 1 : 0) - (confidence < 0.6 ? 1 : 0);
        return RiskLevel.values()[Math.max(0, Math.min(RiskLevel.values().length - 1, level))];
    }
}
