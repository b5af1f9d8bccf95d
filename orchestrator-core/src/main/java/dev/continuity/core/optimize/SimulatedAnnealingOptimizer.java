package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import io.jenetics.engine.Limits;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Simulated annealing over activity lists: the same serial decoder, objective, seeds and
 * guarantees as the {@link GeneticSequenceOptimizer}, with a single current plan instead of a
 * population. A move shifts one task to another position between its last predecessor and its
 * first successor; worse plans are accepted with probability {@code exp(-delta / T)}, the
 * temperature falling geometrically from a value at which an average worsening move is accepted
 * with {@link AnnealingConfig#initialAcceptance()} to {@link AnnealingConfig#finalTemperatureRatio()}
 * of it over {@link AnnealingConfig#maxIterations()} moves. Goals are combined by weighted sum.
 * Seeded and single-threaded, so the same seed gives the same result (unless the time budget cuts
 * the run short). Thread-safe: each call has its own workspace.
 */
public final class SimulatedAnnealingOptimizer implements ScheduleOptimizer {
    private static final int SAMPLE_MOVES = 32;

    private final AnnealingConfig config;
    private final InstantSource clock;

    public SimulatedAnnealingOptimizer(AnnealingConfig config) {
        this(config, InstantSource.system());
    }

    public SimulatedAnnealingOptimizer(AnnealingConfig config, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public SafetyModel safetyModel() {
        return config.safetyModel();
    }

    @Override
    public OptimizationResult optimize(SchedulingProblem problem, List<OptimizationGoal> goals) {
        Objects.requireNonNull(problem, "problem");
        Predicate<Object> withinBudget = Limits.byExecutionTime(config.timeBudget(), clock);
        withinBudget.test(problem); // arms the limit
        long started = clock.millis();
        SearchContext ctx = SearchContext.create(problem, goals, GoalCombination.WEIGHTED_SUM, config.weights(),
                config.safetyModel(), config.justification(), config.tieBreakWeight());
        int n = ctx.graph.n;
        if (n <= 1) {
            return ctx.result(ctx.bestSeed.order(), true, "annealing", 0, clock.millis() - started,
                    StopReason.NOTHING_TO_OPTIMIZE);
        }
        if (config.stopAtLowerBound() && ctx.atLowerBound(ctx.bestSeed.order(), ctx.bestSeed.fitness())) {
            return ctx.result(ctx.bestSeed.order(), true, "annealing", 0, clock.millis() - started,
                    StopReason.LOWER_BOUND_REACHED);
        }
        RandomGenerator random = new SplittableRandom(config.seed());
        Objective objective = ctx.objective;
        ProblemGraph g = ctx.graph;
        double current = objective.scalar(ctx.bestSeed.order());
        int[] sequence = objective.decoder.sequenceCopy();
        int[] position = new int[n];
        reindex(sequence, position);
        int[] candidate = new int[n];
        int[] best = sequence.clone();
        double bestValue = current;

        double temperature = initialTemperature(objective, g, sequence, position, candidate, current, random);
        double cooling = Math.pow(config.finalTemperatureRatio(), 1.0 / config.maxIterations());
        long iteration = 0;
        long lastImprovement = 0;
        StopReason reason = StopReason.GENERATION_LIMIT;
        while (iteration < config.maxIterations()) {
            if ((iteration & 63) == 0 && !withinBudget.test(ctx)) {
                reason = StopReason.TIME_BUDGET;
                break;
            }
            iteration++;
            if (randomShift(g, sequence, position, candidate, random)) {
                double value = objective.scalar(candidate);
                double delta = value - current;
                if (delta <= 0 || random.nextDouble() < Math.exp(-delta / temperature)) {
                    current = value;
                    System.arraycopy(objective.decoder.sequence, 0, sequence, 0, n);
                    reindex(sequence, position);
                    if (value < bestValue) {
                        bestValue = value;
                        System.arraycopy(sequence, 0, best, 0, n);
                        lastImprovement = iteration;
                        if (config.stopAtLowerBound() && ctx.atLowerBound(best, bestValue)) {
                            reason = StopReason.LOWER_BOUND_REACHED;
                            break;
                        }
                    }
                }
            }
            if (iteration - lastImprovement >= config.steadyIterations()) {
                reason = StopReason.STEADY_FITNESS;
                break;
            }
            temperature *= cooling;
        }
        return ctx.result(best, true, "annealing", iteration, clock.millis() - started, reason);
    }

    /** Temperature at which the mean worsening of a few random moves is accepted with the configured probability. */
    private double initialTemperature(Objective objective, ProblemGraph g, int[] sequence, int[] position,
            int[] candidate, double current, RandomGenerator random) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < SAMPLE_MOVES; i++) {
            if (randomShift(g, sequence, position, candidate, random)) {
                double delta = objective.scalar(candidate) - current;
                if (delta > 0) {
                    sum += delta;
                    count++;
                }
            }
        }
        double mean = count > 0 ? sum / count : 1e-6 * Math.max(1, Math.abs(current));
        return mean / -Math.log(config.initialAcceptance());
    }

    /** Writes into {@code candidate} a random precedence-preserving shift of {@code sequence}; false if none was drawn. */
    static boolean randomShift(ProblemGraph g, int[] sequence, int[] position, int[] candidate,
            RandomGenerator random) {
        int n = g.n;
        int from = random.nextInt(n);
        int task = sequence[from];
        int lo = 0;
        for (int p = g.predStart[task]; p < g.predStart[task + 1]; p++) {
            lo = Math.max(lo, position[g.preds[p]] + 1);
        }
        int hi = n - 1;
        for (int s = g.succStart[task]; s < g.succStart[task + 1]; s++) {
            hi = Math.min(hi, position[g.succs[s]] - 1);
        }
        if (hi <= lo) {
            return false;
        }
        int to = lo + random.nextInt(hi - lo);
        if (to >= from) {
            to++;
        }
        ShiftLocalSearch.shift(sequence, candidate, from, to);
        return true;
    }

    private static void reindex(int[] sequence, int[] position) {
        for (int i = 0; i < sequence.length; i++) {
            position[sequence[i]] = i;
        }
    }
}
