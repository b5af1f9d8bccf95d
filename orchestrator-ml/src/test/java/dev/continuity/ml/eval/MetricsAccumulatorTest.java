package dev.continuity.ml.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Metrics over resamples of the test transactions, and the bootstrap intervals built on them. */
class MetricsAccumulatorTest {

    private static MetricsAccumulator twoTransactions(String name, double goodConfidence) {
        MetricsAccumulator acc = new MetricsAccumulator(name);
        // transaction "a": two queries, each ranks its expected file first
        acc.add("a", List.of(new RankedFile("x", goodConfidence), new RankedFile("y", 0.1)), Set.of("x"));
        acc.add("a", List.of(new RankedFile("x", goodConfidence), new RankedFile("y", 0.1)), Set.of("x"));
        // transaction "b": one query, its expected file second
        acc.add("b", List.of(new RankedFile("x", 0.9), new RankedFile("y", 0.1)), Set.of("y"));
        return acc;
    }

    @Test
    void aResampleCountsEachQueryAsOftenAsItsTransactionWasDrawn() {
        MetricsAccumulator acc = twoTransactions("model", 0.9);
        assertThat(acc.groups()).containsExactly("a", "b");
        PredictorMetrics all = acc.result();
        assertThat(all.queries()).isEqualTo(3);
        assertThat(all.map()).isCloseTo((1 + 1 + 0.5) / 3, within(1e-12));
        PredictorMetrics onlyB = acc.resampled(Map.of("b", 2));
        assertThat(onlyB.queries()).isEqualTo(2);
        assertThat(onlyB.map()).isCloseTo(0.5, within(1e-12));
        assertThat(onlyB.precisionAt1()).isZero();
        // a and b once each equals the full result
        PredictorMetrics same = acc.resampled(Map.of("a", 1, "b", 1));
        assertThat(same.map()).isEqualTo(all.map());
        assertThat(same.ece()).isCloseTo(all.ece(), within(1e-12));
        // b twice: its pairs weigh twice: confidence 0.9 never right, 0.1 always right
        assertThat(acc.resampled(Map.of("b", 2)).ece()).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void bootstrapIntervalsBracketWhatTheResamplesCanShow() {
        MetricsAccumulator model = twoTransactions("model", 0.9);
        MetricsAccumulator rose = twoTransactions("cochange", 0.9);
        EvaluationResult.Uncertainty u = ImpactEvaluation.bootstrap(model, rose, 1L);
        assertThat(u.resamples()).isEqualTo(ImpactEvaluation.BOOTSTRAP_RESAMPLES);
        assertThat(u.transactions()).isEqualTo(2);
        // identical predictors: every resample has ratio 1
        assertThat(u.mapRatioLow()).isEqualTo(1.0);
        assertThat(u.mapRatioHigh()).isEqualTo(1.0);
        // ECE ranges from "a" alone (0.1 for both bins) to "b" alone (0.9)
        assertThat(u.eceLow()).isCloseTo(0.1, within(1e-9));
        assertThat(u.eceHigh()).isCloseTo(0.9, within(1e-9));
        assertThat(ImpactEvaluation.bootstrap(new MetricsAccumulator("m"), new MetricsAccumulator("c"), 1L)
                .resamples()).isZero();
    }

    @Test
    void brierAndEceFromPerQuerySumsEqualThoseOverEveryPairOfTheResample() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        MetricsAccumulator acc = new MetricsAccumulator("model");
        List<double[]> confidences = new java.util.ArrayList<>();
        List<boolean[]> labels = new java.util.ArrayList<>();
        List<String> groups = new java.util.ArrayList<>();
        for (int q = 0; q < 60; q++) {
            String group = "t" + (q / 3);
            int n = 1 + rng.nextInt(40);
            List<RankedFile> ranking = new java.util.ArrayList<>();
            Set<String> expected = new java.util.HashSet<>();
            double[] c = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                // some confidences sit exactly on bin edges, including 1.0
                c[i] = rng.nextInt(4) == 0 ? rng.nextInt(11) / 10.0 : rng.nextDouble();
                y[i] = rng.nextDouble() < c[i];
                ranking.add(new RankedFile("f" + i, c[i]));
                if (y[i]) {
                    expected.add("f" + i);
                }
            }
            ranking.sort(java.util.Comparator.comparingDouble(RankedFile::confidence).reversed());
            acc.add(group, ranking, expected);
            confidences.add(c);
            labels.add(y);
            groups.add(group);
        }
        Map<String, Integer> draw = Map.of("t0", 3, "t4", 1, "t7", 2, "t19", 1);
        List<Double> c = new java.util.ArrayList<>();
        List<Boolean> y = new java.util.ArrayList<>();
        List<Double> w = new java.util.ArrayList<>();
        for (int q = 0; q < groups.size(); q++) {
            int m = draw.getOrDefault(groups.get(q), 0);
            for (int i = 0; i < confidences.get(q).length && m > 0; i++) {
                c.add(confidences.get(q)[i]);
                y.add(labels.get(q)[i]);
                w.add((double) m);
            }
        }
        double[] cs = c.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] ys = new boolean[y.size()];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = y.get(i);
        }
        double[] ws = w.stream().mapToDouble(Double::doubleValue).toArray();
        PredictorMetrics m = acc.resampled(draw);
        assertThat(m.brier()).isCloseTo(dev.continuity.ml.model.CalibrationMetrics.brier(cs, ys, ws), within(1e-12));
        assertThat(m.ece()).isCloseTo(dev.continuity.ml.model.CalibrationMetrics.ece(cs, ys, ws, 10), within(1e-12));
        assertThat(m.rankedPairs()).isEqualTo(cs.length);
        assertThat(acc.resampled(Map.of()).ece()).isNaN();
    }
}
