package dev.continuity.ml.model;

import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.features.FeatureVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A stratum of pairs calibrated apart on the whole training history. */
class StratumCalibrationTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z"));
    private static List<QueryRows> rows;

    @BeforeAll
    static void data() {
        rows = TrainingData.rows(3, 40, 260);
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void theShiftBringsTheStratumsConfidenceToItsRateShrunkByOneTransaction() {
        // the main calibration says 0.3 for every pair of the stratum; 90 of its 100 pairs changed, over 9 transactions
        double[] base = new double[100];
        boolean[] labels = new boolean[100];
        double[] weights = new double[100];
        Arrays.fill(base, 0.3);
        Arrays.fill(weights, 1.0);
        for (int i = 0; i < 90; i++) {
            labels[i] = true;
        }

        StratumCalibration s = StratumCalibration.fit("edit.sweep", base, labels, weights, 9);

        double full = logit(0.9) - logit(0.3);
        assertThat(s.rate()).isCloseTo(0.9, within(1e-12));
        assertThat(s.shift()).isCloseTo(full * 9 / 10, within(1e-6));
        assertThat(s.apply(0.3)).isCloseTo(sigmoid(logit(0.3) + full * 0.9), within(1e-9)).isBetween(0.85, 0.9);
        assertThat(s.transactions()).isEqualTo(9);
        assertThat(s.pairs()).isEqualTo(100);
        // a shift keeps the order of the stratum's pairs
        for (double p = 0.01; p < 0.99; p += 0.01) {
            assertThat(s.apply(p + 0.01)).isGreaterThan(s.apply(p));
        }
    }

    @Test
    void sampledNegativesCountWithTheirWeights() {
        // 10 positives and 10 sampled negatives that each stand for 9 pairs: a rate of 0.1, not 0.5
        double[] base = new double[20];
        boolean[] labels = new boolean[20];
        double[] weights = new double[20];
        Arrays.fill(base, 0.5);
        for (int i = 0; i < 20; i++) {
            labels[i] = i < 10;
            weights[i] = i < 10 ? 1.0 : 9.0;
        }

        StratumCalibration s = StratumCalibration.fit("edit.sweep", base, labels, weights, 1_000_000);

        assertThat(s.rate()).isCloseTo(0.1, within(1e-12));
        assertThat(s.apply(0.5)).isCloseTo(0.1, within(1e-4));
    }

    @Test
    void aStratumThatBehavesLikeTheRestIsBarelyShifted() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 20_000;
        double[] base = new double[n];
        boolean[] labels = new boolean[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            base[i] = rng.nextDouble(0.02, 0.98);
            labels[i] = rng.nextDouble() < base[i];
            weights[i] = 1.0;
        }

        StratumCalibration s = StratumCalibration.fit("edit.sweep", base, labels, weights, 50);

        assertThat(s.shift()).isCloseTo(0.0, within(0.05));
    }

    @Test
    void membershipIsAPositiveValueOfTheFeatureAndTheFirstStratumWins() {
        StratumCalibration up = new StratumCalibration("a", 2.0, 0.9, 3, 30);
        StratumCalibration down = new StratumCalibration("b", -2.0, 0.1, 3, 30);
        FeatureVector both = FeatureVector.of(new String[]{"a", "b"}, new double[]{0.5, 1.0}, 2);
        FeatureVector onlyB = FeatureVector.of(new String[]{"a", "b"}, new double[]{0.0, 1.0}, 2);
        FeatureVector none = FeatureVector.of(new String[]{"c"}, new double[]{1.0}, 1);

        assertThat(StratumCalibration.confidence(List.of(up, down), both, 0.5)).isCloseTo(sigmoid(2), within(1e-9));
        assertThat(StratumCalibration.confidence(List.of(up, down), onlyB, 0.5)).isCloseTo(sigmoid(-2), within(1e-9));
        assertThat(StratumCalibration.confidence(List.of(up, down), none, 0.5)).isEqualTo(0.5);
    }

    @Test
    void invalidStrataAreRefused() {
        assertThatThrownBy(() -> new StratumCalibration(" ", 0, 0.5, 2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StratumCalibration("a", Double.NaN, 0.5, 2, 2))
                .hasMessageContaining("shift");
        assertThatThrownBy(() -> new StratumCalibration("a", 0, 1.5, 2, 2)).hasMessageContaining("rate");
        assertThatThrownBy(() -> StratumCalibration.fit("a", new double[0], new boolean[0], new double[0], 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTrainerFitsAStratumOnItsWholeTrainingHistory() {
        // linked pairs stand in for a rare kind of change here: any feature can mark a stratum
        String feature = "graph.distance_inv";
        TrainerSettings settings = TrainingData.fast(ModelType.LOGISTIC).toBuilder()
                .calibrationStrata(List.of(feature)).build();
        ImpactModel model = new ModelTrainer(settings, CLOCK).fit(rows, FeaturePipeline.defaults().signature(), "s")
                .model();

        assertThat(model.strata()).hasSize(1);
        StratumCalibration s = model.strata().get(0);
        assertThat(s.feature()).isEqualTo(feature);
        List<CandidateRow> stratum = rows.stream().filter(q -> q.positives() > 0)
                .flatMap(q -> q.rows().stream()).filter(r -> r.features().get(feature) > 0).toList();
        assertThat(s.pairs()).isEqualTo(stratum.size());
        double weight = stratum.stream().mapToDouble(CandidateRow::weight).sum();
        double positive = stratum.stream().filter(CandidateRow::impacted).mapToDouble(CandidateRow::weight).sum();
        assertThat(s.rate()).isCloseTo(positive / weight, within(1e-9));
        // a stratum pair's confidence is its main calibration shifted; a pair outside keeps the main calibration
        FeatureVector inside = stratum.get(0).features();
        double raw = model.rawScore(inside);
        assertThat(model.confidence(inside, raw)).isCloseTo(s.apply(model.calibrate(raw)), within(1e-12));
        FeatureVector outside = inside.without(feature);
        assertThat(model.confidence(outside, 0.4)).isEqualTo(model.calibrate(0.4));
        // over the training history, the stratum's mean confidence moves from the main calibration's towards its rate
        double mainMean = 0;
        double stratumMean = 0;
        double[] scores = model.rawScores(stratum.stream().map(CandidateRow::features).toList());
        for (int i = 0; i < scores.length; i++) {
            mainMean += stratum.get(i).weight() * model.calibrate(scores[i]);
            stratumMean += stratum.get(i).weight() * model.confidence(stratum.get(i).features(), scores[i]);
        }
        mainMean /= weight;
        stratumMean /= weight;
        assertThat(Math.abs(stratumMean - s.rate())).isLessThan(Math.abs(mainMean - s.rate()) + 1e-12);
    }

    @Test
    void aFeatureNoTrainingPairHasGivesNoStratum() {
        TrainerSettings settings = TrainingData.fast(ModelType.LOGISTIC).toBuilder()
                .calibrationStrata(List.of("no.such.feature")).build();

        ImpactModel model = new ModelTrainer(settings, CLOCK).fit(rows, FeaturePipeline.defaults().signature(), "n")
                .model();

        assertThat(model.strata()).isEmpty();
    }
}
