package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an optimiser found, with the figures to judge it by.
 *
 * @param schedule                the chosen plan; {@code schedule.priorityOrder()} reproduces it
 * @param goals                   the goals, by priority
 * @param combination             how the goals were combined
 * @param optimizer               which optimiser produced it ({@code "genetic"}, {@code "annealing"}, ...)
 * @param predictedMakespan       the plan's makespan
 * @param baselineMakespan        the CP/MISF list schedule's makespan
 * @param gainOverBaselinePercent {@code 100 * (baseline - predicted) / baseline}, {@code >= 0}
 *                                whenever time is the only goal
 * @param makespanLowerBound      {@link SchedulingProblem#makespanLowerBound()}
 * @param safety                  risk figures and checkpoints of the plan
 * @param objectiveValues         each goal's value for the plan
 * @param baselineObjectiveValues each goal's value for the CP/MISF baseline
 * @param generations             generations (or iterations) run
 * @param evaluations             priority lists decoded and evaluated
 * @param elapsedMillis           wall time of the search, by the optimiser's clock
 * @param stopReason              why the search stopped
 * @param source                  whether the search or the fallback to the best seed produced the plan
 */
public record OptimizationResult(
        Schedule schedule,
        List<OptimizationGoal> goals,
        GoalCombination combination,
        String optimizer,
        double predictedMakespan,
        double baselineMakespan,
        double gainOverBaselinePercent,
        double makespanLowerBound,
        SafetyAssessment safety,
        Map<OptimizationGoal, Double> objectiveValues,
        Map<OptimizationGoal, Double> baselineObjectiveValues,
        long generations,
        long evaluations,
        long elapsedMillis,
        StopReason stopReason,
        ResultSource source) {

    public OptimizationResult {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(combination, "combination");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(safety, "safety");
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(source, "source");
        goals = List.copyOf(goals);
        objectiveValues = copy(objectiveValues);
        baselineObjectiveValues = copy(baselineObjectiveValues);
        if (goals.isEmpty()) {
            throw new IllegalArgumentException("goals must not be empty");
        }
        if (generations < 0 || evaluations < 0 || elapsedMillis < 0) {
            throw new IllegalArgumentException("counters must be >= 0, were generations=" + generations
                    + ", evaluations=" + evaluations + ", elapsedMillis=" + elapsedMillis);
        }
        if (Math.abs(predictedMakespan - schedule.makespan()) > 1e-9 * Math.max(1, predictedMakespan)) {
            throw new IllegalArgumentException("predictedMakespan " + predictedMakespan
                    + " differs from the schedule's makespan " + schedule.makespan());
        }
    }

    private static Map<OptimizationGoal, Double> copy(Map<OptimizationGoal, Double> map) {
        return map.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(map));
    }

    /** Expected lost work if nothing is checkpointed. */
    public double expectedLostWorkWithoutCheckpoints() {
        return safety.expectedLostWorkWithoutCheckpoints();
    }

    /** Expected lost work with the chosen checkpoints in place. */
    public double expectedLostWorkWithCheckpoints() {
        return safety.expectedLostWorkWithCheckpoints();
    }

    /** Where the checkpoints go, each with its reason. */
    public List<Checkpoint> checkpoints() {
        return safety.checkpoints();
    }

    /** Gap of the predicted makespan above the lower bound, in percent (0 means provably optimal). */
    public double gapToLowerBoundPercent() {
        return makespanLowerBound > 0 ? 100 * (predictedMakespan - makespanLowerBound) / makespanLowerBound : 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link OptimizationResult}. */
    public static final class Builder {
        private Schedule schedule;
        private List<OptimizationGoal> goals = List.of(OptimizationGoal.MINIMIZE_TIME);
        private GoalCombination combination = GoalCombination.WEIGHTED_SUM;
        private String optimizer = "unknown";
        private double predictedMakespan;
        private double baselineMakespan;
        private double gainOverBaselinePercent;
        private double makespanLowerBound;
        private SafetyAssessment safety;
        private Map<OptimizationGoal, Double> objectiveValues = Map.of();
        private Map<OptimizationGoal, Double> baselineObjectiveValues = Map.of();
        private long generations;
        private long evaluations;
        private long elapsedMillis;
        private StopReason stopReason = StopReason.STEADY_FITNESS;
        private ResultSource source = ResultSource.SEARCH;

        private Builder() {
        }

        public Builder schedule(Schedule value) {
            schedule = value;
            return this;
        }

        public Builder goals(List<OptimizationGoal> value) {
            goals = value;
            return this;
        }

        public Builder combination(GoalCombination value) {
            combination = value;
            return this;
        }

        public Builder optimizer(String value) {
            optimizer = value;
            return this;
        }

        public Builder predictedMakespan(double value) {
            predictedMakespan = value;
            return this;
        }

        public Builder baselineMakespan(double value) {
            baselineMakespan = value;
            return this;
        }

        public Builder gainOverBaselinePercent(double value) {
            gainOverBaselinePercent = value;
            return this;
        }

        public Builder makespanLowerBound(double value) {
            makespanLowerBound = value;
            return this;
        }

        public Builder safety(SafetyAssessment value) {
            safety = value;
            return this;
        }

        public Builder objectiveValues(Map<OptimizationGoal, Double> value) {
            objectiveValues = value;
            return this;
        }

        public Builder baselineObjectiveValues(Map<OptimizationGoal, Double> value) {
            baselineObjectiveValues = value;
            return this;
        }

        public Builder generations(long value) {
            generations = value;
            return this;
        }

        public Builder evaluations(long value) {
            evaluations = value;
            return this;
        }

        public Builder elapsedMillis(long value) {
            elapsedMillis = value;
            return this;
        }

        public Builder stopReason(StopReason value) {
            stopReason = value;
            return this;
        }

        public Builder source(ResultSource value) {
            source = value;
            return this;
        }

        public OptimizationResult build() {
            return new OptimizationResult(schedule, goals, combination, optimizer, predictedMakespan,
                    baselineMakespan, gainOverBaselinePercent, makespanLowerBound, safety, objectiveValues,
                    baselineObjectiveValues, generations, evaluations, elapsedMillis, stopReason, source);
        }
    }
}
