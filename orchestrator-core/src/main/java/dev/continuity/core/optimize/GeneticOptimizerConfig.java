package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Parameters of the {@link GeneticSequenceOptimizer}. Immutable; {@link #defaults()} are tuned on
 * the Standard Task Graph Set (see docs/benchmarks.md).
 *
 * <pre>{@code
 * GeneticOptimizerConfig config = GeneticOptimizerConfig.defaults().toBuilder()
 *     .seed(7).timeBudget(Duration.ofMillis(300)).build();
 * }</pre>
 *
 * @param populationSize        individuals per generation, {@code >= 4}
 * @param offspringFraction     share of each generation made by selection and alteration, in (0, 1)
 * @param eliteCount            best survivors copied unchanged, {@code 1 <= eliteCount < populationSize}
 * @param tournamentSize        tournament size of the offspring selection, {@code >= 2}
 * @param crossoverProbability  partially matched crossover probability, in [0, 1]
 * @param swapProbability       swap mutation probability (Jenetics semantics), in [0, 1]
 * @param shiftProbability      shift (insertion) mutation probability, in [0, 1]
 * @param maxPhenotypeAge       generations an individual may live, {@code >= 1}
 * @param steadyGenerations     stop after this many generations without improvement, {@code >= 1}
 * @param maxGenerations        stop after this many generations, {@code >= 1}
 * @param timeBudget            stop when this much time has passed since {@code optimize} began, positive
 * @param seed                  seed of the random generator: the same seed gives the same result
 *                              (when the time budget does not cut the run short)
 * @param justification         improve decoded schedules by forward-backward justification
 *                              (only when {@link OptimizationGoal#MINIMIZE_TIME} is a goal)
 * @param tieBreakWeight        for the makespan alone, add this times the mean finish time to the
 *                              fitness so that equal makespans are told apart, in [0, 1e-3]
 * @param localSearchMoves      shift moves tried on the best plan whenever it improves, {@code >= 0}
 * @param stopAtLowerBound      stop as soon as the makespan equals the lower bound (makespan-only goals)
 * @param combination           how several goals are combined
 * @param weights               weighted-sum weights per goal; absent goals get {@code 2^-rank}
 *                              by their position in the goal list
 * @param paretoTolerance       relative tolerance of the priority choice from a Pareto front, in [0, 1]
 * @param safetyModel           failure model and checkpoint cost for the risk goals
 */
public record GeneticOptimizerConfig(
        int populationSize,
        double offspringFraction,
        int eliteCount,
        int tournamentSize,
        double crossoverProbability,
        double swapProbability,
        double shiftProbability,
        long maxPhenotypeAge,
        int steadyGenerations,
        long maxGenerations,
        Duration timeBudget,
        long seed,
        boolean justification,
        double tieBreakWeight,
        int localSearchMoves,
        boolean stopAtLowerBound,
        GoalCombination combination,
        Map<OptimizationGoal, Double> weights,
        double paretoTolerance,
        SafetyModel safetyModel) {

    public GeneticOptimizerConfig {
        Objects.requireNonNull(timeBudget, "timeBudget");
        Objects.requireNonNull(combination, "combination");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(safetyModel, "safetyModel");
        if (populationSize < 4) {
            throw new IllegalArgumentException("populationSize must be >= 4, was " + populationSize);
        }
        if (!(offspringFraction > 0 && offspringFraction < 1)) {
            throw new IllegalArgumentException("offspringFraction must be in (0, 1), was " + offspringFraction);
        }
        if (eliteCount < 1 || eliteCount >= populationSize) {
            throw new IllegalArgumentException(
                    "eliteCount must be in [1, populationSize=" + populationSize + "), was " + eliteCount);
        }
        if (tournamentSize < 2) {
            throw new IllegalArgumentException("tournamentSize must be >= 2, was " + tournamentSize);
        }
        requireProbability("crossoverProbability", crossoverProbability);
        requireProbability("swapProbability", swapProbability);
        requireProbability("shiftProbability", shiftProbability);
        requireProbability("paretoTolerance", paretoTolerance);
        if (maxPhenotypeAge < 1) {
            throw new IllegalArgumentException("maxPhenotypeAge must be >= 1, was " + maxPhenotypeAge);
        }
        if (steadyGenerations < 1) {
            throw new IllegalArgumentException("steadyGenerations must be >= 1, was " + steadyGenerations);
        }
        if (maxGenerations < 1) {
            throw new IllegalArgumentException("maxGenerations must be >= 1, was " + maxGenerations);
        }
        if (timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("timeBudget must be positive, was " + timeBudget);
        }
        if (!(tieBreakWeight >= 0 && tieBreakWeight <= 1e-3)) {
            throw new IllegalArgumentException("tieBreakWeight must be in [0, 1e-3], was " + tieBreakWeight);
        }
        if (localSearchMoves < 0) {
            throw new IllegalArgumentException("localSearchMoves must be >= 0, was " + localSearchMoves);
        }
        weights.forEach((goal, weight) -> {
            Objects.requireNonNull(goal, "goal");
            if (weight == null || !Double.isFinite(weight) || weight < 0) {
                throw new IllegalArgumentException("weight of " + goal + " must be finite and >= 0, was " + weight);
            }
        });
        weights = weights.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(weights));
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
        }
    }

    public static GeneticOptimizerConfig defaults() {
        return new Builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder for {@link GeneticOptimizerConfig}, starting from the defaults. */
    public static final class Builder {
        private int populationSize = 50;
        private double offspringFraction = 0.6;
        private int eliteCount = 2;
        private int tournamentSize = 3;
        private double crossoverProbability = 0.7;
        private double swapProbability = 0.002;
        private double shiftProbability = 0.3;
        private long maxPhenotypeAge = 80;
        private int steadyGenerations = 60;
        private long maxGenerations = 100_000;
        private Duration timeBudget = Duration.ofSeconds(1);
        private long seed = 0x5EED_C0DEL;
        private boolean justification = true;
        private double tieBreakWeight = 1e-6;
        private int localSearchMoves = 200;
        private boolean stopAtLowerBound = true;
        private GoalCombination combination = GoalCombination.WEIGHTED_SUM;
        private Map<OptimizationGoal, Double> weights = Map.of();
        private double paretoTolerance = 0.05;
        private SafetyModel safetyModel = SafetyModel.defaults();

        private Builder() {
        }

        private Builder(GeneticOptimizerConfig c) {
            populationSize = c.populationSize;
            offspringFraction = c.offspringFraction;
            eliteCount = c.eliteCount;
            tournamentSize = c.tournamentSize;
            crossoverProbability = c.crossoverProbability;
            swapProbability = c.swapProbability;
            shiftProbability = c.shiftProbability;
            maxPhenotypeAge = c.maxPhenotypeAge;
            steadyGenerations = c.steadyGenerations;
            maxGenerations = c.maxGenerations;
            timeBudget = c.timeBudget;
            seed = c.seed;
            justification = c.justification;
            tieBreakWeight = c.tieBreakWeight;
            localSearchMoves = c.localSearchMoves;
            stopAtLowerBound = c.stopAtLowerBound;
            combination = c.combination;
            weights = c.weights;
            paretoTolerance = c.paretoTolerance;
            safetyModel = c.safetyModel;
        }

        public Builder populationSize(int value) {
            populationSize = value;
            return this;
        }

        public Builder offspringFraction(double value) {
            offspringFraction = value;
            return this;
        }

        public Builder eliteCount(int value) {
            eliteCount = value;
            return this;
        }

        public Builder tournamentSize(int value) {
            tournamentSize = value;
            return this;
        }

        public Builder crossoverProbability(double value) {
            crossoverProbability = value;
            return this;
        }

        public Builder swapProbability(double value) {
            swapProbability = value;
            return this;
        }

        public Builder shiftProbability(double value) {
            shiftProbability = value;
            return this;
        }

        public Builder maxPhenotypeAge(long value) {
            maxPhenotypeAge = value;
            return this;
        }

        public Builder steadyGenerations(int value) {
            steadyGenerations = value;
            return this;
        }

        public Builder maxGenerations(long value) {
            maxGenerations = value;
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

        public Builder justification(boolean value) {
            justification = value;
            return this;
        }

        public Builder tieBreakWeight(double value) {
            tieBreakWeight = value;
            return this;
        }

        public Builder localSearchMoves(int value) {
            localSearchMoves = value;
            return this;
        }

        public Builder stopAtLowerBound(boolean value) {
            stopAtLowerBound = value;
            return this;
        }

        public Builder combination(GoalCombination value) {
            combination = value;
            return this;
        }

        public Builder weights(Map<OptimizationGoal, Double> value) {
            weights = value;
            return this;
        }

        public Builder paretoTolerance(double value) {
            paretoTolerance = value;
            return this;
        }

        public Builder safetyModel(SafetyModel value) {
            safetyModel = value;
            return this;
        }

        public GeneticOptimizerConfig build() {
            return new GeneticOptimizerConfig(populationSize, offspringFraction, eliteCount, tournamentSize,
                    crossoverProbability, swapProbability, shiftProbability, maxPhenotypeAge, steadyGenerations,
                    maxGenerations, timeBudget, seed, justification, tieBreakWeight, localSearchMoves, stopAtLowerBound,
                    combination, weights, paretoTolerance, safetyModel);
        }
    }
}
