package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import java.util.List;
import java.util.Objects;

/**
 * The risk figures of one schedule under a {@link SafetyModel}.
 *
 * @param commitOrder                        task indices in commit (finish) order
 * @param successProbability                 probability that no step fails
 * @param expectedLostWorkWithoutCheckpoints expected work lost to the first failure when nothing is checkpointed
 * @param expectedLostWorkWithCheckpoints    the same with {@code checkpoints} in place
 * @param expectedCheckpointCost             expected cost of the checkpoints actually reached
 * @param riskExposure                       expected number of committed results rolled back by a failure,
 *                                           with {@code checkpoints} in place
 * @param checkpoints                        the chosen checkpoints in commit order (empty when not adaptive)
 */
public record SafetyAssessment(
        List<Integer> commitOrder,
        double successProbability,
        double expectedLostWorkWithoutCheckpoints,
        double expectedLostWorkWithCheckpoints,
        double expectedCheckpointCost,
        double riskExposure,
        List<Checkpoint> checkpoints) {

    public SafetyAssessment {
        commitOrder = List.copyOf(commitOrder);
        checkpoints = List.copyOf(checkpoints);
        requireNonNegative("expectedLostWorkWithoutCheckpoints", expectedLostWorkWithoutCheckpoints);
        requireNonNegative("expectedLostWorkWithCheckpoints", expectedLostWorkWithCheckpoints);
        requireNonNegative("expectedCheckpointCost", expectedCheckpointCost);
        requireNonNegative("riskExposure", riskExposure);
        if (!(successProbability >= 0 && successProbability <= 1)) {
            throw new IllegalArgumentException("successProbability must be in [0, 1], was " + successProbability);
        }
    }

    /** The {@link OptimizationGoal#MAXIMIZE_SAFETY} objective: lost work plus checkpoint cost. */
    public double safetyObjective() {
        return expectedLostWorkWithCheckpoints + expectedCheckpointCost;
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= -1e-12)) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link SafetyAssessment}. */
    public static final class Builder {
        private List<Integer> commitOrder = List.of();
        private double successProbability = 1;
        private double lostWithout;
        private double lostWith;
        private double checkpointCost;
        private double riskExposure;
        private List<Checkpoint> checkpoints = List.of();

        private Builder() {
        }

        public Builder commitOrder(List<Integer> value) {
            commitOrder = Objects.requireNonNull(value);
            return this;
        }

        public Builder successProbability(double value) {
            successProbability = value;
            return this;
        }

        public Builder expectedLostWorkWithoutCheckpoints(double value) {
            lostWithout = value;
            return this;
        }

        public Builder expectedLostWorkWithCheckpoints(double value) {
            lostWith = value;
            return this;
        }

        public Builder expectedCheckpointCost(double value) {
            checkpointCost = value;
            return this;
        }

        public Builder riskExposure(double value) {
            riskExposure = value;
            return this;
        }

        public Builder checkpoints(List<Checkpoint> value) {
            checkpoints = Objects.requireNonNull(value);
            return this;
        }

        public SafetyAssessment build() {
            return new SafetyAssessment(commitOrder, successProbability, lostWithout, lostWith,
                    checkpointCost, riskExposure, checkpoints);
        }
    }
}
