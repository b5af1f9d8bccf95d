package dev.continuity.ml;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.UpdateType;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.history.UpdateHistoryRecord;
import dev.continuity.ml.model.ModelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** The learned predictor inside {@code executeIntelligentUpdate}: files that always change together, without any link. */
class PredictiveSyncTest {
    @TempDir
    Path dir;

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z"));

    private Orchestrator orchestrator(TribuoImpactPredictor predictor) {
        return Orchestrators.builder(dir).clock(CLOCK).random(RandomGenerator.of("L64X128MixRandom")).impactPredictor(predictor).build();
    }

    private void project() throws Exception {
        Files.createDirectories(dir.resolve("notes"));
        Files.writeString(dir.resolve("notes/a.md"), "---\ntitle: a\n---\nAlpha notes.\n");
        Files.writeString(dir.resolve("notes/b.md"), "---\ntitle: b\n---\nBeta notes.\n");
        for (char c = 'c'; c <= 'h'; c++) {
            Files.writeString(dir.resolve("notes/" + c + ".md"), "---\ntitle: " + c + "\n---\nOther notes.\n");
        }
    }

    /** 80 transactions over 80 days: a and b always together, the other files at random. */
    private static List<UpdateHistoryRecord> history() {
        return history("notes/b.md");
    }

    /** As {@link #history()}, with {@code b} as the file that always changes with a. */
    private static List<UpdateHistoryRecord> history(String b) {
        SplittableRandom random = new SplittableRandom(7);
        List<UpdateHistoryRecord> out = new ArrayList<>();
        OffsetDateTime t = OffsetDateTime.of(2026, 6, 1, 10, 0, 0, 0, ZoneOffset.UTC);
        for (int i = 0; i < 80; i++) {
            List<ChangedFile> files = new ArrayList<>();
            if (i % 2 == 0) {
                files.add(ChangedFile.modified("notes/a.md", 5, 1));
                files.add(ChangedFile.modified(b, 4, 2));
            }
            String other = "notes/" + (char) ('c' + random.nextInt(6)) + ".md";
            files.add(ChangedFile.modified(other, 3, 1));
            if (random.nextBoolean()) {
                String another = "notes/" + (char) ('c' + random.nextInt(6)) + ".md";
                if (!another.equals(other)) {
                    files.add(ChangedFile.modified(another, 2, 2));
                }
            }
            out.add(UpdateHistoryRecord.ofChange("h" + i, t.plusDays(i), Optional.of("writer"), files));
        }
        return out;
    }

    @Test
    void predictiveSyncUpdatesWhatTheModelPredicts() throws Exception {
        project();
        TribuoImpactPredictor predictor = new TribuoImpactPredictor(MlOptions.defaults(), CLOCK, TribuoImpactPredictor.DEFAULT_INCLUDE);
        try (Orchestrator o = orchestrator(predictor)) {
            predictor.forProject(o.scan()).importHistory(history());
            ConsistencyUpdateRequest plain = ConsistencyUpdateRequest.builder().projectName("notes").updateType(UpdateType.MANUSCRIPT_CHANGE)
                    .changedFile("notes/a.md").build();
            MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.5).build();

            EnhancedUpdateResponse without = o.executeIntelligentUpdate(plain, ml);
            assertThat(without.impact().impactedFiles()).anySatisfy(f -> {
                assertThat(f.path()).isEqualTo("notes/b.md");
                assertThat(f.source()).isEqualTo("model");
                assertThat(f.distance()).isEqualTo(-1);
                assertThat(f.reasons().getFirst()).startsWith("learned ");
            });
            assertThat(without.plan().steps()).as("without PREDICTIVE_SYNC the model's files are reported, not updated").isEmpty();

            EnhancedUpdateResponse with = o.executeIntelligentUpdate(plain.toBuilder().enhancedType(EnhancedUpdateType.QUALITY_DRIVEN)
                    .enhancedType(EnhancedUpdateType.PREDICTIVE_SYNC).build(), ml);
            assertThat(with.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(with.plan().steps()).extracting(s -> s.file()).contains("notes/b.md");
            assertThat(Files.readString(dir.resolve("notes/b.md"))).contains("continuity:").contains("review:");
            assertThat(with.impact().impactedFiles()).filteredOn(f -> f.path().startsWith("notes/c")).allSatisfy(f ->
                    assertThat(f.confidence()).isLessThan(with.impact().impactedFiles().stream().filter(g -> g.path().equals("notes/b.md"))
                            .mapToDouble(ImpactedFile::confidence).max().orElseThrow()));

            assertThat(with.modelImprovement()).as("only a measured figure is ever reported").satisfiesAnyOf(
                    d -> assertThat(d).isEmpty(), d -> assertThat(d.getAsDouble()).isBetween(-100.0, 100.0));
        }
    }

    @Test
    void aPredictionIsMadeAtTheTimeOfTheQueryNotAtThePredictorsClock() throws Exception {
        project();
        List<UpdateHistoryRecord> history = new ArrayList<>();
        for (UpdateHistoryRecord r : history()) {
            // a 120-day pause after the 40th transaction: the time features are not capped within it
            history.add(history.size() < 40 ? r : UpdateHistoryRecord.ofChange(r.id(), r.time().plusDays(120), r.author(), r.changedFiles()));
        }
        OffsetDateTime last = history.getLast().time();
        TribuoImpactPredictor early = new TribuoImpactPredictor(MlOptions.defaults(), InstantSource.fixed(Instant.parse("2020-01-01T00:00:00Z")),
                TribuoImpactPredictor.DEFAULT_INCLUDE);
        TribuoImpactPredictor late = new TribuoImpactPredictor(MlOptions.defaults(), InstantSource.fixed(Instant.parse("2040-01-01T00:00:00Z")),
                TribuoImpactPredictor.DEFAULT_INCLUDE);
        try (Orchestrator o = orchestrator(early)) {
            var project = o.scan();
            early.forProject(project).importHistory(history);
            var change = dev.continuity.api.ChangeContext.of(UpdateType.MANUSCRIPT_CHANGE, "notes/a.md");
            java.util.function.Function<List<ImpactedFile>, java.util.Map<String, Double>> confidences = files -> files.stream()
                    .collect(java.util.stream.Collectors.toMap(ImpactedFile::path, ImpactedFile::confidence));
            var soon = new dev.continuity.api.spi.ImpactQuery(change, project, List.of(), "logistic", last.plusDays(2).toInstant());
            var later = new dev.continuity.api.spi.ImpactQuery(change, project, List.of(), "logistic", last.plusDays(100).toInstant());

            java.util.Map<String, Double> asked = confidences.apply(early.predict(soon));
            assertThat(confidences.apply(late.predict(soon))).as("one query, two predictor clocks").isEqualTo(asked);
            assertThat(confidences.apply(early.predict(later))).as("the query's time is what counts").isNotEqualTo(asked);
        }
    }

    @Test
    void theRequestsAnomalySensitivityJudgesTheOutcome() throws Exception {
        project();
        // the predictor's own sensitivity would report nothing: the request's is the one that counts
        TribuoImpactPredictor predictor = new TribuoImpactPredictor(MlOptions.builder().anomalySensitivity(0).build(), CLOCK,
                TribuoImpactPredictor.DEFAULT_INCLUDE);
        try (Orchestrator o = orchestrator(predictor)) {
            predictor.forProject(o.scan()).importHistory(history());
            ConsistencyUpdateRequest plain = ConsistencyUpdateRequest.builder().projectName("notes").updateType(UpdateType.MANUSCRIPT_CHANGE)
                    .changedFile("notes/a.md").build();
            // b is predicted with a high confidence, and a plain run does not change it: a missed prediction
            EnhancedUpdateResponse sensitive = o.executeIntelligentUpdate(plain, MLConfiguration.builder().confidenceThreshold(0.5)
                    .anomalyDetectionSensitivity(1).build());
            assertThat(sensitive.impact().impactedFiles()).anySatisfy(f -> assertThat(f.path()).isEqualTo("notes/b.md"));
            assertThat(sensitive.learningInsights()).anyMatch(i -> i.matches("\\d+ unexpected change\\(s\\) and [1-9]\\d* missed prediction\\(s\\) in run .*"));

            EnhancedUpdateResponse off = o.executeIntelligentUpdate(plain, MLConfiguration.builder().confidenceThreshold(0.5)
                    .anomalyDetectionSensitivity(0).build());
            assertThat(off.learningInsights()).noneMatch(i -> i.contains("missed prediction"));
        }
    }

    @Test
    void graphModelTypeSkipsTheLearnedPredictor() throws Exception {
        project();
        TribuoImpactPredictor predictor = new TribuoImpactPredictor(MlOptions.defaults(), CLOCK, TribuoImpactPredictor.DEFAULT_INCLUDE);
        try (Orchestrator o = orchestrator(predictor)) {
            predictor.forProject(o.scan()).importHistory(history());
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("notes")
                    .updateType(UpdateType.MANUSCRIPT_CHANGE).changedFile("notes/a.md").enhancedType(EnhancedUpdateType.PREDICTIVE_SYNC).build(),
                    MLConfiguration.builder().modelType("graph").confidenceThreshold(0.5).build());
            assertThat(r.impact().impactedFiles()).isEmpty();
        }
    }

    @Test
    void theRequestedModelTypeIsTheOneTrained() throws Exception {
        project();
        TribuoImpactPredictor predictor = new TribuoImpactPredictor(MlOptions.defaults(), CLOCK, TribuoImpactPredictor.DEFAULT_INCLUDE);
        try (Orchestrator o = orchestrator(predictor)) {
            LearnedImpactPredictor learned = predictor.forProject(o.scan());
            learned.importHistory(history());
            ConsistencyUpdateRequest dryRun = ConsistencyUpdateRequest.builder().projectName("notes").updateType(UpdateType.MANUSCRIPT_CHANGE)
                    .changedFile("notes/a.md").dryRun(true).build();
            for (var type : List.of(ModelType.LOGISTIC, ModelType.RANDOM_FOREST, ModelType.ENSEMBLE)) {
                EnhancedUpdateResponse r = o.executeIntelligentUpdate(dryRun, MLConfiguration.builder()
                        .modelType(type.name().toLowerCase(java.util.Locale.ROOT)).confidenceThreshold(0.1).build());
                assertThat(learned.model().orElseThrow().type()).isEqualTo(type);
                assertThat(learned.model().orElseThrow().requestedType()).isEqualTo(type);
                assertThat(r.impact().impactedFiles()).anySatisfy(f -> assertThat(f.path()).isEqualTo("notes/b.md"));
            }
            String id = learned.model().orElseThrow().id();
            o.executeIntelligentUpdate(dryRun, MLConfiguration.builder().modelType("ensemble").confidenceThreshold(0.5).build());
            assertThat(learned.model().orElseThrow().id()).as("the same type again: no retraining").isEqualTo(id);
        }
    }

    @Test
    void withOnlineLearningOffTheOutcomeIsStillRecordedButNothingRetrains() throws Exception {
        project();
        TribuoImpactPredictor predictor = new TribuoImpactPredictor(MlOptions.builder().retraining(new RetrainingPolicy(1, 0.10, 10)).build(),
                CLOCK, TribuoImpactPredictor.DEFAULT_INCLUDE);
        try (Orchestrator o = orchestrator(predictor)) {
            LearnedImpactPredictor learned = predictor.forProject(o.scan());
            learned.importHistory(history());
            ConsistencyUpdateRequest plain = ConsistencyUpdateRequest.builder().projectName("notes").updateType(UpdateType.MANUSCRIPT_CHANGE)
                    .changedFile("notes/a.md").build();
            o.executeIntelligentUpdate(plain, MLConfiguration.builder().confidenceThreshold(0.5).build());
            String id = learned.model().orElseThrow().id();
            int before = learned.historySize();

            EnhancedUpdateResponse off = o.executeIntelligentUpdate(plain, MLConfiguration.builder().confidenceThreshold(0.5)
                    .enableOnlineLearning(false).build());

            assertThat(off.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(learned.historySize()).isEqualTo(before + 1);
            assertThat(dev.continuity.ml.history.HistoryStore.forProject(dir).readAll()).hasSize(before + 1)
                    .last().satisfies(r -> assertThat(r.id()).isEqualTo(off.executionId()));
            assertThat(learned.model().orElseThrow().id()).as("a retraining was due after every run, but learning is off").isEqualTo(id);

            o.executeIntelligentUpdate(plain, MLConfiguration.builder().confidenceThreshold(0.5).build());
            assertThat(learned.model().orElseThrow().id()).as("learning on again: the policy retrains").isNotEqualTo(id);
        }
    }

    @Test
    void aPredictorRegisteredExplicitlyAndAlsoDiscoveredRecordsEachRunOnce() throws Exception {
        project();
        TribuoImpactPredictor predictor = new TribuoImpactPredictor(MlOptions.defaults(), CLOCK, TribuoImpactPredictor.DEFAULT_INCLUDE);
        try (Orchestrator o = Orchestrators.builder(dir).clock(CLOCK).random(RandomGenerator.of("L64X128MixRandom"))
                .impactPredictor(predictor).discoverPlugins().build()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("notes")
                    .updateType(UpdateType.MANUSCRIPT_CHANGE).changedFile("notes/a.md").build(), MLConfiguration.defaults());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(dev.continuity.ml.history.HistoryStore.forProject(dir).readAll())
                    .as("the discovered TribuoImpactPredictor must not record the run a second time").hasSize(1);
            assertThat(r.learningInsights()).doesNotHaveDuplicates();
        }
    }

    @Test
    void aFileFlaggedForReviewInASidecarIsRecordedAsFlaggedNotAsChangedWithTheOthers() throws Exception {
        project();
        Files.delete(dir.resolve("notes/b.md"));
        Files.writeString(dir.resolve("notes/b.txt"), "Beta, plain text without front matter.\n");
        TribuoImpactPredictor predictor = new TribuoImpactPredictor(MlOptions.defaults(), CLOCK, TribuoImpactPredictor.DEFAULT_INCLUDE);
        try (Orchestrator o = orchestrator(predictor)) {
            LearnedImpactPredictor learned = predictor.forProject(o.scan());
            learned.importHistory(history("notes/b.txt"));
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("notes")
                    .updateType(UpdateType.MANUSCRIPT_CHANGE).changedFile("notes/a.md")
                    .enhancedType(EnhancedUpdateType.PREDICTIVE_SYNC).build(), MLConfiguration.builder().confidenceThreshold(0.5).build());

            assertThat(r.changedFiles()).extracting(c -> c.path()).contains("notes/b.txt.review.yaml");
            UpdateHistoryRecord last = dev.continuity.ml.history.HistoryStore.forProject(dir).readAll().getLast();
            assertThat(last.id()).isEqualTo(r.executionId());
            // the mark is the model's own prediction: recorded as flagged, never learned as a co-change
            assertThat(last.flaggedFiles()).containsExactly("notes/b.txt");
            assertThat(last.affectedFiles()).doesNotContain("notes/b.txt", "notes/b.txt.review.yaml");
            assertThat(last.transactionFiles()).containsExactly("notes/a.md");
        }
    }
}
