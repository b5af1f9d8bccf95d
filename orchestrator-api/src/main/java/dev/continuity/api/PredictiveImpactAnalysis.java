package dev.continuity.api;

import java.util.List;
import java.util.Map;

/**
 * The predicted impact of a change, as the specification's {@code PredictiveImpactAnalysis}.
 *
 * @param predictedFiles          impacted files at or above the confidence threshold, most confident first
 * @param confidenceScores        confidence per predicted file
 * @param riskAssessment          risk per predicted file
 * @param optimizationSuggestions advice derived from the analysis
 * @param estimatedComplexity     a measure of how hard the update is (0 = trivial; grows with files, risk and coupling)
 * @param alternativeApproaches   at least two other ways to carry the update out
 * @param impactedFiles           every predicted file with its explanation
 * @param changedFiles            the files the change started from
 * @param seedEntities            entities the change touches (renamed, named in the context, or defined by a changed file)
 */
public record PredictiveImpactAnalysis(
        List<String> predictedFiles,
        Map<String, Double> confidenceScores,
        Map<String, RiskLevel> riskAssessment,
        List<String> optimizationSuggestions,
        double estimatedComplexity,
        List<AlternativeApproach> alternativeApproaches,
        List<ImpactedFile> impactedFiles,
        List<String> changedFiles,
        List<String> seedEntities) {

    /**
     * Rejects a negative or NaN {@code estimatedComplexity} and null map entries; copies the collections, keeping the
     * maps' order.
     */
    public PredictiveImpactAnalysis {
        predictedFiles = List.copyOf(predictedFiles);
        confidenceScores = Copies.orderedMap(confidenceScores);
        riskAssessment = Copies.orderedMap(riskAssessment);
        optimizationSuggestions = List.copyOf(optimizationSuggestions);
        if (!(estimatedComplexity >= 0)) {
            throw new IllegalArgumentException("estimatedComplexity must be >= 0, was " + estimatedComplexity);
        }
        alternativeApproaches = List.copyOf(alternativeApproaches);
        impactedFiles = List.copyOf(impactedFiles);
        changedFiles = List.copyOf(changedFiles);
        seedEntities = List.copyOf(seedEntities);
    }

    /** {@return the mean confidence of the predicted files, or 0 when there are none} */
    public double meanConfidence() {
        return confidenceScores.values().stream().mapToDouble(Double::doubleValue).average().orElse(0.0);
    }
}
