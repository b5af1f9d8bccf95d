package dev.continuity.ml.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.continuity.ml.features.FeaturePipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImpactEvaluationTest {

    private static SyntheticHistory history;
    private static EvaluationResult result;
    @TempDir
    static Path dir;
    private static Path predictions;

    @BeforeAll
    static void evaluate() {
        history = SyntheticHistory.generate(21, 60, 320);
        predictions = dir.resolve("predictions.jsonl");
        try (PredictionsWriter writer = new PredictionsWriter(predictions)) {
            EvaluationOptions options = EvaluationOptions.defaults()
                    .withRetraining(java.time.Duration.ofDays(60), 40)
                    .withMl(dev.continuity.ml.MlOptions.builder().modelType(dev.continuity.ml.model.ModelType.LOGISTIC)
                            .build());
            result = new ImpactEvaluation(options,
                    FeaturePipeline.defaults(), InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z")))
                    .run(history.records(), history.snapshots(), writer);
        }
    }

    @Test
    void reportsEveryPredictorOverTheSameQueries() {
        assertThat(result.transactions()).isEqualTo(320);
        assertThat(result.queries()).isGreaterThan(60);
        assertThat(result.metrics()).extracting(PredictorMetrics::predictor)
                .containsExactly("model", "cochange", "cochange+pop", "graph", "popularity");
        assertThat(result.metrics()).allSatisfy(m -> {
            assertThat(m.queries()).isEqualTo(result.queries());
            assertThat(m.map()).isBetween(0.0, 1.0);
            assertThat(m.recallAt5()).isLessThanOrEqualTo(m.recallAt10());
            assertThat(m.precisionAt1()).isLessThanOrEqualTo(m.top3HitRate());
        });
        assertThat(result.retrainings()).isGreaterThanOrEqualTo(2);
        assertThat(result.metrics("model").noPrediction()).isZero();
        // on a history with learnable structure the model beats the baselines it is built from
        assertThat(result.metrics("model").map()).isGreaterThan(result.metrics("cochange").map());
        assertThat(result.metrics("model").map()).isGreaterThan(result.metrics("popularity").map());
        assertThat(result.metrics("model").ece()).isLessThan(0.05);
        assertThat(EvaluationReport.table(result)).contains("| model ").contains("model MAP / cochange MAP");
        assertThat(EvaluationReport.json(result)).contains("\"predictor\" : \"cochange\"");
    }

    @Test
    void readsTheTestPeriodsCommitEffect() {
        EvaluationResult.CommitEffect c = result.commitEffect();

        assertThat(c.transactions()).isEqualTo(result.testTransactions());
        assertThat(c.sigma()).isFinite().isNotNegative();
        assertThat(c.draws()).isEqualTo(CommitEffects.DRAWS);
        assertThat(c.idealEceP95()).isGreaterThanOrEqualTo(c.idealEceMedian());
        assertThat(c.idealWithinGoal()).isBetween(0.0, 1.0);
        assertThat(EvaluationReport.table(result)).contains("commit effect sigma");
        assertThat(EvaluationReport.json(result)).contains("\"commitEffect\"").contains("\"idealEceMedian\"");
    }

    @Test
    void writesOneJsonLinePerQueryAndPredictorWithTheFullRanking() throws Exception {
        List<String> lines = Files.readAllLines(predictions, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(result.queries() * ImpactEvaluation.PREDICTORS.size());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode first = mapper.readTree(lines.get(0));
        assertThat(first.fieldNames()).toIterable()
                .containsExactly("commit", "time", "predictor", "query", "expected", "ranked");
        JsonNode model = lines.stream().map(l -> {
            try {
                return mapper.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(n -> n.get("predictor").asText().equals("model")).findFirst().orElseThrow();
        // the model ranks every candidate: all files but the query
        assertThat(model.get("ranked").size()).isEqualTo(history.files().size() - model.get("query").size());
        JsonNode top = model.get("ranked").get(0);
        assertThat(top.get("file").isTextual()).isTrue();
        assertThat(top.get("confidence").asDouble()).isBetween(0.0, 1.0);
    }
}
