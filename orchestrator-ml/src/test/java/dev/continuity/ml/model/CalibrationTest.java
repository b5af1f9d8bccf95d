package dev.continuity.ml.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Calibrators fitted on synthetic data whose true probabilities are known. */
class CalibrationTest {

    private record Sample(double[] scores, boolean[] labels, double[] weights) {
    }

    private static Sample sample(long seed, int n, DoubleUnaryOperator trueProbability) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = rng.nextDouble();
            y[i] = rng.nextDouble() < trueProbability.applyAsDouble(s[i]);
            w[i] = 1.0;
        }
        return new Sample(s, y, w);
    }

    private static double ece(Calibrator c, Sample test) {
        double[] conf = new double[test.scores.length];
        for (int i = 0; i < conf.length; i++) {
            conf[i] = c.apply(test.scores[i]);
        }
        return CalibrationMetrics.ece(conf, test.labels, test.weights, 10);
    }

    @Test
    void isotonicRegressionCalibratesAMonotoneDistortion() {
        DoubleUnaryOperator truth = s -> s * s * s; // raw scores are far too confident
        Sample train = sample(1, 20_000, truth);
        Sample test = sample(2, 20_000, truth);
        Calibrator raw = Calibrator.identity();
        IsotonicCalibrator iso = IsotonicCalibrator.fit(train.scores, train.labels, train.weights);

        assertThat(ece(raw, test)).isGreaterThan(0.15);
        assertThat(ece(iso, test)).isLessThan(0.02);
        for (double s = 0; s < 1; s += 0.01) {
            assertThat(iso.apply(s + 0.01)).isGreaterThanOrEqualTo(iso.apply(s));
        }
        assertThat(iso.apply(0.5)).isBetween(0.08, 0.17);
    }

    @Test
    void plattScalingCalibratesALogisticDistortion() {
        DoubleUnaryOperator truth = s -> {
            double z = 2 * Math.log(s / (1 - s)) - 1;
            return 1 / (1 + Math.exp(-z));
        };
        Sample train = sample(3, 5_000, truth);
        Sample test = sample(4, 20_000, truth);
        PlattCalibrator platt = PlattCalibrator.fit(train.scores, train.labels, train.weights);

        assertThat(ece(platt, test)).isLessThan(0.02);
        assertThat(platt.a()).isBetween(-2.3, -1.7);
        assertThat(platt.b()).isBetween(0.8, 1.2);
    }

    @Test
    void weightsStandForSampledRows() {
        // negatives are sampled at 1 in 10 and carry weight 10: the calibrated rate must refer to the full population
        SplittableRandom rng = new SplittableRandom(5);
        int n = 30_000;
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        double[] w = new double[n];
        int k = 0;
        while (k < n) {
            double score = rng.nextDouble();
            boolean positive = rng.nextDouble() < 0.1 * score;
            if (!positive && rng.nextDouble() >= 0.1) {
                continue;
            }
            s[k] = score;
            y[k] = positive;
            w[k] = positive ? 1 : 10;
            k++;
        }
        IsotonicCalibrator iso = IsotonicCalibrator.fit(s, y, w);
        assertThat(iso.apply(0.9)).isBetween(0.07, 0.11);
        assertThat(iso.apply(0.1)).isBetween(0.0, 0.03);
    }

    @Test
    void eceAndBrierOfAPerfectlyCalibratedPredictor() {
        Sample test = sample(6, 50_000, s -> s);
        assertThat(ece(Calibrator.identity(), test)).isLessThan(0.01);
        double[] conf = test.scores.clone();
        assertThat(CalibrationMetrics.brier(conf, test.labels, test.weights)).isBetween(0.16, 0.17); // E[p(1-p)] = 1/6
    }

    @Test
    void heldOutQueriesWeighLessTheOlderTheyAre() {
        // 20 held-out transactions, one query each; every query has one row per score in {0.2, 0.8}.
        // The first ten transactions were broad (everything impacted), the last ten local (only the 0.8 row).
        java.util.List<ModelTrainer.ScoredQuery> heldOut = new java.util.ArrayList<>();
        for (int tx = 0; tx < 20; tx++) {
            boolean broad = tx < 10;
            java.util.List<CandidateRow> rows = java.util.List.of(
                    new CandidateRow("low", broad, 1.0, dev.continuity.ml.features.FeatureVector.empty(), false),
                    new CandidateRow("high", true, 1.0, dev.continuity.ml.features.FeatureVector.empty(), false));
            QueryRows q = new QueryRows(tx, "t" + tx, java.time.Instant.EPOCH.plusSeconds(tx),
                    java.util.List.of("q"), rows, 2, true);
            heldOut.add(new ModelTrainer.ScoredQuery(q, new double[]{0.2, 0.8}));
        }
        ModelTrainer.Flat equal = ModelTrainer.flatten(heldOut, Calibrator.identity(), 0);
        ModelTrainer.Flat recent = ModelTrainer.flatten(heldOut, Calibrator.identity(), 0.25);
        assertThat(equal.weights()).containsOnly(1.0);
        // the newest query weighs 1, one that is a quarter of the window (5 transactions) older weighs 1/2
        assertThat(recent.weights()[2 * 19]).isEqualTo(1.0);
        assertThat(recent.weights()[2 * 14]).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-12));
        double equalLow = IsotonicCalibrator.fit(equal.scores(), equal.labels(), equal.weights()).apply(0.2);
        double recentLow = IsotonicCalibrator.fit(recent.scores(), recent.labels(), recent.weights()).apply(0.2);
        // equal weights: half the low rows were impacted; with recency weights the broad half weighs
        // (0.5^2 + ... + 0.5^3.8) against (1 + ... + 0.5^1.8) = 1/4 of the local half: a rate of 0.2
        assertThat(equalLow).isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.05));
        assertThat(recentLow).isCloseTo(0.2, org.assertj.core.api.Assertions.within(0.05));
    }
}
