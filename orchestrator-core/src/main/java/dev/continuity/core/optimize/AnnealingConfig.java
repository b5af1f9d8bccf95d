package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Parameters of the {@link SimulatedAnnealingOptimizer}.
 *
 * @param maxIterations      moves tried at most, {@code >= 1}
 * @param steadyIterations   stop after this many moves without a new best, {@code >= 1}
 * @param timeBudget         stop when this much time has passed since {@code optimize} began, positive
 * @param seed               seed of the random generator
 * @param initialAcceptance  probability of accepting an average worsening move at the start, in (0, 1)
 * @param finalTemperatureRatio final temperature over initial temperature, in (0, 1)
 * @param justification      improve decoded schedules by forward-backward justification
 * @param tieBreakWeight     as in {@link GeneticOptimizerConfig#tieBreakWeight()}, in [0, 1e-3]
 * @param stopAtLowerBound   stop as soon as the makespan equals the lower bound (makespan-only goals)
 * @param weights            weighted-sum weights per goal (absent goals get {@code 2^-rank})
 * @param safetyModel        failure model and checkpoint cost for the risk goals
 */
public record AnnealingConfig(
        long maxIterations,
        long steadyIterations,
        Duration timeBudget,
        long seed,
        double initialAcceptance,
        double finalTemperatureRatio,
        boolean justification,
        double tieBreakWeight,
        boolean stopAtLowerBound,
        Map<OptimizationGoal, Double> weights,
        SafetyModel safetyModel) {

    public AnnealingConfig {
        Objects.requireNonNull(timeBudget, "timeBudget");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(safetyModel, "safetyModel");
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, was " + maxIterations);
        }
        if (steadyIterations < 1) {
            throw new IllegalArgumentException("steadyIterations must be >= 1, was " + steadyIterations);
        }
        if (timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("timeBudget must be positive, was " + timeBudget);
        }
        if (!(initialAcceptance > 0 && initialAcceptance < 1)) {
            throw new IllegalArgumentException("initialAcceptance must be in (0, 1), was " + initialAcceptance);
        }
        if (!(finalTemperatureRatio > 0 && finalTemperatureRatio < 1)) {
            throw new IllegalArgumentException(
                    "finalTemperatureRatio must be in (0, 1), was " + finalTemperatureRatio);
        }
        if (!(tieBreakWeight >= 0 && tieBreakWeight <= 1e-3)) {
            throw new IllegalArgumentException("tieBreakWeight must be in [0, 1e-3], was " + tieBreakWeight);
        }
        weights.forEach((goal, weight) -> {
            Objects.requireNonNull(goal, "goal");
            if (weight == null || !Double.isFinite(weight) || weight < 0) {
                throw new IllegalArgumentException("weight of " + goal + " must be finite and >= 0, was " + weight);
            }
        });
        weights = weights.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(weights));
    }

    public static AnnealingConfig defaults() {
        return new Builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder for {@link AnnealingConfig}, starting from the defaults. */
    public static final class Builder {
        private long maxIterations = 20_000;
        private long steadyIterations = 5_000;
        private Duration timeBudget = Duration.ofSeconds(1);
        private long seed = 0x5EED_C0DEL;
        private double initialAcceptance = 0.3;
        private double finalTemperatureRatio = 1e-3;
        private boolean justification = true;
        private double tieBreakWeight = 1e-6;
        private boolean stopAtLowerBound = true;
        private Map<OptimizationGoal, Double> weights = Map.of();
        private SafetyModel safetyModel = SafetyModel.defaults();

        private Builder() {
        }

        private Builder(AnnealingConfig c) {
            maxIterations = c.maxIterations;
            steadyIterations = c.steadyIterations;
            timeBudget = c.timeBudget;
            seed = c.seed;
            initialAcceptance = c.initialAcceptance;
            finalTemperatureRatio = c.finalTemperatureRatio;
            justification = c.justification;
            tieBreakWeight = c.tieBreakWeight;
            stopAtLowerBound = c.stopAtLowerBound;
            weights = c.weights;
            safetyModel = c.safetyModel;
        }

        public Builder maxIterations(long value) {
            maxIterations = value;
            return this;
        }

        public Builder steadyIterations(long value) {
            steadyIterations = value;
            return this;
        }

        public Builder timeBudget(Duration value) {
            timeBudget = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder initialAcceptance(double value) {
            initialAcceptance = value;
            return this;
        }

        public Builder finalTemperatureRatio(double value) {
            finalTemperatureRatio = value;
            return this;
        }

        public Builder justification(boolean value) {
            justification = value;
            return this;
        }

        public Builder tieBreakWeight(double value) {
            tieBreakWeight = value;
            return this;
        }

        public Builder stopAtLowerBound(boolean value) {
            stopAtLowerBound = value;
            return this;
        }

        public Builder weights(Map<OptimizationGoal, Double> value) {
            weights = value;
            return this;
        }

        public Builder safetyModel(SafetyModel value) {
            safetyModel = value;
            return this;
        }

        public AnnealingConfig build() {
            return new AnnealingConfig(maxIterations, steadyIterations, timeBudget, seed, initialAcceptance,
                    finalTemperatureRatio, justification, tieBreakWeight, stopAtLowerBound, weights, safetyModel);
        }
    }
}
