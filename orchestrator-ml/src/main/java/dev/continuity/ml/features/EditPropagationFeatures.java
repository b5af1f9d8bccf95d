package dev.continuity.ml.features;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Edit propagation: does the candidate still contain the text the change removed? Each vanished term
 * ({@link EditEvidence}) is weighted by its rarity among the project's files before the change,
 * {@code log((N + 1) / df)}, so a removed character name or hyphenation counts much more than a removed {@code the}.
 * <ul>
 *   <li>{@code edit.evidence} — 1 when the change has vanished terms that some file still contains (the other
 *       features are meaningful only then);</li>
 *   <li>{@code edit.overlap} — the candidate's share of the total weight of those terms;</li>
 *   <li>{@code edit.rare_hit} — the weight of the rarest of them the candidate contains, over {@code log(N + 1)};</li>
 *   <li>{@code edit.cochange} — the ROSE confidence of the candidate given the query files (the maximum over them),
 *       times {@code edit.overlap}: co-change counts as far as the candidate still holds the removed text. Files that
 *       changed together in a project-wide change (a markup or spelling sweep) do not change together when one of them
 *       gets a local fix; a linear model cannot learn that interaction by itself.</li>
 *   <li>{@code edit.sweep} — how many occurrences the change removed of terms it removed <em>everywhere</em> from the
 *       changed file ({@link EditEvidence#sweptTerms()}) and the candidate still holds, as
 *       {@code min(1, log(1 + n) / log(1 + 64))}: a character renamed throughout a chapter, a spelling or markup
 *       replaced at every occurrence. A systematic replacement tends to reach every file that still holds the old
 *       text; a local fix does not, and removes one or two occurrences.</li>
 * </ul>
 */
final class EditPropagationFeatures implements FeatureExtractor {

    /** {@code edit.sweep} saturates at this many removed occurrences. */
    private static final double SWEEP_NORM = Math.log1p(64);

    /**
     * The weight of each vanished term, their total and the normalizer of {@code edit.rare_hit}; and, when the content
     * index lists the holders of terms, each holding file's summed weight, rarest weight and removed occurrences of
     * swept terms (null otherwise: each candidate's terms are then looked into).
     */
    private record Weights(Map<String, Double> weights, double total, double norm, Map<String, double[]> hits) {
    }

    @Override
    public void extract(QueryContext ctx, String candidate, FeatureSink sink) {
        EditEvidence edits = ctx.query().edits();
        if (edits.isEmpty()) {
            return;
        }
        Weights w = ctx.memo("builtin.edit.weights", () -> weights(edits, ctx));
        if (w.total() <= 0) {
            return;
        }
        sink.put("edit.evidence", 1.0);
        Set<String> terms = edits.content().termsOf(candidate);
        if (terms.isEmpty()) {
            return;
        }
        double overlap = 0;
        double rarest = 0;
        int removed = 0;
        if (w.hits() != null) {
            double[] hit = w.hits().get(candidate);
            if (hit != null) {
                overlap = hit[0];
                rarest = hit[1];
                removed = (int) hit[2];
            }
        } else {
            for (Map.Entry<String, Double> e : w.weights().entrySet()) {
                if (terms.contains(e.getKey())) {
                    overlap += e.getValue();
                    rarest = Math.max(rarest, e.getValue());
                }
            }
            Map<String, Integer> swept = ctx.memo("builtin.edit.swept", () -> swept(edits, ctx));
            for (Map.Entry<String, Integer> e : swept.entrySet()) {
                if (terms.contains(e.getKey())) {
                    removed += e.getValue();
                }
            }
        }
        double share = overlap / w.total();
        sink.put("edit.overlap", share);
        if (share > 0) {
            double maxConf = 0;
            for (String q : ctx.queryFiles()) {
                maxConf = Math.max(maxConf, ctx.index().confidence(q, candidate));
            }
            sink.put("edit.cochange", maxConf * share);
        }
        sink.put("edit.rare_hit", rarest / w.norm());
        if (removed > 0) {
            sink.put("edit.sweep", Math.min(1.0, Math.log1p(removed) / SWEEP_NORM));
        }
    }

    /** The swept terms of the query files, with the most occurrences any of them removed. */
    private static Map<String, Integer> swept(EditEvidence edits, QueryContext ctx) {
        Map<String, Integer> out = new HashMap<>();
        for (String q : ctx.queryFiles()) {
            edits.sweptTerms().getOrDefault(q, Map.of()).forEach((t, n) -> out.merge(t, n, Math::max));
        }
        return out;
    }

    private static Weights weights(EditEvidence edits, QueryContext ctx) {
        ContentIndex content = edits.content();
        int n = content.documentCount();
        Map<String, Integer> swept = ctx.memo("builtin.edit.swept", () -> swept(edits, ctx));
        Set<String> asked = new LinkedHashSet<>();
        edits.vanishedTerms().values().forEach(asked::addAll);
        asked.addAll(swept.keySet());
        Map<String, Collection<String>> holders = content.holders(asked).orElse(null);
        // the terms in the order of their names: the evidence's sets have no order (Set.copyOf's changes from one JVM
        // to the next), and sums of doubles taken in another order differ in their last bits, so that a training or
        // an evaluation would not give the same figures twice
        Set<String> vanished = new TreeSet<>();
        edits.vanishedTerms().values().forEach(vanished::addAll);
        Map<String, Double> weights = new LinkedHashMap<>();
        double total = 0;
        for (String t : vanished) {
            int df = holders == null ? content.documentFrequency(t) : holders.getOrDefault(t, List.of()).size();
            if (df > 0) {
                double idf = Math.log((n + 1.0) / df);
                weights.put(t, idf);
                total += idf;
            }
        }
        if (holders == null) {
            return new Weights(weights, total, Math.log(n + 1.0), null);
        }
        // the same sums as a look into each candidate's terms, added in the same order
        Map<String, double[]> hits = new HashMap<>();
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            double weight = e.getValue();
            for (String file : holders.getOrDefault(e.getKey(), List.of())) {
                double[] hit = hits.computeIfAbsent(file, f -> new double[3]);
                hit[0] += weight;
                hit[1] = Math.max(hit[1], weight);
            }
        }
        for (Map.Entry<String, Integer> e : swept.entrySet()) {
            for (String file : holders.getOrDefault(e.getKey(), List.of())) {
                hits.computeIfAbsent(file, f -> new double[3])[2] += e.getValue();
            }
        }
        return new Weights(weights, total, Math.log(n + 1.0), hits);
    }

    @Override
    public String id() {
        return "builtin.edit";
    }

    /** 2: {@code edit.cochange} added; 3: {@code edit.sweep} added. */
    @Override
    public int version() {
        return 3;
    }
}
