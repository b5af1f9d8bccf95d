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
        Groups g = groups(ranking, scores, expected);
        double total = 0;
        int before = 0;
        int relevantBefore = 0;
        for (int x = 0; x < g.size.length; x++) {
            int n = g.size[x];
            int r = g.relevant[x];
            if (r > 0) {
                if (n == r || n == 1) {
                    for (int k = 1; k <= r; k++) {
                        total += (double) (relevantBefore + k) / (before + k);
                    }
                } else {
                    // The k-th relevant file of the group sits at group position i with probability
                    // C(i-1, k-1) * C(n-i, r-k) / C(n, r).
                    double logAll = logChoose(n, r);
                    for (int i = 1; i <= n; i++) {
                        for (int k = Math.max(1, r - (n - i)); k <= Math.min(r, i); k++) {
                            double p = Math.exp(logChoose(i - 1, k - 1) + logChoose(n - i, r - k) - logAll);
                            total += p * (relevantBefore + k) / (before + i);
                        }
                    }
                }
            }
            before += n;
            relevantBefore += r;
        }
        return total / expected.size();
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
