package dev.continuity.ml;

import dev.continuity.ml.model.FeatureContribution;

import java.util.List;
import java.util.Objects;

/**
 * A candidate file with its calibrated confidence of being impacted.
 *
 * @param file         the candidate
 * @param confidence   calibrated probability that it must change too (for the fallback: the rule confidence)
 * @param rawScore     the model's uncalibrated score (breaks ties of confidence in the ranking)
 * @param explanation  the top contributing features (empty beyond the explained candidates)
 */
public record RankedCandidate(String file, double confidence, double rawScore, List<FeatureContribution> explanation) {
    /** Copies {@code explanation}; rejects a null {@code file}. */
    public RankedCandidate {
        Objects.requireNonNull(file, "file");
        explanation = List.copyOf(explanation);
    }
}
