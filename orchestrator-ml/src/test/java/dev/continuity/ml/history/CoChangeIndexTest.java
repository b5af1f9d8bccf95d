package dev.continuity.ml.history;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CoChangeIndexTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static void add(CoChangeIndex index, int day, String author, String... files) {
        index.add(List.of(files), T0.plus(Duration.ofDays(day)), Optional.ofNullable(author), Set.of());
    }

    @Test
    void computesSupportAndRoseConfidence() {
        CoChangeIndex index = new CoChangeIndex();
        add(index, 0, "ann", "a", "b");
        add(index, 1, "ann", "a", "b", "c");
        add(index, 2, "bob", "a", "c");
        add(index, 3, "bob", "a");

        assertThat(index.transactionCount()).isEqualTo(4);
        assertThat(index.support("a")).isEqualTo(4);
        assertThat(index.support("a", "b")).isEqualTo(2);
        assertThat(index.support("b", "a")).isEqualTo(2);
        assertThat(index.confidence("a", "b")).isEqualTo(0.5);
        assertThat(index.confidence("b", "a")).isEqualTo(1.0);
        assertThat(index.confidence("unknown", "a")).isZero();
        assertThat(index.partners("c")).containsOnly(Map.entry("a", 2), Map.entry("b", 1));
        assertThat(index.lastChanged("b")).contains(T0.plus(Duration.ofDays(1)));
        assertThat(index.lastCoChanged("a", "c")).contains(T0.plus(Duration.ofDays(2)));
    }

    @Test
    void tarmaqUsesTheTransactionsWithTheLargestOverlap() {
        CoChangeIndex index = new CoChangeIndex();
        add(index, 0, null, "a", "b", "x");
        add(index, 1, null, "a", "b", "y");
        add(index, 2, null, "a", "z");
        add(index, 3, null, "b", "z");
        add(index, 4, null, "a", "b");

        Map<String, CoChangeIndex.Rule> rules = index.tarmaq(List.of("a", "b"));

        // three transactions share both query files; x and y each appear in one of them, z in none
        assertThat(rules).containsOnlyKeys("x", "y");
        assertThat(rules.get("x").confidence()).isEqualTo(1.0 / 3);
        assertThat(rules.get("x").antecedentSize()).isEqualTo(2);
        // a single-file query equals ROSE
        Map<String, CoChangeIndex.Rule> single = index.tarmaq(List.of("a"));
        assertThat(single.get("b").confidence()).isEqualTo(index.confidence("a", "b"));
        assertThat(single.get("z").confidence()).isEqualTo(index.confidence("a", "z"));
    }

    @Test
    void largeTransactionsDoNotCountAsCoChanges() {
        CoChangeIndex index = new CoChangeIndex(new CoChangeIndex.Options(3, Duration.ofDays(30)));
        add(index, 0, null, "a", "b", "c", "d");
        add(index, 1, null, "a", "b");
        assertThat(index.transactionCount()).isEqualTo(1);
        assertThat(index.support("a", "c")).isZero();
        assertThat(index.lastChanged("d")).isPresent();
        assertThat(index.existingFiles()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void recencyWeightedSupportHalvesEveryHalfLife() {
        CoChangeIndex index = new CoChangeIndex(new CoChangeIndex.Options(30, Duration.ofDays(10)));
        add(index, 0, null, "a", "b");
        assertThat(index.decayedSupport("a", "b", T0)).isCloseTo(1.0, within(1e-12));
        assertThat(index.decayedSupport("a", "b", T0.plus(Duration.ofDays(10)))).isCloseTo(0.5, within(1e-12));
        add(index, 20, null, "a", "b");
        assertThat(index.decayedSupport("a", "b", T0.plus(Duration.ofDays(20)))).isCloseTo(1.25, within(1e-12));
        assertThat(index.decayedSupport("a", T0.plus(Duration.ofDays(30)))).isCloseTo(0.625, within(1e-12));
    }

    @Test
    void keepsEachAuthorsOwnProfile() {
        CoChangeIndex index = new CoChangeIndex();
        add(index, 0, "ann", "a", "b");
        add(index, 1, "ann", "a", "b");
        add(index, 2, "bob", "a", "c");
        assertThat(index.author("ann")).hasValueSatisfying(i -> {
            assertThat(i.confidence("a", "b")).isEqualTo(1.0);
            assertThat(i.confidence("a", "c")).isZero();
        });
        assertThat(index.author("bob").orElseThrow().confidence("a", "c")).isEqualTo(1.0);
        assertThat(index.author("carol")).isEmpty();
    }

    @Test
    void deletedFilesAreNoLongerExisting() {
        CoChangeIndex index = new CoChangeIndex();
        add(index, 0, null, "a", "b");
        index.add(List.of("a", "b"), T0.plus(Duration.ofDays(1)), Optional.empty(), Set.of("b"));
        assertThat(index.existingFiles()).containsExactly("a");
        assertThat(index.support("b")).isEqualTo(2);
    }

    @Test
    void tracksTheBreadthOfRecentTransactions() {
        CoChangeIndex index = new CoChangeIndex();
        add(index, 0, null, "a", "b", "c");
        assertThat(index.recentCoChangedFiles()).isEqualTo(2.0);
        add(index, 1, null, "a");
        assertThat(index.recentCoChangedFiles()).isCloseTo(1.6, within(1e-12));
        assertThat(index.recentCoChangedFiles("b")).isEqualTo(2.0);
        assertThat(index.recentCoChangedFiles("a")).isCloseTo(1.6, within(1e-12));
    }
}
