package dev.continuity.ml.eval;

import dev.continuity.ml.model.CalibrationMetrics;
import dev.continuity.ml.model.RankingMath;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accumulates the metrics of one predictor query by query. Not thread-safe.
 *
 * <p>Each query keeps its ranking measures and the sums its ranked pairs add to the Brier score and to each of the
 * {@link #ECE_BINS} calibration bins, not the pairs themselves: an evaluation that ranks a 1,500-file project for
 * thousands of queries has millions of pairs per predictor, and resampling for bootstrap intervals only needs the sums.
 */
public final class MetricsAccumulator {

    /** Equal-width confidence bins of the expected calibration error (as {@link CalibrationMetrics#ece}). */
    static final int ECE_BINS = 10;

    private final String predictor;
    private final List<Query> queries = new ArrayList<>();

    /**
     * One query's ranking measures, its group (transaction), the number of its ranked pairs, their summed squared error
     * and, per calibration bin, their number, summed confidence and number of expected files.
     */
    private record Query(String group, double ap, double r5, double r10, double top3, double p1, boolean empty,
                         int pairs, double squaredError, double[] binCount, double[] binConfidence,
                         double[] binPositives) {
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
        double squaredError = 0;
        double[] count = new double[ECE_BINS];
        double[] confidence = new double[ECE_BINS];
        double[] positives = new double[ECE_BINS];
        for (RankedFile r : ranking) {
            boolean y = expected.contains(r.file());
            double c = r.confidence();
            double d = c - (y ? 1 : 0);
            squaredError += d * d;
            int b = Math.min(ECE_BINS - 1, Math.max(0, (int) Math.floor(c * ECE_BINS)));
            count[b]++;
            confidence[b] += c;
            positives[b] += y ? 1 : 0;
        }
        queries.add(new Query(group, RankingMath.averagePrecision(files, keys, expected),
                RankingMath.recallAt(files, keys, expected, 5), RankingMath.recallAt(files, keys, expected, 10),
                RankingMath.hitAt(files, keys, expected, 3), RankingMath.hitAt(files, keys, expected, 1),
                ranking.isEmpty(), ranking.size(), squaredError, count, confidence, positives));
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
            pairs += m > 0 ? q.pairs() : 0;
        }
        double weight = 0;
        double squaredError = 0;
        double[] count = new double[ECE_BINS];
        double[] confidence = new double[ECE_BINS];
        double[] positives = new double[ECE_BINS];
        for (Query q : queries) {
            int m = all ? 1 : counts.getOrDefault(q.group(), 0);
            if (m == 0) {
                continue;
            }
            weight += (double) m * q.pairs();
            squaredError += m * q.squaredError();
            for (int b = 0; b < ECE_BINS; b++) {
                count[b] += m * q.binCount()[b];
                confidence[b] += m * q.binConfidence()[b];
                positives[b] += m * q.binPositives()[b];
            }
        }
        double ece = Double.NaN;
        if (weight > 0) {
            ece = 0;
            for (int b = 0; b < ECE_BINS; b++) {
                if (count[b] > 0) {
                    ece += (count[b] / weight) * Math.abs(confidence[b] / count[b] - positives[b] / count[b]);
                }
            }
        }
        double d = Math.max(1, n);
        return new PredictorMetrics(predictor, (int) n, ap / d, r5 / d, r10 / d, top3 / d, p1 / d, empty / d,
                weight > 0 ? squaredError / weight : Double.NaN, ece, pairs);
    }
}
