package dev.continuity.ml.features;

/** Size of the change: lines changed (total and largest file) and number of changed files. */
final class MagnitudeFeatures implements FeatureExtractor {

    @Override
    public void extract(QueryContext ctx, String candidate, FeatureSink sink) {
        sink.put("mag.lines_log", Math.log1p(ctx.totalMagnitude()));
        sink.put("mag.max_lines_log", Math.log1p(ctx.maxMagnitude()));
        sink.put("mag.files_log", Math.log1p(ctx.queryFiles().size()));
    }

    @Override
    public String id() {
        return "builtin.magnitude";
    }
}
