package dev.continuity.ml.features;

import dev.continuity.ml.history.CoChangeIndex;

/** How often the candidate changed so far, plain and recency-weighted. */
final class PopularityFeatures implements FeatureExtractor {

    @Override
    public void extract(QueryContext ctx, String candidate, FeatureSink sink) {
        CoChangeIndex index = ctx.index();
        int n = index.transactionCount();
        int support = index.support(candidate);
        sink.put("pop.share", n == 0 ? 0 : (double) support / n);
        sink.put("pop.support_log", Math.log1p(support));
        sink.put("pop.share_logit", CoChangeFeatures.logit((support + 1.0) / (n + 2.0)));
        sink.put("pop.decayed_log", Math.log1p(index.decayedSupport(candidate, ctx.historyTime().toInstant())));
    }

    @Override
    public String id() {
        return "builtin.popularity";
    }

    /** 2: time measured to {@link QueryContext#historyTime()} (no later than the history's longest pause allows). */
    @Override
    public int version() {
        return 2;
    }
}
