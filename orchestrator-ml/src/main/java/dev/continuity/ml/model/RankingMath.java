package dev.continuity.ml.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Ranking measures that are fair to tied scores.
 *
 * <p>A ranking is a list of files ordered by score, best first; consecutive files with equal scores form a tie group.
 * Every measure is the <em>expectation over all orderings of the tied files</em> (McSherry and Najork, "Computing
 * information retrieval performance measures efficiently in the presence of tied scores", ECIR 2008), so that a tie
 * broken by file name (or any other arbitrary order) neither helps nor hurts a predictor. Without ties the measures
 * are the usual ones.
 */
public final class RankingMath {

    private RankingMath() {
    }

    /** Group sizes and relevant counts of a ranking, for one expected set. */
    private record Groups(int[] size, int[] relevant) {
    }

    private static Groups groups(List<String> ranking, double[] scores, Set<String> expected) {
        if (scores.length != ranking.size()) {
            throw new IllegalArgumentException("one score per ranked file expected");
        }
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < ranking.size()) {
            int j = i;
            int rel = 0;
            while (j < ranking.size() && Double.compare(scores[j], scores[i]) == 0) {
                if (expected.contains(ranking.get(j))) {
                    rel++;
                }
                j++;
            }
            out.add(new int[]{j - i, rel});
            i = j;
        }
        int[] n = new int[out.size()];
        int[] r = new int[out.size()];
        for (int g = 0; g < n.length; g++) {
            n[g] = out.get(g)[0];
            r[g] = out.get(g)[1];
        }
        return new Groups(n, r);
    }

    /**
     * Expected average precision: {@code (1/|expected|) * sum over ranks k holding an expected file of precision@k},
     * averaged over the orderings of tied files. Expected files missing from the ranking contribute 0; an empty expected
     * set gives 0.
     *
     * @param ranking files, best first
     * @param scores  their scores (non-increasing); equal scores are ties
     */
    public static double averagePrecision(List<String> ranking, double[] scores, Set<String> expected) {
        if (expected.isEmpty()) {
            return 0.0;
        }
        if (scores.length != ranking.size()) {
            throw new IllegalArgumentException("one score per ranked file expected");
        }
        boolean[] relevant = new boolean[scores.length];
        double[] ones = new double[scores.length];
        int found = 0;
        for (int i = 0; i < scores.length; i++) {
            relevant[i] = expected.contains(ranking.get(i));
            found += relevant[i] ? 1 : 0;
            ones[i] = 1;
        }
        // expected files missing from the ranking count as misses
        return found == 0 ? 0.0 : weightedAveragePrecision(scores, relevant, ones) * found / expected.size();
    }

    /**
     * Average precision over a weighted sample of a candidate set: each row stands for {@code weight} candidates of the
     * full set (a sampled negative for all the negatives it was drawn to represent), so precision at a relevant row is
     * the relevant weight ranked at or above it over the total weight ranked at or above it. With all weights 1 this is
     * the expected average precision of {@link #averagePrecision(List, double[], Set)}. Tied rows are handled in
     * expectation over their orderings, the irrelevant rows of a tie group each weighing the group's mean.
     *
     * @param scores   the rows' scores, in any order
     * @param relevant whether each row is expected
     * @param weights  each row's sampling weight (&gt; 0)
     * @return the estimate, 0 when no row is relevant
     */
    public static double weightedAveragePrecision(double[] scores, boolean[] relevant, double[] weights) {
        int n = scores.length;
        if (relevant.length != n || weights.length != n) {
            throw new IllegalArgumentException("one label and one weight per score expected");
        }
        Integer[] order = new Integer[n];
        double relevantWeight = 0;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (relevant[i]) {
                relevantWeight += weights[i];
            }
        }
        if (relevantWeight <= 0) {
            return 0.0;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double total = 0;
        double weightAbove = 0;
        double relevantAbove = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            double groupRelevant = 0;
            double groupOther = 0;
            int r = 0;
            while (j < n && Double.compare(scores[order[j]], scores[order[i]]) == 0) {
                if (relevant[order[j]]) {
                    groupRelevant += weights[order[j]];
                    r++;
                } else {
                    groupOther += weights[order[j]];
                }
                j++;
            }
            if (r > 0) {
                double each = groupRelevant / r;
                int size = j - i;
                int others = size - r;
                if (others == 0) {
                    for (int k = 1; k <= r; k++) {
                        total += each * (relevantAbove + k * each) / (weightAbove + k * each);
                    }
                } else {
                    // as in averagePrecision: the k-th relevant row sits at group position p with probability
                    // C(p-1, k-1) * C(size-p, r-k) / C(size, r); the other rows before it weigh their mean each
                    double other = groupOther / others;
                    double logAll = logChoose(size, r);
                    for (int p = 1; p <= size; p++) {
                        for (int k = Math.max(1, r - (size - p)); k <= Math.min(r, p); k++) {
                            double prob = Math.exp(logChoose(p - 1, k - 1) + logChoose(size - p, r - k) - logAll);
                            total += prob * each * (relevantAbove + k * each)
                                    / (weightAbove + k * each + (p - k) * other);
                        }
                    }
                }
            }
            weightAbove += groupRelevant + groupOther;
            relevantAbove += groupRelevant;
            i = j;
        }
        return total / relevantWeight;
    }

    /** Expected share of the expected files among the first {@code k} ranked files. */
    public static double recallAt(List<String> ranking, double[] scores, Set<String> expected, int k) {
        if (expected.isEmpty()) {
            return 0.0;
        }
        Groups g = groups(ranking, scores, expected);
        double hits = 0;
        int before = 0;
        for (int x = 0; x < g.size.length && before < k; x++) {
            int n = g.size[x];
            hits += before + n <= k ? g.relevant[x] : (double) g.relevant[x] * (k - before) / n;
            before += n;
        }
        return hits / expected.size();
    }

    /** Probability that an expected file is among the first {@code k} ranked files. */
    public static double hitAt(List<String> ranking, double[] scores, Set<String> expected, int k) {
        Groups g = groups(ranking, scores, expected);
        int before = 0;
        for (int x = 0; x < g.size.length && before < k; x++) {
            int n = g.size[x];
            int r = g.relevant[x];
            if (before + n <= k) {
                if (r > 0) {
                    return 1.0;
                }
            } else {
                int m = k - before;
                return r == 0 ? 0.0 : 1 - Math.exp(logChoose(n - r, m) - logChoose(n, m));
            }
            before += n;
        }
        return 0.0;
    }

    /** Average precision of a ranking without ties (every file its own group). */
    public static double averagePrecision(List<String> ranking, Set<String> expected) {
        double[] distinct = new double[ranking.size()];
        for (int i = 0; i < distinct.length; i++) {
            distinct[i] = -i;
        }
        return averagePrecision(ranking, distinct, expected);
    }

    private static double logChoose(int n, int k) {
        if (k < 0 || k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static volatile double[] logFactorials = {0.0};

    private static synchronized double[] table(int n) {
        if (logFactorials.length <= n) {
            double[] t = new double[Math.max(n + 1, logFactorials.length * 2)];
            t[0] = 0;
            for (int i = 1; i < t.length; i++) {
                t[i] = t[i - 1] + Math.log(i);
            }
            logFactorials = t;
        }
        return logFactorials;
    }

    private static double logFactorial(int n) {
        double[] t = logFactorials;
        if (n >= t.length) {
            t = table(n);
        }
        return t[n];
    }
}
