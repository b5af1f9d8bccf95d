package dev.continuity.ml.model;

import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.features.FeatureVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelRoundTripTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z"));
    private static List<QueryRows> rows;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        rows = TrainingData.rows(3, 40, 260);
    }

    private static List<FeatureVector> probes() {
        return rows.subList(rows.size() - 20, rows.size()).stream()
                .flatMap(q -> q.rows().stream().map(CandidateRow::features)).toList();
    }

    @ParameterizedTest
    @EnumSource(value = ModelType.class, names = {"LOGISTIC", "RANDOM_FOREST", "ENSEMBLE"})
    void aSavedModelPredictsIdenticallyAfterLoading(ModelType type) {
        Map<String, Integer> signature = FeaturePipeline.defaults().signature();
        ModelTrainer.Result result = new ModelTrainer(TrainingData.fast(type), CLOCK).fit(rows, signature, "m-" + type);
        ImpactModel model = result.model();
        ModelStore store = ModelStore.forProject(dir);

        store.save(model);
        ImpactModel loaded = store.loadCurrent(signature).orElseThrow();

        assertThat(store.currentId()).contains("m-" + type);
        assertThat(loaded.metadata()).isEqualTo(model.metadata());
        assertThat(loaded.blend()).isEqualTo(model.blend());
        assertThat(loaded.members()).hasSameSizeAs(model.members());
        List<FeatureVector> probes = probes();
        double[] before = model.rawScores(probes);
        double[] after = loaded.rawScores(probes);
        assertThat(after).containsExactly(before);
        for (int i = 0; i < probes.size(); i++) {
            assertThat(loaded.calibrate(after[i])).isEqualTo(model.calibrate(before[i]));
            // the fast scorer agrees with Tribuo's own predict
            assertThat(loaded.tribuoRawScore(probes.get(i))).isCloseTo(after[i], within(1e-9));
        }
        assertThat(loaded.explain(probes.get(0), 5)).isEqualTo(model.explain(probes.get(0), 5));
        assertThat(Files.exists(dir.resolve(".continuity/models/m-" + type + "/model-0.tribuo"))).isTrue();
        assertThat(Files.exists(dir.resolve(".continuity/models/m-" + type + "/feature-schema.json"))).isTrue();
        assertThat(Files.exists(dir.resolve(".continuity/models/m-" + type + "/calibrator.json"))).isTrue();
    }

    @Test
    void aModelsStrataSurviveSavingAndLoading() throws IOException {
        Map<String, Integer> signature = FeaturePipeline.defaults().signature();
        TrainerSettings settings = TrainingData.fast(ModelType.LOGISTIC).toBuilder()
                .calibrationStrata(List.of("graph.distance_inv")).build();
        ImpactModel model = new ModelTrainer(settings, CLOCK).fit(rows, signature, "strata").model();
        ModelStore store = ModelStore.forProject(dir);

        store.save(model);
        ImpactModel loaded = store.loadCurrent(signature).orElseThrow();

        assertThat(model.strata()).isNotEmpty();
        assertThat(loaded.strata()).isEqualTo(model.strata());
        for (FeatureVector probe : probes()) {
            double raw = model.rawScore(probe);
            assertThat(loaded.confidence(probe, raw)).isEqualTo(model.confidence(probe, raw));
        }

        // a model saved before strata existed has none; a damaged stratum is refused, naming the folder
        Path calibrator = dir.resolve(".continuity/models/strata/calibrator.json");
        String json = Files.readString(calibrator);
        Files.writeString(calibrator, json.substring(0, json.indexOf(",\n  \"strata\"")) + "\n}");
        assertThat(store.loadCurrent(signature).orElseThrow().strata()).isEmpty();
        Files.writeString(calibrator, json.replace("\"shift\"", "\"shifted\""));
        assertThatThrownBy(() -> store.loadCurrent(signature)).isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("calibrator").hasStackTraceContaining("lacks 'shift'");
    }

    @ParameterizedTest
    @EnumSource(value = ModelType.class, names = {"LOGISTIC", "RANDOM_FOREST"})
    void topFeaturesNameTheModelsOwnFeaturesAndTrainingLeavesTribuosInfoLinesOut(ModelType type) {
        Map<String, Integer> signature = FeaturePipeline.defaults().signature();
        ImpactModel model = new ModelTrainer(TrainingData.fast(type), CLOCK).fit(rows, signature, "top-" + type).model();

        Map<String, Double> top = model.topFeatures(3);

        assertThat(top).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(top.keySet()).isSubsetOf(model.metadata().featureNames());
        assertThat(top.values()).allSatisfy(w -> assertThat(w).isFinite());
        assertThat(java.util.logging.Logger.getLogger("org.tribuo").getLevel())
                .isEqualTo(java.util.logging.Level.WARNING);
    }

    @Test
    void theLogisticRegressionSeesOnlyTheCompactFeaturesAndTheForestSeesAll() {
        Map<String, Integer> signature = FeaturePipeline.defaults().signature();
        ImpactModel logistic = new ModelTrainer(TrainingData.fast(ModelType.LOGISTIC), CLOCK).fit(rows, signature, "lr")
                .model();
        assertThat(logistic.metadata().featureNames()).isNotEmpty().allSatisfy(f -> assertThat(
                f.equals(FeaturePipeline.CONSTANT_FEATURE)
                        || TrainerSettings.COMPACT_LOGISTIC_FEATURES.stream().anyMatch(f::startsWith)).as(f).isTrue());
        ImpactModel all = new ModelTrainer(TrainingData.fast(ModelType.LOGISTIC).toBuilder().logisticFeatures(List.of())
                .build(), CLOCK).fit(rows, signature, "lr-all").model();
        assertThat(all.metadata().featureNames()).hasSizeGreaterThan(logistic.metadata().featureNames().size());
    }

    @Test
    void aModelTrainedWithOtherFeaturesIsRefused() {
        ModelTrainer.Result result = new ModelTrainer(TrainingData.fast(ModelType.LOGISTIC), CLOCK)
                .fit(rows, FeaturePipeline.defaults().signature(), "m1");
        ModelStore store = ModelStore.forProject(dir);
        store.save(result.model());
        assertThatThrownBy(() -> store.loadCurrent(Map.of("builtin.cochange", 1)))
                .isInstanceOf(ModelStoreException.class).hasMessageContaining("feature schema mismatch");
    }

    @Test
    void aMissingOrDamagedModelFileIsReportedWithItsPath() throws IOException {
        ModelTrainer.Result result = new ModelTrainer(TrainingData.fast(ModelType.LOGISTIC), CLOCK)
                .fit(rows, FeaturePipeline.defaults().signature(), "m2");
        ModelStore store = ModelStore.forProject(dir);
        store.save(result.model());
        Path file = dir.resolve(".continuity/models/m2/model-0.tribuo");
        Files.write(file, new byte[]{1, 2, 3});
        assertThatThrownBy(() -> store.loadCurrent(FeaturePipeline.defaults().signature()))
                .isInstanceOf(ModelStoreException.class).hasMessageContaining("model-0.tribuo");
    }

    @Test
    void keepsTheCurrentAndThePreviousModelOnly() {
        ModelStore store = ModelStore.forProject(dir);
        ModelTrainer trainer = new ModelTrainer(TrainingData.fast(ModelType.LOGISTIC), CLOCK);
        for (int i = 0; i < 4; i++) {
            store.save(trainer.fit(rows, Map.of(), "gen" + i).model());
        }
        assertThat(dir.resolve(".continuity/models").toFile().list())
                .containsExactlyInAnyOrder("current", "gen3", "gen2");
    }
}
