package dev.continuity.ml;

import dev.continuity.ml.eval.SyntheticHistory;
import dev.continuity.ml.features.ChangeQuery;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.history.HistoryCorruptionException;
import dev.continuity.ml.history.HistoryStore;
import dev.continuity.ml.history.RecordSource;
import dev.continuity.ml.history.UpdateHistoryRecord;
import dev.continuity.ml.model.ModelType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LearnedImpactPredictorTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2025-06-01T00:00:00Z"));
    private static SyntheticHistory history;

    @TempDir
    Path project;

    @BeforeAll
    static void generate() {
        history = SyntheticHistory.generate(31, 60, 420);
    }

    private LearnedImpactPredictor predictor(MlOptions options) {
        return LearnedImpactPredictor.builder(project).options(options).clock(CLOCK)
                .trainingLinkGraph(history::linkGraph).build();
    }

    private static MlOptions logistic() {
        return MlOptions.builder().modelType(ModelType.LOGISTIC).onlineLearning(false).build();
    }

    private static ChangeQuery query(UpdateHistoryRecord r) {
        return new ChangeQuery(List.of(r.changedFiles().get(0)), r.author(), r.time(), history.linkGraph());
    }

    private static UpdateHistoryRecord asRun(UpdateHistoryRecord r) {
        // an orchestrator run: the author changed the first file, the run changed or flagged the others
        List<String> affected = r.changedFiles().stream().skip(1).map(ChangedFile::path).toList();
        return new UpdateHistoryRecord("run-" + r.id(), Optional.empty(), Optional.empty(), r.time(), r.author(),
                RecordSource.ORCHESTRATOR, List.of(r.changedFiles().get(0)), List.of(), affected, Map.of(), List.of());
    }

    @Test
    void withoutAModelTheCoChangeRulesStandIn() {
        LearnedImpactPredictor p = predictor(logistic());
        p.importHistory(history.records().subList(0, 100));
        UpdateHistoryRecord next = history.records().get(100);

        ImpactPrediction prediction = p.predict(query(next), history.files());

        assertThat(prediction.source()).isEqualTo(PredictionSource.COCHANGE_FALLBACK);
        assertThat(prediction.modelId()).isEmpty();
        assertThat(prediction.ranked()).hasSize(history.files().size() - 1);
        assertThat(prediction.ranked()).isSortedAccordingTo((a, b) -> Double.compare(b.confidence(), a.confidence()));
    }

    @Test
    void trainsPredictsWithExplanationsAndReloadsTheSavedModel() {
        LearnedImpactPredictor p = predictor(logistic().toBuilder().confidenceThreshold(0.3).build());
        p.importHistory(history.records().subList(0, 360));
        TrainingReport report = p.retrain();

        assertThat(report.metadata().type()).isEqualTo(ModelType.LOGISTIC);
        assertThat(report.metadata().id()).as("another process training at the same millisecond saves elsewhere")
                .contains("-" + ProcessHandle.current().pid() + "-");
        assertThat(report.modelImprovement()).isEmpty(); // no previous model: nothing to compare with
        assertThat(report.insights()).extracting(LearningInsight::kind).contains(LearningInsight.Kind.MODEL_CHOICE,
                LearningInsight.Kind.CALIBRATION, LearningInsight.Kind.TOP_FEATURE);
        ChangeQuery q = query(history.records().get(360));
        ImpactPrediction prediction = p.predict(q, history.files());

        assertThat(prediction.source()).isEqualTo(PredictionSource.MODEL);
        assertThat(prediction.modelId()).contains(report.metadata().id());
        assertThat(prediction.ranked()).hasSize(history.files().size() - 1)
                .noneMatch(c -> c.file().equals(q.files().get(0)));
        assertThat(prediction.ranked()).allSatisfy(c -> assertThat(c.confidence()).isBetween(0.0, 1.0));
        assertThat(prediction.ranked().get(0).explanation()).hasSize(5);
        assertThat(prediction.ranked().get(25).explanation()).isEmpty();
        assertThat(prediction.predicted()).allSatisfy(c -> assertThat(c.confidence()).isGreaterThanOrEqualTo(0.3));

        LearnedImpactPredictor reopened = predictor(logistic().toBuilder().confidenceThreshold(0.3).build());
        assertThat(reopened.historySize()).isEqualTo(360);
        assertThat(reopened.model()).contains(report.metadata());
        assertThat(reopened.predict(q, history.files())).isEqualTo(prediction);
    }

    @Test
    void modelImprovementIsAMeasuredHeldOutDifferenceOrNothing() {
        LearnedImpactPredictor p = predictor(logistic());
        p.importHistory(history.records().subList(0, 250));
        TrainingReport first = p.retrain();
        for (UpdateHistoryRecord r : history.records().subList(250, 420)) {
            p.recordOutcome(r);
        }

        TrainingReport second = p.retrain();

        assertThat(second.comparisonQueries()).isPositive();
        assertThat(second.modelImprovement()).isPresent();
        assertThat(second.modelImprovement().getAsDouble())
                .isCloseTo(second.newMap().getAsDouble() - second.previousMap().getAsDouble(), within(1e-12));
        assertThat(second.insights()).anyMatch(i -> i.kind() == LearningInsight.Kind.MODEL_IMPROVEMENT
                && i.value() == second.modelImprovement().getAsDouble());
        assertThat(second.metadata().historyCutoff()).isAfter(first.metadata().historyCutoff());

        // nothing new since: no held-out query after the previous cutoff, so no figure
        TrainingReport third = p.retrain();
        assertThat(third.modelImprovement()).isEmpty();
        assertThat(third.comparisonQueries()).isZero();
    }

    /** The first {@code n} transactions from {@code from} on that change two files or more. */
    private List<UpdateHistoryRecord> runsAfter(int from, int n) {
        return history.records().subList(from, history.records().size()).stream().filter(r -> r.changedFiles().size() >= 2).limit(n).toList();
    }

    @Test
    void recordedRunsAreScoredBeforeLearningAndTriggerRetrainingByPolicy() {
        MlOptions options = logistic().toBuilder().onlineLearning(true).anomalySensitivity(1.0)
                .retraining(new RetrainingPolicy(3, 0.5, 100)).build();
        LearnedImpactPredictor p = predictor(options);
        p.importHistory(history.records().subList(0, 300));
        p.retrain();
        String firstModel = p.model().orElseThrow().id();

        List<OutcomeReport> reports = runsAfter(300, 3).stream().map(r -> p.recordOutcome(asRun(r))).toList();

        assertThat(reports.get(0).decision()).isEqualTo(RetrainingPolicy.Decision.NOT_DUE);
        assertThat(reports.get(0).averagePrecision()).isBetween(0.0, 1.0);
        assertThat(reports.get(0).retrained()).isEmpty();
        assertThat(reports.get(2).decision()).isEqualTo(RetrainingPolicy.Decision.RUN_COUNT);
        assertThat(reports.get(2).retrained()).isPresent();
        assertThat(p.model().orElseThrow().id()).isNotEqualTo(firstModel);
        // sensitivity 1: every really changed file below confidence 0.5 is unexpected
        assertThat(reports).allSatisfy(r -> assertThat(r.unexpectedChanges()).doesNotHaveDuplicates());
        assertThat(HistoryStore.forProject(project).readAll()).hasSize(303);
    }

    @Test
    void switchingTheModelTypeBackReusesTheModelTrainedOnTheSameHistory() {
        LearnedImpactPredictor p = predictor(logistic());
        p.importHistory(history.records().subList(0, 300));
        String logisticModel = p.retrain(ModelType.LOGISTIC).metadata().id();
        TrainingReport forest = p.retrain(ModelType.RANDOM_FOREST);
        assertThat(forest.metadata().id()).isNotEqualTo(logisticModel);
        TrainingReport back = p.retrain(ModelType.LOGISTIC);
        assertThat(back.metadata().id()).as("the same history: no new training").isEqualTo(logisticModel);
        assertThat(back.insights()).extracting(LearningInsight::message).anyMatch(m -> m.startsWith("reused the stored LOGISTIC model"));
        assertThat(predictor(logistic()).model().orElseThrow().id()).as("and it is the current one").isEqualTo(logisticModel);
        // new history: trained again
        p.importHistory(runsAfter(300, 1));
        assertThat(p.retrain(ModelType.RANDOM_FOREST).metadata().id()).isNotEqualTo(forest.metadata().id());
    }

    @Test
    void theRetrainingPolicyCountsRunsAcrossProcessesLikeTheCommandLinesOnePerRun() {
        MlOptions options = logistic().toBuilder().onlineLearning(true)
                .retraining(new RetrainingPolicy(3, 0.5, 100)).build();
        LearnedImpactPredictor first = predictor(options);
        first.importHistory(history.records().subList(0, 300));
        first.retrain();
        String firstModel = first.model().orElseThrow().id();
        // each run in a predictor of its own, as each CLI command is a process of its own
        List<UpdateHistoryRecord> runs = runsAfter(300, 4);
        List<OutcomeReport> reports = runs.subList(0, 3).stream().map(r -> predictor(options).recordOutcome(asRun(r))).toList();
        assertThat(reports.get(0).decision()).isEqualTo(RetrainingPolicy.Decision.NOT_DUE);
        assertThat(reports.get(1).decision()).isEqualTo(RetrainingPolicy.Decision.NOT_DUE);
        assertThat(reports.get(2).decision()).isEqualTo(RetrainingPolicy.Decision.RUN_COUNT);
        assertThat(reports.get(2).retrained()).isPresent();
        LearnedImpactPredictor later = predictor(options);
        assertThat(later.model().orElseThrow().id()).isNotEqualTo(firstModel);
        // the counts start again from the new model
        assertThat(later.recordOutcome(asRun(runs.get(3))).decision()).isEqualTo(RetrainingPolicy.Decision.NOT_DUE);
    }

    @Test
    void withOnlineLearningOffTheDecisionIsReportedButNotActedOn() {
        MlOptions options = logistic().toBuilder().retraining(new RetrainingPolicy(1, 0.5, 100)).build();
        LearnedImpactPredictor p = predictor(options);
        p.importHistory(history.records().subList(0, 300));
        p.retrain();
        OutcomeReport report = p.recordOutcome(asRun(history.records().get(300)));
        assertThat(report.decision()).isEqualTo(RetrainingPolicy.Decision.RUN_COUNT);
        assertThat(report.retrained()).isEmpty();
    }

    @Test
    void aDamagedHistoryIsRepairedWhenOpeningAndTheDamagedFileKept() throws Exception {
        HistoryStore store = HistoryStore.forProject(project);
        store.appendAll(history.records().subList(0, 3));
        String damaged = "{\"crc32c\":\"00000000\",\"record\":{}}\n";
        Files.writeString(store.file(), damaged, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(store.file(), "{\"crc32c\":\"0", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(store.file());

        LearnedImpactPredictor p = predictor(logistic());

        assertThat(p.historySize()).isEqualTo(3);
        HistoryStore.Repair repair = p.historyRepair().orElseThrow();
        assertThat(repair.problems()).extracting(HistoryCorruptionException::line).containsExactly(4L, 5L);
        assertThat(Files.readAllBytes(repair.original())).isEqualTo(before);
        p.recordOutcome(asRun(history.records().get(3)));
        assertThat(store.readAll()).hasSize(4);
    }
}
