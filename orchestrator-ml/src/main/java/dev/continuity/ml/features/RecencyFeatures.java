package dev.continuity.ml.features;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Time since the candidate last changed. */
final class RecencyFeatures implements FeatureExtractor {

    @Override
    public void extract(QueryContext ctx, String candidate, FeatureSink sink) {
        Optional<Instant> last = ctx.index().lastChanged(candidate);
        if (last.isEmpty()) {
            sink.flag("rec.never_changed", true);
            return;
        }
        double days = Math.max(0, Duration.between(last.get(), ctx.historyTime().toInstant()).toHours() / 24.0);
        sink.put("rec.days_since_change_log", Math.log1p(days));
        sink.flag("rec.changed_within_7d", days <= 7);
        sink.flag("rec.changed_within_90d", days <= 90);
    }

    @Override
    public String id() {
        return "builtin.recency";
    }

    /** 2: time measured to {@link QueryContext#historyTime()} (no later than the history's longest pause allows). */
    @Override
    public int version() {
        return 2;
    }
}
