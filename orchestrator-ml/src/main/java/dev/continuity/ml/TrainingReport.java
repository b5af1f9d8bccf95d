package dev.continuity.ml;

import dev.continuity.ml.model.ModelMetadata;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The result of one (re)training.
 *
 * @param metadata          the new model's metadata
 * @param previousMap       MAP of the previous model on the comparison queries
 * @param newMap            MAP of the new model type, trained without the comparison queries, on them
 * @param modelImprovement  {@code newMap - previousMap}: empty when there was no previous model or no query that
 *                          neither model was trained on (never estimated otherwise)
 * @param comparisonQueries number of held-out queries behind the comparison
 * @param insights          measured learning insights
 * @param elapsed           wall-clock training time
 */
public record TrainingReport(ModelMetadata metadata, OptionalDouble previousMap, OptionalDouble newMap,
                             OptionalDouble modelImprovement, int comparisonQueries, List<LearningInsight> insights,
                             Duration elapsed) {
    /** Copies {@code insights}; rejects nulls. */
    public TrainingReport {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(previousMap, "previousMap");
        Objects.requireNonNull(newMap, "newMap");
        Objects.requireNonNull(modelImprovement, "modelImprovement");
        insights = List.copyOf(insights);
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
