package dev.continuity.ml.eval;

import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.history.CoChangeIndex;
import dev.continuity.ml.model.CandidateRow;
import dev.continuity.ml.model.HistoryWalker;
import dev.continuity.ml.model.ImpactModel;
import dev.continuity.ml.model.ModelTrainer;
import dev.continuity.ml.model.ModelType;
import dev.continuity.ml.model.QueryRowBuilder;
import dev.continuity.ml.model.QueryRows;
import dev.continuity.ml.model.TrainerSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The evaluation ranks and reports by the confidences a model gives its pairs, strata included. */
class StrataInEvaluationTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z"));
    private static final String FEATURE = "graph.distance_inv";

    private static TrainerSettings withStratum() {
        return TrainerSettings.defaults().toBuilder().modelType(ModelType.LOGISTIC).logisticEpochs(3)
                .crossFitBelowQueries(1).calibrationStrata(List.of(FEATURE)).build();
    }

    @Test
    void aRankingUsesEachPairsStratumConfidence() {
        SyntheticHistory h = SyntheticHistory.generate(3, 40, 260);
        QueryRowBuilder builder = new QueryRowBuilder(FeaturePipeline.defaults(), 60, 10, 3);
        List<QueryRows> rows = HistoryWalker.walk(h.records(), CoChangeIndex.Options.defaults(), builder,
                r -> h.linkGraph(), 0.6, 1_000, 100_000, 4, HistoryWalker.CandidateSource.existingInIndex()).queries();
        ImpactModel model = new ModelTrainer(withStratum(), CLOCK).fit(rows, FeaturePipeline.defaults().signature(),
                "m").model();
        assertThat(model.strata()).extracting(s -> s.feature()).containsExactly(FEATURE);
        QueryRows q = rows.stream().filter(r -> r.rows().stream().anyMatch(c -> c.features().get(FEATURE) > 0)
                && r.rows().stream().anyMatch(c -> c.features().get(FEATURE) == 0)).reduce((a, b) -> b).orElseThrow();

        List<RankedFile> ranking = ImpactEvaluation.modelRanking(model, q);

        for (CandidateRow row : q.rows()) {
            RankedFile ranked = ranking.stream().filter(f -> f.file().equals(row.candidate())).findFirst().orElseThrow();
            double raw = model.rawScore(row.features());
            assertThat(ranked.confidence()).isEqualTo(model.confidence(row.features(), raw));
        }
        for (int i = 1; i < ranking.size(); i++) {
            assertThat(ranking.get(i).confidence()).isLessThanOrEqualTo(ranking.get(i - 1).confidence());
        }
        assertThat(ImpactEvaluation.calibration(model)).startsWith(model.metadata().calibrationMethod())
                .contains(" + " + FEATURE + " stratum (shift ");
    }
}
