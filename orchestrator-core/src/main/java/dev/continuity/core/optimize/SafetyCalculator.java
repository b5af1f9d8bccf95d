package dev.continuity.core.optimize;

/**
 * The arithmetic of the {@link SafetyModel} on primitive arrays, reused between evaluations: the
 * commit order of a decoded schedule, expected lost work with and without checkpoints, the optimal
 * checkpoint positions (dynamic programming, O(n) with a convex-hull deque) and the risk exposure.
 * Not thread-safe.
 */
final class SafetyCalculator {
    private final int n;
    final int[] commit;
    private final double[] work;     // P_k: work committed in positions 1..k
    private final double[] firstFail; // Q_k: sum of q_j, j <= k
    private final double[] weighted; // A_k: sum of q_j * P_j, j <= k
    private final double[] survive;  // S_k: probability that positions 1..k all succeed
    private final double[] best;     // F_e: optimal cost of positions 1..e with a checkpoint after e (e < n)
    private final int[] parent;
    private final boolean[] checkpointAfter;
    private final double[] lineSlope;
    private final double[] lineIntercept;
    private final int[] lineIndex;

    double lostWithout;
    double lostWith;
    double checkpointCost;
    double exposure;
    double success;

    SafetyCalculator(int n) {
        this.n = n;
        this.commit = new int[n];
        this.work = new double[n + 1];
        this.firstFail = new double[n + 1];
        this.weighted = new double[n + 1];
        this.survive = new double[n + 1];
        this.best = new double[n + 1];
        this.parent = new int[n + 1];
        this.checkpointAfter = new boolean[n + 1];
        this.lineSlope = new double[n + 1];
        this.lineIntercept = new double[n + 1];
        this.lineIndex = new int[n + 1];
    }

    /** Commit order: by finish time, then start time, then position in {@code sequence} (stable). */
    void commitOrder(double[] start, double[] finish, int[] sequence) {
        for (int k = 0; k < n; k++) {
            int t = sequence[k];
            int i = k - 1;
            while (i >= 0 && later(commit[i], t, start, finish)) {
                commit[i + 1] = commit[i];
                i--;
            }
            commit[i + 1] = t;
        }
    }

    private static boolean later(int a, int b, double[] start, double[] finish) {
        return finish[a] > finish[b] || (finish[a] == finish[b] && start[a] > start[b]);
    }

    /** Evaluates the model on {@link #commit}; with {@code adaptive} the checkpoints are optimised. */
    void evaluate(double[] duration, double[] probability, double cost, boolean adaptive) {
        survive[0] = 1;
        for (int k = 1; k <= n; k++) {
            int t = commit[k - 1];
            double q = survive[k - 1] * probability[t];
            work[k] = work[k - 1] + duration[t];
            firstFail[k] = firstFail[k - 1] + q;
            weighted[k] = weighted[k - 1] + q * work[k];
            survive[k] = survive[k - 1] * (1 - probability[t]);
            checkpointAfter[k] = false;
        }
        success = survive[n];
        lostWithout = weighted[n];
        if (!adaptive || n == 0) {
            lostWith = lostWithout;
            checkpointCost = 0;
        } else {
            optimiseCheckpoints(cost);
            double lost = 0;
            double paid = 0;
            for (int e = n, c = parent[n]; e > 0; e = c, c = parent[e]) {
                lost += segment(c, e);
                if (c > 0) {
                    checkpointAfter[c] = true;
                    paid += cost * survive[c];
                }
            }
            lostWith = Math.max(0, lost);
            checkpointCost = paid;
        }
        double exp = 0;
        int last = 0;
        for (int k = 1; k <= n; k++) {
            double q = survive[k - 1] * probability[commit[k - 1]];
            exp += q * (k - last - 1);
            if (checkpointAfter[k]) {
                last = k;
            }
        }
        exposure = exp;
    }

    /**
     * {@code F(e) = A_e + [e<n] cost S_e + min_{c<e} (F(c) - A_c + P_c Q_c - P_c Q_e)}: a minimum of
     * lines with slopes {@code -P_c} (non-increasing in c) queried at {@code Q_e} (non-decreasing
     * in e), so a monotone convex-hull deque answers every query in amortised O(1). On ties the
     * earlier line (fewer checkpoints) wins.
     */
    private void optimiseCheckpoints(double cost) {
        int head = 0;
        int tail = 0;
        best[0] = 0;
        for (int e = 1; e <= n; e++) {
            int c = e - 1;
            double slope = -work[c];
            double intercept = best[c] - weighted[c] + work[c] * firstFail[c];
            if (tail > head && lineSlope[tail - 1] == slope) {
                if (intercept < lineIntercept[tail - 1]) {
                    tail--;
                } else {
                    c = -1; // dominated by the earlier line with the same slope
                }
            }
            if (c >= 0) {
                while (tail - head >= 2 && redundant(tail - 2, tail - 1, slope, intercept)) {
                    tail--;
                }
                lineSlope[tail] = slope;
                lineIntercept[tail] = intercept;
                lineIndex[tail] = c;
                tail++;
                head = Math.min(head, tail - 1);
            }
            double x = firstFail[e];
            while (tail - head >= 2 && lineSlope[head + 1] * x + lineIntercept[head + 1]
                    < lineSlope[head] * x + lineIntercept[head]) {
                head++;
            }
            best[e] = weighted[e] + lineSlope[head] * x + lineIntercept[head] + (e < n ? cost * survive[e] : 0);
            parent[e] = lineIndex[head];
        }
    }

    /** Whether line {@code b} never attains the minimum once the new line is added after it. */
    private boolean redundant(int a, int b, double slope, double intercept) {
        // b is redundant when the new line overtakes a no later than b does
        return (intercept - lineIntercept[a]) * (lineSlope[a] - lineSlope[b])
                <= (lineIntercept[b] - lineIntercept[a]) * (lineSlope[a] - slope);
    }

    /** Expected work lost to a first failure in positions c+1..e when the last checkpoint is after c. */
    private double segment(int c, int e) {
        return (weighted[e] - weighted[c]) - work[c] * (firstFail[e] - firstFail[c]);
    }

    boolean checkpointAfterPosition(int position) {
        return checkpointAfter[position];
    }

    double surviveThrough(int position) {
        return survive[position];
    }

    double workThrough(int position) {
        return work[position];
    }

    /** Lost work plus checkpoint cost for an explicit set of checkpoint positions. */
    double objectiveWith(boolean[] after, double cost) {
        double total = 0;
        int last = 0;
        for (int k = 1; k <= n; k++) {
            if (k == n || after[k]) {
                total += segment(last, k);
                if (k < n) {
                    total += cost * survive[k];
                }
                last = k;
            }
        }
        return total;
    }
}
