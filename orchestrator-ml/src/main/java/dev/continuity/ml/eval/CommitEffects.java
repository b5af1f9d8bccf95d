package dev.continuity.ml.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * How much of a test period's calibration error its commits make, and so whether the period is large enough for an
 * ECE goal to tell a calibrated model from a miscalibrated one. Not thread-safe.
 *
 * <p>The pairs of one commit do not change independently: a markup pass changes every chapter or none, a typo fix
 * changes nothing else. That is modelled as a random effect per commit on the log-odds scale,
 * {@code P(changed | commit c) = sigmoid(a + b·logit(confidence) + u_c)} with {@code u_c ~ N(0, σ²)}, fitted by maximum
 * likelihood (the effect integrated out by adaptive quadrature, the parameters found by Nelder–Mead). Then the outcomes of an
 * <em>ideal</em> model are drawn: one that knows what the fitted {@code a}, {@code b} and the confidences know and is
 * exactly calibrated on average over commits (its confidence is the mean of the sigmoid over {@code u_c}), but does not
 * know a commit's own effect. Its ECE over the draws is what a calibrated model would measure on this period. σ is
 * fitted on the period's own outcomes: this describes the period, it is not a model.
 *
 * <p>Periods of more than {@link #MAX_GROUPS} test transactions are not estimated: on them the goal is decidable
 * anyway (on the shared history an ideal model meets ECE ≤ 0.05 in 92 % of periods of 100 transactions).
 */
final class CommitEffects {

    /** Test transactions beyond which nothing is estimated (and the pairs are no longer kept). */
    static final int MAX_GROUPS = 200;
    /** Pairs beyond which nothing is estimated (and the pairs are no longer kept). */
    static final int MAX_PAIRS = 2_000_000;
    /** Pairs of one transaction used in the fit (a seeded sample beyond that); the draws use every pair. */
    static final int FIT_PAIRS_PER_GROUP = 400;
    /** Draws of the ideal model's outcomes (fewer on periods of very many pairs). */
    static final int DRAWS = 2_000;
    private static final long DRAW_BUDGET = 400_000_000L;
    private static final int BINS = MetricsAccumulator.ECE_BINS;
    private static final double EPS = 1e-6;
    /** Trapezoid nodes of each commit's integral, spanning 8 widths either side of its peak. */
    private static final int LAPLACE_NODES = 33;
    /**
     * Standard normal quadrature for the ideal model's confidence (a smooth integrand): equally spaced nodes on
     * [-6, 6], weights proportional to the density.
     */
    private static final double[] NODES = new double[49];
    private static final double[] WEIGHTS = new double[NODES.length];

    static {
        double sum = 0;
        for (int k = 0; k < NODES.length; k++) {
            NODES[k] = -6 + 12.0 * k / (NODES.length - 1);
            WEIGHTS[k] = Math.exp(-NODES[k] * NODES[k] / 2);
            sum += WEIGHTS[k];
        }
        for (int k = 0; k < NODES.length; k++) {
            WEIGHTS[k] /= sum;
        }
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private int pairs;
    private boolean overflow;

    /** One transaction's pairs: the logits of their confidences and whether each changed. */
    private static final class Group {
        double[] x = new double[16];
        boolean[] y = new boolean[16];
        int n;

        void add(double logit, boolean changed) {
            if (n == x.length) {
                x = Arrays.copyOf(x, 2 * n);
                y = Arrays.copyOf(y, 2 * n);
            }
            x[n] = logit;
            y[n++] = changed;
        }
    }

    /** Adds one query's ranking of the transaction {@code group} (an empty one, a query without a model, adds nothing). */
    void add(String group, List<RankedFile> ranking, Set<String> expected) {
        if (overflow || ranking.isEmpty()) {
            return;
        }
        if (!groups.containsKey(group) && groups.size() == MAX_GROUPS || pairs + ranking.size() > MAX_PAIRS) {
            overflow = true;
            groups.clear();
            return;
        }
        Group g = groups.computeIfAbsent(group, k -> new Group());
        for (RankedFile r : ranking) {
            g.add(logit(r.confidence()), expected.contains(r.file()));
        }
        pairs += ranking.size();
    }

    /** The estimate, or {@link EvaluationResult.CommitEffect#none} when the period is too large, or has one transaction. */
    EvaluationResult.CommitEffect estimate(long seed) {
        if (overflow || groups.size() < 2 || pairs == 0) {
            return EvaluationResult.CommitEffect.none(overflow ? -1 : groups.size());
        }
        List<Group> all = new ArrayList<>(groups.values());
        SplittableRandom rng = new SplittableRandom(seed);
        List<Group> fitOn = new ArrayList<>();
        for (Group g : all) {
            fitOn.add(sample(g, rng));
        }
        double[] best = nelderMead(p -> -logLikelihood(fitOn, p[0], p[1], sigma(p[2])), new double[]{0, 1, 0},
                new double[]{0.5, 0.5, 0.5});
        double a = best[0];
        double b = best[1];
        double sigma = sigma(best[2]);
        return simulate(all, a, b, sigma, rng);
    }

    private static double sigma(double logSigma) {
        return Math.exp(Math.max(-7, Math.min(2.5, logSigma)));
    }

    private static Group sample(Group g, SplittableRandom rng) {
        if (g.n <= FIT_PAIRS_PER_GROUP) {
            return g;
        }
        int[] index = new int[g.n];
        for (int i = 0; i < g.n; i++) {
            index[i] = i;
        }
        Group s = new Group();
        for (int i = 0; i < FIT_PAIRS_PER_GROUP; i++) {
            int j = i + rng.nextInt(g.n - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
            s.add(g.x[index[i]], g.y[index[i]]);
        }
        return s;
    }

    /**
     * The log-likelihood of the pairs with the commit effect integrated out. A commit of many pairs pins its effect
     * down far more narrowly than σ, so fixed quadrature nodes would miss its peak: each commit's integral is taken by
     * the trapezoid rule on {@link #LAPLACE_NODES} nodes centred on the peak of the integrand and spaced by half its
     * width there (adaptive quadrature).
     */
    private static double logLikelihood(List<Group> groups, double a, double b, double sigma) {
        double total = 0;
        double[] h = new double[LAPLACE_NODES];
        double variance = sigma * sigma;
        for (Group g : groups) {
            // the peak of h(u) = sum of the pairs' log-likelihoods at a + b x + u, plus the normal log-density of u:
            // h is concave, so Newton's method from 0, halving a step that lowers h, finds it
            double u = 0;
            double hu = logJoint(g, a, b, u, variance);
            double curvature = 0;
            for (int iter = 0; iter < 50; iter++) {
                double slope = -u / variance;
                curvature = -1 / variance;
                for (int i = 0; i < g.n; i++) {
                    double p = sigmoid(a + b * g.x[i] + u);
                    slope += (g.y[i] ? 1 : 0) - p;
                    curvature -= p * (1 - p);
                }
                double step = -slope / curvature;
                double next = u + step;
                double hn = logJoint(g, a, b, next, variance);
                for (int halving = 0; hn < hu && halving < 30; halving++) {
                    step /= 2;
                    next = u + step;
                    hn = logJoint(g, a, b, next, variance);
                }
                boolean done = Math.abs(next - u) < 1e-9;
                u = next;
                hu = Math.max(hu, hn);
                if (done) {
                    break;
                }
            }
            double width = 1 / Math.sqrt(-curvature);
            double spacing = width / 2;
            double top = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < LAPLACE_NODES; k++) {
                h[k] = logJoint(g, a, b, u + (k - LAPLACE_NODES / 2) * spacing, variance);
                top = Math.max(top, h[k]);
            }
            double sum = 0;
            for (double v : h) {
                sum += Math.exp(v - top);
            }
            total += top + Math.log(sum * spacing);
        }
        return total;
    }

    /** log of (the pairs' likelihood at effect u times the normal density of u with that variance). */
    private static double logJoint(Group g, double a, double b, double u, double variance) {
        double s = -u * u / (2 * variance) - 0.5 * Math.log(2 * Math.PI * variance);
        for (int i = 0; i < g.n; i++) {
            double z = a + b * g.x[i] + u;
            s -= g.y[i] ? softplus(-z) : softplus(z);
        }
        return s;
    }

    private static EvaluationResult.CommitEffect simulate(List<Group> all, double a, double b, double sigma,
                                                          SplittableRandom rng) {
        // the ideal model's confidences, and their bins and sums, are the same in every draw
        double[] binCount = new double[BINS];
        double[] binConfidence = new double[BINS];
        int[][] bins = new int[all.size()][];
        for (int gi = 0; gi < all.size(); gi++) {
            Group g = all.get(gi);
            bins[gi] = new int[g.n];
            for (int i = 0; i < g.n; i++) {
                double m = 0;
                for (int k = 0; k < NODES.length; k++) {
                    m += WEIGHTS[k] * sigmoid(a + b * g.x[i] + sigma * NODES[k]);
                }
                int bin = Math.min(BINS - 1, (int) Math.floor(m * BINS));
                bins[gi][i] = bin;
                binCount[bin]++;
                binConfidence[bin] += m;
            }
        }
        long total = pairsOf(all);
        int draws = (int) Math.max(200, Math.min(DRAWS, DRAW_BUDGET / Math.max(1, total)));
        double[] ece = new double[draws];
        for (int d = 0; d < draws; d++) {
            double[] positives = new double[BINS];
            for (int gi = 0; gi < all.size(); gi++) {
                Group g = all.get(gi);
                double u = sigma * rng.nextGaussian();
                for (int i = 0; i < g.n; i++) {
                    if (rng.nextDouble() < sigmoid(a + b * g.x[i] + u)) {
                        positives[bins[gi][i]]++;
                    }
                }
            }
            double e = 0;
            for (int k = 0; k < BINS; k++) {
                e += Math.abs(binConfidence[k] - positives[k]) / (double) total;
            }
            ece[d] = e;
        }
        Arrays.sort(ece);
        int within = 0;
        for (double e : ece) {
            within += e <= EvaluationResult.CommitEffect.ECE_GOAL ? 1 : 0;
        }
        return new EvaluationResult.CommitEffect(all.size(), sigma, draws, ece[(draws - 1) / 2],
                ece[(int) Math.ceil(0.95 * (draws - 1))], (double) within / draws);
    }

    private static long pairsOf(List<Group> all) {
        long n = 0;
        for (Group g : all) {
            n += g.n;
        }
        return n;
    }

    /** Nelder–Mead minimisation from {@code start}, the first simplex spanned by {@code step}. */
    static double[] nelderMead(ToDoubleFunction<double[]> f, double[] start, double[] step) {
        int n = start.length;
        double[][] simplex = new double[n + 1][];
        double[] value = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            simplex[i] = start.clone();
            if (i > 0) {
                simplex[i][i - 1] += step[i - 1];
            }
            value[i] = f.applyAsDouble(simplex[i]);
        }
        for (int iter = 0; iter < 2_000; iter++) {
            Integer[] order = new Integer[n + 1];
            for (int i = 0; i <= n; i++) {
                order[i] = i;
            }
            final double[] v = value;
            Arrays.sort(order, (p, q) -> Double.compare(v[p], v[q]));
            double[][] s = new double[n + 1][];
            double[] sv = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                s[i] = simplex[order[i]];
                sv[i] = value[order[i]];
            }
            simplex = s;
            value = sv;
            if (Math.abs(value[n] - value[0]) <= 1e-9 * (1 + Math.abs(value[0]))) {
                break;
            }
            double[] centroid = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    centroid[j] += simplex[i][j] / n;
                }
            }
            double[] reflected = along(centroid, simplex[n], -1);
            double fr = f.applyAsDouble(reflected);
            if (fr < value[0]) {
                double[] expanded = along(centroid, simplex[n], -2);
                double fe = f.applyAsDouble(expanded);
                simplex[n] = fe < fr ? expanded : reflected;
                value[n] = Math.min(fe, fr);
            } else if (fr < value[n - 1]) {
                simplex[n] = reflected;
                value[n] = fr;
            } else {
                double[] contracted = fr < value[n] ? along(centroid, simplex[n], -0.5) : along(centroid, simplex[n], 0.5);
                double fc = f.applyAsDouble(contracted);
                if (fc < Math.min(fr, value[n])) {
                    simplex[n] = contracted;
                    value[n] = fc;
                } else {
                    for (int i = 1; i <= n; i++) {
                        simplex[i] = along(simplex[0], simplex[i], 0.5);
                        value[i] = f.applyAsDouble(simplex[i]);
                    }
                }
            }
        }
        int bestAt = 0;
        for (int i = 1; i <= n; i++) {
            if (value[i] < value[bestAt]) {
                bestAt = i;
            }
        }
        return simplex[bestAt];
    }

    /** {@code from + t·(to − from)}. */
    private static double[] along(double[] from, double[] to, double t) {
        double[] out = new double[from.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = from[j] + t * (to[j] - from[j]);
        }
        return out;
    }

    private static double logit(double p) {
        double c = Math.min(1 - EPS, Math.max(EPS, p));
        return Math.log(c / (1 - c));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** {@code log(1 + e^z)} without overflow. */
    private static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }
}
