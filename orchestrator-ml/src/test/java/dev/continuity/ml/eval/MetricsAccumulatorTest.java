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
}
