package dev.continuity.ml.model;

import dev.continuity.ml.features.FeatureVector;

import java.util.Objects;

/**
 * One (query, candidate) pair of the training or evaluation data.
 *
 * @param candidate the candidate file
 * @param impacted  whether it really changed with the query (the label)
 * @param weight    inverse sampling probability: how many candidates of the full set this row stands for
 * @param features  its features, computed from the history before the transaction
 * @param related   whether the candidate ever changed together with a query file (a "hard" negative when not impacted)
 */
public record CandidateRow(String candidate, boolean impacted, double weight, FeatureVector features,
                           boolean related) {
    /** Rejects a null {@code candidate} or {@code features} and a weight that is not positive and finite. */
    public CandidateRow {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(features, "features");
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight must be positive and finite, got " + weight);
        }
    }
}
