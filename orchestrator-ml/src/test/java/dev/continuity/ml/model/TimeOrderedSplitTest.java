package dev.continuity.ml.model;

import dev.continuity.ml.eval.SyntheticHistory;
import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.history.CoChangeIndex;
import dev.continuity.ml.history.UpdateHistoryRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves that neither rows nor held-out scores see later history. */
class TimeOrderedSplitTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void rowsOfATransactionDoNotDependOnLaterTransactions() {
        SyntheticHistory h = SyntheticHistory.generate(5, 60, 400);
        List<UpdateHistoryRecord> all = h.records();
        List<UpdateHistoryRecord> prefix = all.subList(0, 250);
        QueryRowBuilder builder = new QueryRowBuilder(FeaturePipeline.defaults(), 1_000, 10, 1);

        List<QueryRows> full = HistoryWalker.walk(all, CoChangeIndex.Options.defaults(), builder, r -> h.linkGraph(),
                1.0, 100_000, 100_000, 3, HistoryWalker.CandidateSource.existingInIndex()).queries();
        List<QueryRows> cut = HistoryWalker.walk(prefix, CoChangeIndex.Options.defaults(), builder, r -> h.linkGraph(),
                1.0, 100_000, 100_000, 3, HistoryWalker.CandidateSource.existingInIndex()).queries();

        List<QueryRows> sameRange = full.stream().filter(q -> q.transactionIndex() < 250).toList();
        assertThat(cut).hasSameSizeAs(sameRange);
        for (int i = 0; i < cut.size(); i++) {
            assertThat(cut.get(i).rows()).isEqualTo(sameRange.get(i).rows());
        }
    }

    @Test
    void heldOutScoresComeFromModelsThatNeverSawTheHeldOutLabels() {
        List<QueryRows> rows = TrainingData.rows(9, 60, 450);
        TrainerSettings settings = TrainingData.fast(ModelType.ENSEMBLE).toBuilder().crossFitBelowQueries(100_000).build();
        ModelTrainer.Result original = new ModelTrainer(settings, CLOCK).fit(rows, Map.of(), "a");
        assertThat(original.heldOut()).isNotEmpty();

        // Flip the labels of every held-out query of the last fold: the out-of-sample scores of all held-out queries
        // must not move, because each was produced by a model trained only on earlier transactions.
        int lastFoldStart = original.heldOut().get(original.heldOut().size() * 2 / 3).query().transactionIndex();
        List<QueryRows> flipped = new ArrayList<>();
        for (QueryRows q : rows) {
            flipped.add(q.transactionIndex() >= lastFoldStart ? flip(q) : q);
        }
        ModelTrainer.Result changed = new ModelTrainer(settings, CLOCK).fit(flipped, Map.of(), "b");

        assertThat(changed.heldOut()).hasSameSizeAs(original.heldOut());
        for (int i = 0; i < original.heldOut().size(); i++) {
            assertThat(changed.heldOut().get(i).rawScores()).containsExactly(original.heldOut().get(i).rawScores());
        }
        // ...while the final model, trained on everything, does see them
        List<dev.continuity.ml.features.FeatureVector> probe = rows.get(rows.size() - 1).rows().stream()
                .map(CandidateRow::features).toList();
        assertThat(changed.model().membersScores(probe)).isNotEqualTo(original.model().membersScores(probe));
    }

    /** Every negative becomes positive and every positive negative (keeping at least one positive). */
    private static QueryRows flip(QueryRows q) {
        List<CandidateRow> rows = new ArrayList<>();
        for (CandidateRow r : q.rows()) {
            rows.add(new CandidateRow(r.candidate(), !r.impacted(), r.weight(), r.features(), r.related()));
        }
        if (rows.stream().noneMatch(CandidateRow::impacted)) {
            CandidateRow r = rows.get(0);
            rows.set(0, new CandidateRow(r.candidate(), true, r.weight(), r.features(), r.related()));
        }
        return new QueryRows(q.transactionIndex(), q.transactionId(), q.time(), q.queryFiles(), rows,
                q.candidateCount(), q.complete());
    }
}
