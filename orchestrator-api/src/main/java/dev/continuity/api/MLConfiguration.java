package dev.continuity.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the learned parts of Continuity behave for one request.
 *
 * @param modelType                   {@code graph} (no learned model), {@code logistic}, {@code random_forest},
 *                                    {@code ensemble} (both, averaged) or {@code auto} (the one that ranks best on
 *                                    held-out history)
 * @param confidenceThreshold         files predicted with a lower confidence are not updated
 * @param enableOnlineLearning        learn from the run: the learned predictors record its outcome and retrain by their
 *                                    retraining policy, and the steps' measured durations and failures refine the
 *                                    estimates later plans make of each handler's steps ({@code .continuity/estimates.json});
 *                                    off, the run changes neither (the predictors still record the outcome)
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
    public static final List<String> MODEL_TYPES = List.of("graph", "logistic", "random_forest", "ensemble", "auto");

    /**
     * Rejects a {@code modelType} not in {@link #MODEL_TYPES}, an empty goal list, and a threshold or sensitivity outside
     * [0, 1]; copies the goals.
     */
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

    /**
     * {@return the defaults: the {@code auto} model (the type that ranks best on held-out history, whose calibrated
     * confidences are the ones the project's evaluation measures), threshold 0.8, online learning on, minimise time
     * then maximise safety, sensitivity 0.9}
     */
    public static MLConfiguration defaults() {
        return new MLConfiguration("auto", 0.8, true, List.of(OptimizationGoal.MINIMIZE_TIME, OptimizationGoal.MAXIMIZE_SAFETY), 0.9);
    }

    /** {@return a builder that starts from {@link #defaults()}} */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** {@return a builder that starts from this configuration's values} */
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
        /** See {@link MLConfiguration#modelType()}. */
        private String modelType;
        /** See {@link MLConfiguration#confidenceThreshold()}. */
        private double confidenceThreshold;
        /** See {@link MLConfiguration#enableOnlineLearning()}. */
        private boolean enableOnlineLearning;
        /** See {@link MLConfiguration#optimizationGoals()}; a mutable copy. */
        private List<OptimizationGoal> optimizationGoals;
        /** See {@link MLConfiguration#anomalyDetectionSensitivity()}. */
        private double anomalyDetectionSensitivity;

        /** Made by {@link MLConfiguration#builder()} and {@link MLConfiguration#toBuilder()} only. */
        private Builder() {}

        /**
         * One of {@link MLConfiguration#MODEL_TYPES}: {@code graph} leaves the learned predictors out; the others are passed
         * to them as {@link dev.continuity.api.spi.ImpactQuery#modelType()}, and the learned predictor trains that type
         * (retraining first when its current model is of another type).
         *
         * @param type the model type
         * @return this builder
         */
        public Builder modelType(String type) { this.modelType = type; return this; }
        /**
         * Impacted files predicted with a lower confidence are neither listed as predicted nor updated.
         *
         * @param threshold in [0, 1]
         * @return this builder
         */
        public Builder confidenceThreshold(double threshold) { this.confidenceThreshold = threshold; return this; }
        /**
         * Whether the impact predictors learn from each run that succeeds (and retrain by their retraining policy); when
         * off, the outcome is still recorded in their history ({@link dev.continuity.api.spi.ImpactPredictor#record}).
         *
         * @param on whether to learn online
         * @return this builder
         */
        public Builder enableOnlineLearning(boolean on) { this.enableOnlineLearning = on; return this; }
        /**
         * What the sequence optimiser aims for, most important first; at least one. Replaces the goals set before.
         *
         * @param goals the goals; copied
         * @return this builder
         */
        public Builder optimizationGoals(List<OptimizationGoal> goals) { this.optimizationGoals = new ArrayList<>(goals); return this; }
        /**
         * As {@link #optimizationGoals(List)}.
         *
         * @param goals the goals, most important first
         * @return this builder
         */
        public Builder optimizationGoals(OptimizationGoal... goals) { return optimizationGoals(List.of(goals)); }
        /**
         * In [0, 1]: 0 turns anomaly alerts off; higher values alert on smaller deviations of a service's step latency and
         * error rate.
         *
         * @param sensitivity in [0, 1]
         * @return this builder
         */
        public Builder anomalyDetectionSensitivity(double sensitivity) { this.anomalyDetectionSensitivity = sensitivity; return this; }

        /**
         * The configuration. Values are checked here, not by the setters: {@link IllegalArgumentException} for an unknown
         * model type, a value outside [0, 1] or no goal.
         *
         * @return the configuration
         * @throws IllegalArgumentException when the model type is unknown, the threshold or sensitivity is outside
         *                                  [0, 1], or no goal is given
         */
        public MLConfiguration build() {
            return new MLConfiguration(modelType, confidenceThreshold, enableOnlineLearning, optimizationGoals, anomalyDetectionSensitivity);
        }
    }
}
