package dev.continuity.ml.model;

import dev.continuity.ml.eval.SyntheticHistory;
import dev.continuity.ml.features.ContentIndex;
import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.EditSource;
import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.history.CoChangeIndex;
import dev.continuity.ml.history.UpdateHistoryRecord;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The walk that reads edit evidence on a second thread builds the rows a walk on one thread builds. */
class PrefetchedWalkTest {

    private static final String THREAD = "continuity-edit-evidence";

    /**
     * Evidence that is a function of the record only: each changed file lost a term named after the record's hash, and
     * every file of the record holds a few terms; the files before are known for two records in three.
     */
    private static final class FakeSource implements EditSource {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger calls = new AtomicInteger();
        final int failAt;

        FakeSource(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public EditEvidence editsOf(UpdateHistoryRecord record) {
            threads.add(Thread.currentThread().getName());
            if (calls.incrementAndGet() == failAt) {
                throw new UncheckedIOException("cannot read blob of " + record.id(), new IOException("broken pack"));
            }
            int h = Math.floorMod(record.id().hashCode(), 7);
            Map<String, Set<String>> vanished = new HashMap<>();
            Map<String, Set<String>> terms = new HashMap<>();
            for (ChangedFile f : record.changedFiles()) {
                vanished.put(f.path(), Set.of("t" + h, "u" + (h % 3)));
                terms.put(f.path(), Set.of("t" + h, "v" + (h % 2)));
            }
            // a file outside the record holds the vanished term too
            terms.put("f" + h, Set.of("t" + h, "u" + (h % 3)));
            return new EditEvidence(vanished, ContentIndex.of(terms));
        }

        @Override
        public Optional<Set<String>> filesBefore(UpdateHistoryRecord record) {
            if (Math.floorMod(record.id().hashCode(), 3) == 0) {
                return Optional.empty();
            }
            Set<String> files = new LinkedHashSet<>(record.transactionFiles());
            for (int i = 0; i < 12; i++) {
                files.add("f" + i);
            }
            return Optional.of(files);
        }

        @Override
        public void close() {
        }
    }

    private static SyntheticHistory history() {
        return SyntheticHistory.generate(5, 40, 300);
    }

    private static HistoryWalker.Result prefetched(SyntheticHistory h, EditSource source,
                                                   java.util.function.Function<UpdateHistoryRecord,
                                                           dev.continuity.ml.features.LinkGraph> graphs) {
        QueryRowBuilder builder = new QueryRowBuilder(FeaturePipeline.defaults(), 40, 8, 5);
        return HistoryWalker.walk(h.records(), CoChangeIndex.Options.defaults(), builder, graphs, source, 0.5,
                1_000, 100_000, 4);
    }

    @Test
    void rowsAreThoseOfAWalkOnOneThread() {
        SyntheticHistory h = history();
        FakeSource sequentialSource = new FakeSource(-1);
        QueryRowBuilder builder = new QueryRowBuilder(FeaturePipeline.defaults(), 40, 8, 5);
        HistoryWalker.Result sequential = HistoryWalker.walk(h.records(), CoChangeIndex.Options.defaults(), builder,
                r -> h.linkGraph(), sequentialSource::editsOf, 0.5, 1_000, 100_000, 4,
                (r, before) -> sequentialSource.filesBefore(r).orElseGet(before::existingFiles));

        FakeSource source = new FakeSource(-1);
        HistoryWalker.Result ahead = prefetched(h, source, r -> h.linkGraph());

        assertThat(ahead.queries()).hasSizeGreaterThan(100);
        assertThat(ahead.queries()).isEqualTo(sequential.queries());
        assertThat(ahead.queries().stream().flatMap(q -> q.rows().stream())
                .anyMatch(r -> r.features().get("edit.overlap") > 0)).as("the evidence was used").isTrue();
        assertThat(ahead.index().existingFiles()).isEqualTo(sequential.index().existingFiles());
        assertThat(source.threads).containsExactly(THREAD);
        assertThat(source.calls.get()).isEqualTo(sequentialSource.calls.get());
    }

    @Test
    void anExceptionOfTheSourceIsThrownByTheWalk() {
        FakeSource source = new FakeSource(5);
        SyntheticHistory h = history();
        assertThatThrownBy(() -> prefetched(h, source, r -> h.linkGraph()))
                .isInstanceOf(UncheckedIOException.class).hasMessageStartingWith("cannot read blob of ");
        assertThat(source.calls.get()).isEqualTo(5);
        assertThat(producersAlive()).isEmpty();
    }

    @Test
    void theSourceIsNoLongerUsedOnceTheWalkFailed() throws InterruptedException {
        FakeSource source = new FakeSource(-1);
        SyntheticHistory h = history();
        AtomicInteger graphs = new AtomicInteger();
        assertThatThrownBy(() -> prefetched(h, source, r -> {
            if (graphs.incrementAndGet() == 3) {
                throw new IllegalStateException("no graph");
            }
            return h.linkGraph();
        })).isInstanceOf(IllegalStateException.class).hasMessage("no graph");
        int calls = source.calls.get();
        assertThat(producersAlive()).isEmpty();
        Thread.sleep(100);
        assertThat(source.calls.get()).isEqualTo(calls);
    }

    private static List<String> producersAlive() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(THREAD::equals).collect(Collectors.toList());
    }
}
