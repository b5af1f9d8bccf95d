package dev.continuity.ml.model;

import java.util.Objects;

/**
 * How much one feature pushed a candidate's score.
 *
 * @param feature      the feature name
 * @param value        its value for this candidate
 * @param contribution for the logistic model, {@code (w_impacted - w_unaffected) * value} in log-odds;
 *                     for forests and ensembles, the drop in the raw probability when the feature is
 *                     removed (occlusion); positive values push towards "impacted"
 */
public record FeatureContribution(String feature, double value, double contribution) {
    /** Rejects a null {@code feature}. */
    public FeatureContribution {
        Objects.requireNonNull(feature, "feature");
    }
}
