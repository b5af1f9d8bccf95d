package dev.continuity.ml.features;

import java.util.List;

/** The feature extractors that ship with the library. */
public final class BuiltinFeatures {

    /**
     * The smoothed co-change confidence {@code (support(q,c) + 2 * share(c)) / (support(q) + 2)}, maximum over the query
     * files: a well-behaved probability close to ROSE's confidence, used as the prior the learned model may be blended
     * with when history is scarce.
     */
    public static final String COCHANGE_PRIOR_FEATURE = "cc.conf.smoothed_max";

    private BuiltinFeatures() {
    }

    /** Co-change support and confidence (ROSE max, mean, noisy-or, smoothed, reverse, recency-weighted; TARMAQ). */
    public static FeatureExtractor coChange() {
        return new CoChangeFeatures();
    }

    /** How often the candidate changed (share of transactions, count, recency-weighted count). */
    public static FeatureExtractor popularity() {
        return new PopularityFeatures();
    }

    /** Time since the candidate last changed. */
    public static FeatureExtractor recency() {
        return new RecencyFeatures();
    }

    /** The author's own co-change profile. */
    public static FeatureExtractor author() {
        return new AuthorFeatures();
    }

    /** Link-graph distance, edge kinds and degrees. */
    public static FeatureExtractor graph() {
        return new GraphFeatures();
    }

    /** File kinds (extension, top folder) of both files, shared kind and folder distance. */
    public static FeatureExtractor fileKinds() {
        return new FileKindFeatures();
    }

    /** Change magnitude. */
    public static FeatureExtractor magnitude() {
        return new MagnitudeFeatures();
    }

    /** Edit propagation: whether the candidate still contains the text the change removed ({@link EditEvidence}). */
    public static FeatureExtractor editPropagation() {
        return new EditPropagationFeatures();
    }

    /** Hour of day and weekday, cyclic. */
    public static FeatureExtractor seasonal() {
        return new SeasonalFeatures();
    }

    /** All built-in extractors, in a fixed order. */
    public static List<FeatureExtractor> all() {
        return List.of(coChange(), popularity(), recency(), author(), graph(), fileKinds(), magnitude(), editPropagation(),
                seasonal());
    }
}
