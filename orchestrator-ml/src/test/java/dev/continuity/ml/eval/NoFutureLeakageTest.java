package dev.continuity.ml.eval;

import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.history.RecordSource;
import dev.continuity.ml.history.UpdateHistoryRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two histories share their first 61 transactions and differ afterwards: in one, the query file {@code q} keeps changing
 * with {@code c}; in the other with {@code d}. If anything later than a test transaction leaked into its prediction
 * (index, model, candidates, link graph), the rankings of the first test transaction would differ between the two.
 */
class NoFutureLeakageTest {

    private static final Set<String> FILES = Set.of("q", "a", "b", "c", "d", "x1", "x2", "x3", "x4", "x5");

    static List<UpdateHistoryRecord> history(String futurePartner) {
        SplittableRandom rng = new SplittableRandom(3);
        List<List<String>> txs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            switch (i % 4) {
                case 0, 1 -> txs.add(List.of("q", "a"));
                case 2 -> txs.add(List.of("q", "b", "x" + (1 + rng.nextInt(5))));
                default -> txs.add(List.of("a", "x" + (1 + rng.nextInt(5)), "x" + (1 + rng.nextInt(5))));
            }
        }
        txs.add(List.of("q", "a")); // index 60: the first test transaction
        for (int i = 0; i < 20; i++) {
            txs.add(List.of("q", futurePartner));
        }
        List<UpdateHistoryRecord> out = new ArrayList<>();
        for (int i = 0; i < txs.size(); i++) {
            List<ChangedFile> changes = txs.get(i).stream().distinct().map(f -> ChangedFile.modified(f, 3, 1)).toList();
            String id = String.format("t%03d", i);
            out.add(new UpdateHistoryRecord(id, Optional.of(id), i == 0 ? Optional.empty()
                    : Optional.of(String.format("t%03d", i - 1)),
                    OffsetDateTime.ofInstant(Instant.parse("2024-01-01T10:00:00Z").plusSeconds(86_400L * i), ZoneOffset.UTC),
                    Optional.of(i % 3 == 0 ? "ann" : "bob"), RecordSource.GIT, changes, List.of(), List.of(), Map.of(),
                    List.of()));
        }
        return out;
    }

    private static Map<String, List<RankedFile>> run(List<UpdateHistoryRecord> history) {
        Map<String, List<RankedFile>> captured = new LinkedHashMap<>();
        RepositorySnapshots snapshots = commit -> FILES;
        new ImpactEvaluation(EvaluationOptions.defaults().withMl(dev.continuity.ml.MlOptions.builder().forestTrees(8).build()),
                FeaturePipeline.defaults(),
                InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z")))
                .run(history, snapshots, (tx, predictor, query, expected, ranked) ->
                        captured.put(tx.id() + "|" + predictor + "|" + query, ranked));
        return captured;
    }

    @Test
    void predictionsForATestTransactionIgnoreEverythingAfterIt() {
        Map<String, List<RankedFile>> withC = run(history("c"));
        Map<String, List<RankedFile>> withD = run(history("d"));

        Map<String, List<RankedFile>> firstC = new LinkedHashMap<>();
        withC.forEach((k, v) -> {
            if (k.startsWith("t060|")) {
                firstC.put(k, v);
            }
        });
        assertThat(firstC.keySet()).contains("t060|model|[q]", "t060|cochange|[q]", "t060|graph|[q]",
                "t060|popularity|[q]", "t060|model|[a]");
        assertThat(firstC.get("t060|model|[q]")).isNotEmpty();
        firstC.forEach((k, v) -> assertThat(withD.get(k)).as(k).isEqualTo(v));

        // the protocol is sensitive to the future once it is the past: the last test transaction differs
        assertThat(withC.get("t080|cochange|[q]")).isNotEqualTo(withD.get("t080|cochange|[q]"));
        assertThat(withC.get("t080|model|[q]")).isNotEqualTo(withD.get("t080|model|[q]"));
        assertThat(withC.get("t080|cochange|[q]")).extracting(RankedFile::file).contains("c").doesNotContain("d");
        assertThat(withD.get("t080|cochange|[q]")).extracting(RankedFile::file).contains("d").doesNotContain("c");
    }
}
