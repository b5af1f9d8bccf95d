package dev.continuity.ml.features;

import dev.continuity.ml.history.CoChangeIndex;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Co-change support and confidence between the query files and the candidate: max and aggregates. */
final class CoChangeFeatures implements FeatureExtractor {

    /** Pseudo-count of the smoothed confidence (shrinks rules seen only a few times towards the base rate). */
    private static final double SMOOTHING = 2.0;

    @Override
    public void extract(QueryContext ctx, String candidate, FeatureSink sink) {
        CoChangeIndex index = ctx.index();
        int n = index.transactionCount();
        if (n == 0) {
            sink.flag("cc.no_history", true);
            return;
        }
        Instant now = ctx.historyTime().toInstant();
        double prior = (double) index.support(candidate) / n;
        double maxConf = 0;
        double sumConf = 0;
        double noisyOrMiss = 1;
        double maxSmoothed = 0;
        double maxReverse = 0;
        double maxDecayedConf = 0;
        double maxDecayedSmoothed = 0;
        int maxSupport = 0;
        int maxQuerySupport = 0;
        int linked = 0;
        long minDaysSinceCo = Long.MAX_VALUE;
        for (String q : ctx.queryFiles()) {
            int sq = index.support(q);
            maxQuerySupport = Math.max(maxQuerySupport, sq);
            int sqc = index.support(q, candidate);
            double conf = sq == 0 ? 0 : (double) sqc / sq;
            maxConf = Math.max(maxConf, conf);
            sumConf += conf;
            noisyOrMiss *= 1 - conf;
            maxSmoothed = Math.max(maxSmoothed, (sqc + SMOOTHING * prior) / (sq + SMOOTHING));
            maxSupport = Math.max(maxSupport, sqc);
            double dq = index.decayedSupport(q, now);
            double dqc = sqc == 0 ? 0 : index.decayedSupport(q, candidate, now);
            maxDecayedSmoothed = Math.max(maxDecayedSmoothed, (dqc + SMOOTHING * prior) / (dq + SMOOTHING));
            if (sqc > 0) {
                linked++;
                maxReverse = Math.max(maxReverse, index.confidence(candidate, q));
                if (dq > 0) {
                    maxDecayedConf = Math.max(maxDecayedConf, dqc / dq);
                }
                Optional<Instant> last = index.lastCoChanged(q, candidate);
                if (last.isPresent()) {
                    minDaysSinceCo = Math.min(minDaysSinceCo,
                            Math.max(0, Duration.between(last.get(), now).toDays()));
                }
            }
        }
        int queries = ctx.queryFiles().size();
        double queryBreadth = 0;
        for (String q : ctx.queryFiles()) {
            queryBreadth = Math.max(queryBreadth, index.recentCoChangedFiles(q));
        }
        sink.put("cc.breadth.project_log", Math.log1p(index.recentCoChangedFiles()));
        sink.put("cc.breadth.query_log", Math.log1p(queryBreadth));
        sink.put("cc.breadth.candidate_log", Math.log1p(index.recentCoChangedFiles(candidate)));
        QueryRanks ranks = ctx.memo("builtin.cochange.ranks", () -> QueryRanks.of(ctx));
        Integer rank = ranks.confRank(candidate);
        if (rank != null) {
            sink.put("cc.rank_inv", 1.0 / rank);
            sink.put("cc.conf.rel_max", ranks.maxConf > 0 ? maxConf / ranks.maxConf : 0);
        }
        Integer decayedRank = ranks.decayedRank(candidate);
        if (decayedRank != null) {
            sink.put("cc.decayed_rank_inv", 1.0 / decayedRank);
        }
        sink.put("cc.conf.max", maxConf);
        sink.put("cc.conf.mean", sumConf / queries);
        sink.put("cc.conf.noisy_or", 1 - noisyOrMiss);
        sink.put(BuiltinFeatures.COCHANGE_PRIOR_FEATURE, maxSmoothed);
        sink.put("cc.conf.smoothed_logit", logit(maxSmoothed));
        sink.put("cc.conf.decayed_smoothed_logit", logit(maxDecayedSmoothed));
        sink.put("cc.conf.reverse_max", maxReverse);
        sink.put("cc.conf.decayed_max", Math.min(1.0, maxDecayedConf));
        sink.put("cc.support.max_log", Math.log1p(maxSupport));
        sink.put("cc.query_support.max_log", Math.log1p(maxQuerySupport));
        sink.put("cc.linked_share", (double) linked / queries);
        sink.flag("cc.never", linked == 0);
        if (minDaysSinceCo != Long.MAX_VALUE) {
            sink.put("cc.last_co.log_days", Math.log1p(minDaysSinceCo));
        }
        if (queries > 1) {
            CoChangeIndex.Rule rule = ctx.tarmaqRules().get(candidate);
            if (rule != null) {
                sink.put("cc.tarmaq.conf", rule.confidence());
                sink.put("cc.tarmaq.support_log", Math.log1p(rule.support()));
                sink.put("cc.tarmaq.antecedent_share", (double) rule.antecedentSize() / queries);
            }
        } else {
            sink.put("cc.tarmaq.conf", maxConf);
            sink.put("cc.tarmaq.support_log", Math.log1p(maxSupport));
            sink.put("cc.tarmaq.antecedent_share", linked > 0 ? 1.0 : 0.0);
        }
    }

    /**
     * Query-relative ranks of the files that co-changed with any query file: by ROSE confidence (ties share the
     * best rank) and by recency-weighted confidence. Rank features transfer across periods whose absolute
     * confidence levels differ (bulk edits versus small fixes).
     */
    private record QueryRanks(java.util.Map<String, double[]> scores, double[] confAscending,
                              double[] decayedAscending, double maxConf) {
        static QueryRanks of(QueryContext ctx) {
            CoChangeIndex index = ctx.index();
            Instant now = ctx.historyTime().toInstant();
            java.util.Map<String, double[]> scores = new java.util.HashMap<>();
            for (String q : ctx.queryFiles()) {
                int sq = index.support(q);
                double dq = index.decayedSupport(q, now);
                if (sq == 0) {
                    continue;
                }
                for (java.util.Map.Entry<String, Integer> e : index.partners(q).entrySet()) {
                    if (ctx.queryFiles().contains(e.getKey())) {
                        continue;
                    }
                    double conf = (double) e.getValue() / sq;
                    double dec = dq > 0 ? index.decayedSupport(q, e.getKey(), now) / dq : 0;
                    scores.merge(e.getKey(), new double[]{conf, dec},
                            (a, b) -> new double[]{Math.max(a[0], b[0]), Math.max(a[1], b[1])});
                }
            }
            double[] conf = new double[scores.size()];
            double[] decayed = new double[scores.size()];
            int i = 0;
            for (double[] v : scores.values()) {
                conf[i] = v[0];
                decayed[i++] = v[1];
            }
            java.util.Arrays.sort(conf);
            java.util.Arrays.sort(decayed);
            return new QueryRanks(scores, conf, decayed, conf.length == 0 ? 0 : conf[conf.length - 1]);
        }

        /** The rank of {@code file} by confidence: 1 + the number of files ranked strictly above it; null if unranked. */
        Integer confRank(String file) {
            double[] v = scores.get(file);
            return v == null ? null : 1 + above(confAscending, v[0]);
        }

        /** The rank of {@code file} by recency-weighted confidence, as {@link #confRank}. */
        Integer decayedRank(String file) {
            double[] v = scores.get(file);
            return v == null ? null : 1 + above(decayedAscending, v[1]);
        }

        /** How many of {@code ascending} are greater than {@code value} (in {@link Double#compare} order). */
        private static int above(double[] ascending, double value) {
            int lo = 0;
            int hi = ascending.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (Double.compare(ascending[mid], value) <= 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return ascending.length - lo;
        }
    }

    static double logit(double p) {
        double c = Math.min(1 - 1e-4, Math.max(1e-4, p));
        return Math.log(c / (1 - c));
    }

    @Override
    public String id() {
        return "builtin.cochange";
    }

    /** 2: time measured to {@link QueryContext#historyTime()} (no later than the history's longest pause allows). */
    @Override
    public int version() {
        return 2;
    }
}
