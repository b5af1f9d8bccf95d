package dev.continuity.ml.features;

import java.time.OffsetDateTime;

/** Hour of day and day of week of the change (in the author's offset), encoded cyclically (sin, cos). */
final class SeasonalFeatures implements FeatureExtractor {

    @Override
    public void extract(QueryContext ctx, String candidate, FeatureSink sink) {
        OffsetDateTime t = ctx.time();
        double hour = t.getHour() + t.getMinute() / 60.0;
        double day = t.getDayOfWeek().getValue() - 1 + hour / 24.0;
        sink.put("time.hour_sin", Math.sin(2 * Math.PI * hour / 24.0));
        sink.put("time.hour_cos", Math.cos(2 * Math.PI * hour / 24.0));
        sink.put("time.weekday_sin", Math.sin(2 * Math.PI * day / 7.0));
        sink.put("time.weekday_cos", Math.cos(2 * Math.PI * day / 7.0));
    }

    @Override
    public String id() {
        return "builtin.seasonal";
    }
}
