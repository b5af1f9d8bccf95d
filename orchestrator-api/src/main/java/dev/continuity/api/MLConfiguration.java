package dev.continuity.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the learned parts of Continuity behave for one request.
 *
 * @param modelType                   {@code graph} (no learned model), {@code logistic}, {@code random_forest} or {@code ensemble}
 * @param confidenceThreshold         files predicted with a lower confidence are not updated
 * @param enableOnlineLearning        record the outcome and retrain by the retraining policy
 * @param optimizationGoals           what the sequence optimiser aims for, in priority order
 * @param anomalyDetectionSensitivity 0 (never alert) to 1 (alert on small deviations)
 */
public record MLConfiguration(
        String modelType,
        double confidenceThreshold,
        boolean enableOnlineLearning,
        List<OptimizationGoal> optimizationGoals,
        double anomalyDetectionSensitivity) {

    /** The model types an implementation must understand. */
    public static final List<String> MODEL_TYPES = List.of("graph", "logistic", "random_forest", "ensemble");

    public MLConfiguration {
        Objects.requireNonNull(modelType, "modelType");
        if (!MODEL_TYPES.contains(modelType)) {
            throw new IllegalArgumentException("modelType must be one of " + MODEL_TYPES + ", was '" + modelType + "'");
        }
        Copies.requireProbability(confidenceThreshold, "confidenceThreshold");
        optimizationGoals = List.copyOf(optimizationGoals);
        if (optimizationGoals.isEmpty()) {
            throw new IllegalArgumentException("optimizationGoals must name at least one goal");
        }
        Copies.requireProbability(anomalyDetectionSensitivity, "anomalyDetectionSensitivity");
    }

    /** Ensemble model, threshold 0.8, online learning on, minimise time then maximise safety, sensitivity 0.9. */
    public static MLConfiguration defaults() {
        return new MLConfiguration("ensemble", 0.8, true, List.of(OptimizationGoal.MINIMIZE_TIME, OptimizationGoal.MAXIMIZE_SAFETY), 0.9);
    }

    public static Builder builder() {
        return defaults().toBuilder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.modelType = modelType;
        b.confidenceThreshold = confidenceThreshold;
        b.enableOnlineLearning = enableOnlineLearning;
        b.optimizationGoals = new ArrayList<>(optimizationGoals);
        b.anomalyDetectionSensitivity = anomalyDetectionSensitivity;
        return b;
    }

    /** Builds an {@link MLConfiguration}; starts from {@link #defaults()}. */
    public static final class Builder {
        private String modelType;
        private double confidenceThreshold;
        private boolean enableOnlineLearning;
        private List<OptimizationGoal> optimizationGoals;
        private double anomalyDetectionSensitivity;

        private Builder() {}

        public Builder modelType(String type) { this.modelType = type; return this; }
        public Builder confidenceThreshold(double threshold) { this.confidenceThreshold = threshold; return this; }
        public Builder enableOnlineLearning(boolean on) { this.enableOnlineLearning = on; return this; }
        public Builder optimizationGoals(List<OptimizationGoal> goals) { this.optimizationGoals = new ArrayList<>(goals); return this; }
        public Builder optimizationGoals(OptimizationGoal... goals) { return optimizationGoals(List.of(goals)); }
        public Builder anomalyDetectionSensitivity(double sensitivity) { this.anomalyDetectionSensitivity = sensitivity; return this; }

        public MLConfiguration build() {
            return new MLConfiguration(modelType, confidenceThreshold, enableOnlineLearning, optimizationGoals, anomalyDetectionSensitivity);
        }
    }
}
