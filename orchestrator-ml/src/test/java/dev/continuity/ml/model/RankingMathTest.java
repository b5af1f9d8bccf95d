package dev.continuity.ml.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RankingMathTest {

    @Test
    void withoutTiesTheMeasuresAreTheUsualOnes() {
        List<String> ranking = List.of("a", "b", "c", "d", "e");
        double[] scores = {5, 4, 3, 2, 1};
        Set<String> expected = Set.of("b", "d", "z");
        assertThat(RankingMath.averagePrecision(ranking, scores, expected)).isCloseTo((1.0 / 2 + 2.0 / 4) / 3, within(1e-12));
        assertThat(RankingMath.averagePrecision(ranking, expected)).isCloseTo((1.0 / 2 + 2.0 / 4) / 3, within(1e-12));
        assertThat(RankingMath.recallAt(ranking, scores, expected, 2)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RankingMath.hitAt(ranking, scores, expected, 1)).isZero();
        assertThat(RankingMath.hitAt(ranking, scores, expected, 2)).isEqualTo(1.0);
    }

    @Test
    void oneRelevantFileInATieOfFourHasTheMeanReciprocalPosition() {
        List<String> ranking = List.of("a", "b", "c", "d");
        double[] tied = {1, 1, 1, 1};
        Set<String> expected = Set.of("c");
        assertThat(RankingMath.averagePrecision(ranking, tied, expected))
                .isCloseTo((1 + 1.0 / 2 + 1.0 / 3 + 1.0 / 4) / 4, within(1e-12));
        assertThat(RankingMath.hitAt(ranking, tied, expected, 1)).isCloseTo(0.25, within(1e-12));
        assertThat(RankingMath.hitAt(ranking, tied, expected, 3)).isCloseTo(0.75, within(1e-12));
        assertThat(RankingMath.recallAt(ranking, tied, expected, 2)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void tiedMeasuresEqualTheAverageOverAllOrderings() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 3 + rng.nextInt(5);
            List<String> files = new ArrayList<>();
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                files.add("f" + i);
                scores[i] = -(rng.nextInt(3)); // few distinct values: many ties
            }
            // sort by score desc
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                idx.add(i);
            }
            idx.sort((a, b) -> Double.compare(scores[b], scores[a]));
            List<String> ranking = idx.stream().map(files::get).toList();
            double[] sorted = idx.stream().mapToDouble(i -> scores[i]).toArray();
            Set<String> expected = Set.of(files.get(0), files.get(n - 1), "missing");

            double exact = RankingMath.averagePrecision(ranking, sorted, expected);
            double exactHit = RankingMath.hitAt(ranking, sorted, expected, 2);
            double exactRecall = RankingMath.recallAt(ranking, sorted, expected, 2);
            double[] brute = bruteForce(ranking, sorted, expected);
            assertThat(exact).isCloseTo(brute[0], within(1e-9));
            assertThat(exactHit).isCloseTo(brute[1], within(1e-9));
            assertThat(exactRecall).isCloseTo(brute[2], within(1e-9));
        }
    }

    @Test
    void weightedAveragePrecisionWithUnitWeightsIsTheTieAwareOne() {
        Random rng = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + rng.nextInt(12);
            double[] scores = new double[n];
            boolean[] relevant = new boolean[n];
            double[] ones = new double[n];
            List<String> files = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                files.add("f" + i);
                scores[i] = rng.nextInt(4);
                relevant[i] = rng.nextInt(3) == 0;
                ones[i] = 1;
            }
            relevant[rng.nextInt(n)] = true;
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                idx.add(i);
            }
            idx.sort((a, b) -> Double.compare(scores[b], scores[a]));
            Set<String> expected = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                if (relevant[i]) {
                    expected.add(files.get(i));
                }
            }
            double tieAware = RankingMath.averagePrecision(idx.stream().map(files::get).toList(),
                    idx.stream().mapToDouble(i -> scores[i]).toArray(), expected);
            assertThat(RankingMath.weightedAveragePrecision(scores, relevant, ones)).isCloseTo(tieAware, within(1e-9));
        }
    }

    @Test
    void aSampledNegativeCountsForTheNegativesItStandsFor() {
        // b is relevant; a (above it) stands for three negatives of the full candidate set, c for one
        double ap = RankingMath.weightedAveragePrecision(new double[]{5, 4, 3}, new boolean[]{false, true, false},
                new double[]{3, 1, 1});
        assertThat(ap).isCloseTo(RankingMath.averagePrecision(List.of("n1", "n2", "n3", "b", "c"), Set.of("b")),
                within(1e-12));
        assertThat(ap).isCloseTo(0.25, within(1e-12));
        // the same rows unweighted: the sample's own precision, twice as optimistic
        assertThat(RankingMath.weightedAveragePrecision(new double[]{5, 4, 3}, new boolean[]{false, true, false},
                new double[]{1, 1, 1})).isCloseTo(0.5, within(1e-12));
        assertThat(RankingMath.weightedAveragePrecision(new double[]{1, 2}, new boolean[]{false, false},
                new double[]{1, 1})).isZero();
    }

    /** Averages AP, hit@2 and recall@2 over every permutation within tie groups. */
    private static double[] bruteForce(List<String> ranking, double[] scores, Set<String> expected) {
        List<List<String>> groups = new ArrayList<>();
        for (int i = 0; i < ranking.size(); i++) {
            if (i == 0 || scores[i] != scores[i - 1]) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(ranking.get(i));
        }
        List<List<String>> orders = new ArrayList<>();
        orders.add(new ArrayList<>());
        for (List<String> g : groups) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : orders) {
                for (List<String> perm : permutations(g)) {
                    List<String> o = new ArrayList<>(prefix);
                    o.addAll(perm);
                    next.add(o);
                }
            }
            orders = next;
        }
        double ap = 0;
        double hit = 0;
        double recall = 0;
        for (List<String> o : orders) {
            ap += RankingMath.averagePrecision(o, expected);
            double[] distinct = new double[o.size()];
            for (int i = 0; i < distinct.length; i++) {
                distinct[i] = -i;
            }
            hit += RankingMath.hitAt(o, distinct, expected, 2);
            recall += RankingMath.recallAt(o, distinct, expected, 2);
        }
        return new double[]{ap / orders.size(), hit / orders.size(), recall / orders.size()};
    }

    private static List<List<String>> permutations(List<String> items) {
        if (items.size() <= 1) {
            return List.of(new ArrayList<>(items));
        }
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<String> rest = new ArrayList<>(items);
            String head = rest.remove(i);
            for (List<String> p : permutations(rest)) {
                p.add(0, head);
                out.add(p);
            }
        }
        Collections.shuffle(out, new Random(1));
        return out;
    }
}
