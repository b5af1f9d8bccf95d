package dev.continuity.ml.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Collections;

/**
 * Facts about a trained model, all measured during training (stored as the feature-schema JSON).
 *
 * @param id                  model id
 * @param type                the model actually trained (never {@link ModelType#AUTO})
 * @param requestedType       the type that was asked for
 * @param createdAt           when it was trained (from the injected clock)
 * @param historyCutoff       time of the latest transaction it was trained on
 * @param trainedTransactions transactions that produced training queries
 * @param trainingQueries     queries it was trained on
 * @param trainingRows        (query, candidate) rows it was trained on
 * @param validationQueries   held-out queries used to choose and calibrate
 * @param validationMap       validation MAP of each model type tried (type name to MAP)
 * @param calibrationMethod   {@code isotonic}, {@code platt} or {@code identity}
 * @param validationEce       ECE (10 bins) of the calibrated scores on the validation rows, with the recency weights the
 *                            calibrator was fitted with (NaN when none; in-sample for the calibrator, so optimistic)
 * @param validationBrier     Brier score of the calibrated scores on the validation rows, weighted the same way (NaN
 *                            when none)
 * @param featureSignature    extractor id to version of the feature pipeline
 * @param featureNames        the features the model knows
 * @param seed                the random seed used
 */
public record ModelMetadata(String id, ModelType type, ModelType requestedType, Instant createdAt,
                            Instant historyCutoff, int trainedTransactions, int trainingQueries, int trainingRows,
                            int validationQueries, Map<String, Double> validationMap, String calibrationMethod,
                            double validationEce, double validationBrier, Map<String, Integer> featureSignature,
                            List<String> featureNames, long seed) {

    /** Rejects a type of {@code AUTO} and nulls; copies the collections, keeping the maps' order. */
    public ModelMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(requestedType, "requestedType");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(historyCutoff, "historyCutoff");
        Objects.requireNonNull(calibrationMethod, "calibrationMethod");
        if (type == ModelType.AUTO) {
            throw new IllegalArgumentException("a trained model has a concrete type, not AUTO");
        }
        validationMap = Collections.unmodifiableMap(new LinkedHashMap<>(validationMap));
        featureSignature = Collections.unmodifiableMap(new LinkedHashMap<>(featureSignature));
        featureNames = List.copyOf(featureNames);
    }

    /** The validation MAP of the chosen type, NaN when it could not be measured. */
    public double chosenValidationMap() {
        return validationMap.getOrDefault(type.name(), Double.NaN);
    }
}
