package dev.continuity.ml.model;

import dev.continuity.ml.eval.SyntheticHistory;
import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.features.FeatureVector;
import dev.continuity.ml.history.CoChangeIndex;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QueryRowsTest {

    private static CandidateRow row(String file, boolean impacted, boolean related, double weight) {
        return new CandidateRow(file, impacted, weight,
                FeatureVector.of(new String[]{"x"}, new double[]{impacted ? 1 : 0}, 1), related);
    }

    private static QueryRows query(int related, int others, double otherWeight) {
        List<CandidateRow> rows = new ArrayList<>();
        rows.add(row("p1", true, true, 1));
        rows.add(row("p2", true, false, 1));
        for (int i = 0; i < related; i++) {
            rows.add(row("r" + i, false, true, 1));
        }
        for (int i = 0; i < others; i++) {
            rows.add(row("o" + i, false, false, otherWeight));
        }
        return new QueryRows(3, "tx", Instant.EPOCH, List.of("q"), rows, rows.size(), true);
    }

    @Test
    void sampledNegativesWeighWhatTheirStratumHoldsOverWhatWasDrawn() {
        List<CandidateRow> sample = query(4, 100, 1).trainingRows(10, 7);

        assertThat(sample).filteredOn(CandidateRow::impacted).hasSize(2)
                .allSatisfy(r -> assertThat(r.weight()).isEqualTo(1.0));
        List<CandidateRow> hard = sample.stream().filter(r -> !r.impacted() && r.related()).toList();
        List<CandidateRow> easy = sample.stream().filter(r -> !r.impacted() && !r.related()).toList();
        // half the budget goes to related candidates, which are only 4 of 104 negatives
        assertThat(hard).hasSize(4).allSatisfy(r -> assertThat(r.weight()).isEqualTo(1.0));
        assertThat(easy).hasSize(6).allSatisfy(r -> assertThat(r.weight()).isCloseTo(100 / 6.0, within(1e-12)));
        assertThat(sample.stream().filter(r -> !r.impacted()).mapToDouble(CandidateRow::weight).sum())
                .isCloseTo(104, within(1e-9));
    }

    @Test
    void rowsThatAreAlreadyASampleKeepStandingForTheWholeSet() {
        // capped rows: 20 other negatives that stand for 10 candidates each
        List<CandidateRow> sample = query(10, 20, 10).trainingRows(10, 7);

        double related = sample.stream().filter(r -> !r.impacted() && r.related()).mapToDouble(CandidateRow::weight)
                .sum();
        double others = sample.stream().filter(r -> !r.impacted() && !r.related()).mapToDouble(CandidateRow::weight)
                .sum();
        assertThat(related).isCloseTo(10, within(1e-9));
        assertThat(others).isCloseTo(200, within(1e-9));
    }

    @Test
    void theRowsDoNotDependOnTheOrderTheCandidatesComeIn() {
        // an immutable set's order changes from one JVM to the next: the seeded sample must not follow it
        SyntheticHistory h = SyntheticHistory.generate(5, 60, 300);
        QueryRowBuilder builder = new QueryRowBuilder(FeaturePipeline.defaults(), 10, 4, 3);
        HistoryWalker.CandidateSource forward = (r, before) -> new LinkedHashSet<>(before.existingFiles());
        HistoryWalker.CandidateSource backward = (r, before) -> {
            List<String> files = new ArrayList<>(before.existingFiles());
            Collections.reverse(files);
            return new LinkedHashSet<>(files);
        };
        List<QueryRows> a = HistoryWalker.walk(h.records(), CoChangeIndex.Options.defaults(), builder,
                r -> h.linkGraph(), 0.5, 100_000, 100_000, 3, forward).queries();
        List<QueryRows> b = HistoryWalker.walk(h.records(), CoChangeIndex.Options.defaults(), builder,
                r -> h.linkGraph(), 0.5, 100_000, 100_000, 3, backward).queries();

        assertThat(a).hasSizeGreaterThan(100).hasSameSizeAs(b);
        assertThat(a).anySatisfy(q -> assertThat(q.rows().size()).isLessThan(q.candidateCount()));
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).rows()).isEqualTo(a.get(i).rows());
        }
    }

    @Test
    void theSampleIsReproducible() {
        QueryRows q = query(30, 300, 1);
        assertThat(q.trainingRows(10, 5)).isEqualTo(q.trainingRows(10, 5));
        assertThat(q.trainingRows(10, 5).stream().map(CandidateRow::candidate).toList())
                .isNotEqualTo(q.trainingRows(10, 6).stream().map(CandidateRow::candidate).toList());
    }
}
