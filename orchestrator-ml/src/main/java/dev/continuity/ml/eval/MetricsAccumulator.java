package dev.continuity.ml.eval;

import dev.continuity.ml.model.CalibrationMetrics;
import dev.continuity.ml.model.RankingMath;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Accumulates the metrics of one predictor query by query. Not thread-safe. */
public final class MetricsAccumulator {

    private final String predictor;
    private final List<Query> queries = new ArrayList<>();
    private final List<Double> confidences = new ArrayList<>();
    private final List<Boolean> outcomes = new ArrayList<>();

    /** One query's ranking measures, its group (transaction) and its slice of the ranked pairs. */
    private record Query(String group, double ap, double r5, double r10, double top3, double p1, boolean empty,
                         int from, int to) {
    }

    public MetricsAccumulator(String predictor) {
        this.predictor = predictor;
    }

    /**
     * Adds one query's ranking (best first). Files with equal confidence and tie-break are tied; every ranking measure
     * is the expectation over the orders of tied files.
     */
    public void add(List<RankedFile> ranking, Set<String> expected) {
        add("", ranking, expected);
    }

    /**
     * Adds one query's ranking, of the group {@code group} (its transaction): {@link #resampled} draws whole groups,
     * because the queries of one transaction are not independent.
     */
    public void add(String group, List<RankedFile> ranking, Set<String> expected) {
        List<String> files = ranking.stream().map(RankedFile::file).toList();
        double[] keys = tieKeys(ranking);
        int from = confidences.size();
        for (RankedFile r : ranking) {
            confidences.add(r.confidence());
            outcomes.add(expected.contains(r.file()));
        }
        queries.add(new Query(group, RankingMath.averagePrecision(files, keys, expected),
                RankingMath.recallAt(files, keys, expected, 5), RankingMath.recallAt(files, keys, expected, 10),
                RankingMath.hitAt(files, keys, expected, 3), RankingMath.hitAt(files, keys, expected, 1),
                ranking.isEmpty(), from, confidences.size()));
    }

    /** The groups added so far, in first-seen order. */
    public List<String> groups() {
        return queries.stream().map(Query::group).distinct().toList();
    }

    /** A strictly decreasing key per tie group: the negated position of the group's first file. */
    static double[] tieKeys(List<RankedFile> ranking) {
        double[] keys = new double[ranking.size()];
        int groupStart = 0;
        for (int i = 0; i < keys.length; i++) {
            RankedFile r = ranking.get(i);
            if (i > 0) {
                RankedFile prev = ranking.get(i - 1);
                if (Double.compare(prev.confidence(), r.confidence()) != 0
                        || Double.compare(prev.tieBreak(), r.tieBreak()) != 0) {
                    groupStart = i;
                }
            }
            keys[i] = -groupStart;
        }
        return keys;
    }

    /** The metrics so far. */
    public PredictorMetrics result() {
        return resampled(Map.of(), true);
    }

    /**
     * The metrics over a resample of the groups: each query counts as many times as its group is in {@code counts}
     * (absent: not at all). Used for bootstrap intervals.
     */
    public PredictorMetrics resampled(Map<String, Integer> counts) {
        return resampled(counts, false);
    }

    private PredictorMetrics resampled(Map<String, Integer> counts, boolean all) {
        double n = 0;
        double ap = 0;
        double r5 = 0;
        double r10 = 0;
        double top3 = 0;
        double p1 = 0;
        double empty = 0;
        int pairs = 0;
        for (Query q : queries) {
            int m = all ? 1 : counts.getOrDefault(q.group(), 0);
            n += m;
            ap += m * q.ap();
            r5 += m * q.r5();
            r10 += m * q.r10();
            top3 += m * q.top3();
            p1 += m * q.p1();
            empty += q.empty() ? m : 0;
            pairs += m > 0 ? q.to() - q.from() : 0;
        }
        double[] c = new double[pairs];
        boolean[] y = new boolean[pairs];
        double[] w = new double[pairs];
        int k = 0;
        for (Query q : queries) {
            int m = all ? 1 : counts.getOrDefault(q.group(), 0);
            if (m == 0) {
                continue;
            }
            for (int i = q.from(); i < q.to(); i++) {
                c[k] = confidences.get(i);
                y[k] = outcomes.get(i);
                w[k] = m;
                k++;
            }
        }
        double d = Math.max(1, n);
        return new PredictorMetrics(predictor, (int) n, ap / d, r5 / d, r10 / d, top3 / d, p1 / d, empty / d,
                CalibrationMetrics.brier(c, y, w), CalibrationMetrics.ece(c, y, w, 10), pairs);
    }
}
