package dev.continuity.ml.model;

import dev.continuity.ml.eval.SyntheticHistory;
import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.history.CoChangeIndex;

import java.util.List;

/** Small seeded training sets for model tests. */
final class TrainingData {

    private TrainingData() {
    }

    static List<QueryRows> rows(long seed, int files, int transactions) {
        SyntheticHistory h = SyntheticHistory.generate(seed, files, transactions);
        QueryRowBuilder builder = new QueryRowBuilder(FeaturePipeline.defaults(), 60, 10, seed);
        return HistoryWalker.walk(h.records(), CoChangeIndex.Options.defaults(), builder, r -> h.linkGraph(), 0.6,
                1_000, 100_000, 4, HistoryWalker.CandidateSource.existingInIndex()).queries();
    }

    static TrainerSettings fast(ModelType type) {
        return TrainerSettings.defaults().toBuilder().modelType(type).forestTrees(10).forestMaxRows(3_000)
                .logisticEpochs(3).crossFitBelowQueries(1).build();
    }
}
