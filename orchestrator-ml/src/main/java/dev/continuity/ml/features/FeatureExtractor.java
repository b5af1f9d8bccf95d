package dev.continuity.ml.features;

/**
 * Computes features of a (change, candidate file) pair. Implement {@link #extract} only; the other
 * methods have defaults, so this interface can grow without breaking implementations.
 *
 * <p>Contract: features depend only on the {@link QueryContext} (the change and the history before
 * it) and the candidate, never on later history; the same inputs give the same features; names are
 * stable (they are stored in the model's feature schema). Use {@link QueryContext#memo} for work that
 * is the same for every candidate. A throwing extractor is contained by {@link FeaturePipeline}: its
 * features are left out for that pair, and the failure is logged and counted.
 *
 * <pre>{@code
 * FeatureExtractor sameChapter = (ctx, candidate, sink) ->
 *     sink.flag("user.same_chapter", ctx.queryFiles().stream().anyMatch(q -> chapterOf(q).equals(chapterOf(candidate))));
 * FeaturePipeline pipeline = FeaturePipeline.defaults().with(sameChapter);
 * }</pre>
 */
@FunctionalInterface
public interface FeatureExtractor {

    /** Writes the features of {@code candidate} for the change in {@code context} to {@code sink}. */
    void extract(QueryContext context, String candidate, FeatureSink sink);

    /** A stable id, stored in the feature schema and used in logs. */
    default String id() {
        return getClass().getName();
    }

    /** A version; change it when the features' meaning changes, so stored models are not reused. */
    default int version() {
        return 1;
    }
}
