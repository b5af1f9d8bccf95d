package dev.continuity.ml.eval;

import dev.continuity.ml.model.CalibrationMetrics;
import dev.continuity.ml.model.RankingMath;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Accumulates the metrics of one predictor query by query. Not thread-safe. */
public final class MetricsAccumulator {

    private final String predictor;
    private int queries;
    private double ap;
    private double r5;
    private double r10;
    private double top3;
    private double p1;
    private int empty;
    private final List<Double> confidences = new ArrayList<>();
    private final List<Boolean> outcomes = new ArrayList<>();

    public MetricsAccumulator(String predictor) {
        this.predictor = predictor;
    }

    /**
     * Adds one query's ranking (best first). Files with equal confidence and tie-break are tied; every ranking measure
     * is the expectation over the orders of tied files.
     */
    public void add(List<RankedFile> ranking, Set<String> expected) {
        queries++;
        List<String> files = ranking.stream().map(RankedFile::file).toList();
        double[] keys = tieKeys(ranking);
        ap += RankingMath.averagePrecision(files, keys, expected);
        r5 += RankingMath.recallAt(files, keys, expected, 5);
        r10 += RankingMath.recallAt(files, keys, expected, 10);
        top3 += RankingMath.hitAt(files, keys, expected, 3);
        p1 += RankingMath.hitAt(files, keys, expected, 1);
        empty += ranking.isEmpty() ? 1 : 0;
        for (RankedFile r : ranking) {
            confidences.add(r.confidence());
            outcomes.add(expected.contains(r.file()));
        }
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
        int n = Math.max(1, queries);
        double[] c = confidences.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] y = new boolean[c.length];
        double[] w = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            y[i] = outcomes.get(i);
            w[i] = 1.0;
        }
        return new PredictorMetrics(predictor, queries, ap / n, r5 / n, r10 / n, top3 / n, p1 / n,
                (double) empty / n, CalibrationMetrics.brier(c, y, w), CalibrationMetrics.ece(c, y, w, 10), c.length);
    }
}
