package dev.continuity.ml.features;

import dev.continuity.ml.history.CoChangeIndex;

import java.util.Optional;

/** The author's own co-change profile: confidence computed from that author's transactions only. */
final class AuthorFeatures implements FeatureExtractor {

    @Override
    public void extract(QueryContext ctx, String candidate, FeatureSink sink) {
        Optional<CoChangeIndex> own = ctx.authorIndex();
        if (own.isEmpty()) {
            sink.flag("auth.unknown", true);
            return;
        }
        CoChangeIndex index = own.get();
        double maxConf = 0;
        for (String q : ctx.queryFiles()) {
            maxConf = Math.max(maxConf, index.confidence(q, candidate));
        }
        int n = index.transactionCount();
        sink.put("auth.conf.max", maxConf);
        sink.put("auth.candidate_share", n == 0 ? 0 : (double) index.support(candidate) / n);
        sink.put("auth.transactions_log", Math.log1p(n));
        sink.put("auth.activity_share", ctx.index().transactionCount() == 0 ? 0
                : (double) n / ctx.index().transactionCount());
    }

    @Override
    public String id() {
        return "builtin.author";
    }
}
