package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import io.jenetics.EliteSelector;
import io.jenetics.EnumGene;
import io.jenetics.Genotype;
import io.jenetics.PartiallyMatchedCrossover;
import io.jenetics.Phenotype;
import io.jenetics.ShiftMutator;
import io.jenetics.SwapMutator;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Codecs;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.engine.InvertibleCodec;
import io.jenetics.engine.Limits;
import io.jenetics.ext.moea.ParetoFront;
import io.jenetics.ext.moea.UFTournamentSelector;
import io.jenetics.ext.moea.Vec;
import io.jenetics.util.ISeq;
import io.jenetics.util.MSeq;
import io.jenetics.util.RandomRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The genetic update-sequence optimiser (Jenetics).
 *
 * <p><b>Encoding.</b> A chromosome is a permutation of the task indices — an activity list of
 * priorities ({@code Codecs.ofPermutation}). The serial schedule-generation scheme decodes every
 * permutation into a feasible schedule that respects precedence, the worker count and each
 * service's capacity, so there are no repair loops and no constraint handling.
 *
 * <p><b>Search.</b> The population is seeded with the CP/MISF list, the start order of the
 * CP/MISF list schedule, the topological order and, for the risk goals, the ratio-rule orders
 * (plus perturbed copies of them and random permutations). Offspring come from tournament
 * selection, partially matched crossover, swap mutation and shift (insertion) mutation; survivors
 * are chosen with elitism. Decoded schedules are improved by forward-backward justification, and
 * each time the best plan improves, a short shift-move local search polishes it and the result is
 * injected back into the population. The run stops at the first of: the makespan reaching the lower
 * bound, no improvement for {@code steadyGenerations}, the time budget ({@code
 * Limits.byExecutionTime} on the injected clock, armed when {@code optimize} is called; a generation
 * is not started when the previous one's duration says it would end past the budget), {@code
 * maxGenerations}.
 *
 * <p><b>Guarantee.</b> The best plan is tracked across all generations, starting from the best
 * seed, and the result is checked against the best seed and the CP/MISF baseline before it is
 * returned; if it were worse, the better of those is returned instead ({@link
 * ResultSource#SEED_FALLBACK}).
 *
 * <p><b>Reproducibility.</b> All randomness comes from a {@link SplittableRandom} seeded with
 * {@link GeneticOptimizerConfig#seed()}, installed with {@link RandomRegistry#with}, and the engine
 * runs on the calling thread, so the same seed gives the same result unless the time budget cuts the
 * run short. Instances are thread-safe: each call builds its own engine and workspace.
 *
 * <p>With {@link GoalCombination#PARETO} and several goals, the engine evolves goal vectors
 * (Jenetics {@code Vec}) with the {@code UFTournamentSelector}, an archive keeps the Pareto front,
 * and one plan is chosen from it (and the seeds) by goal priority.
 */
public final class GeneticSequenceOptimizer implements ScheduleOptimizer {
    private static final int PARETO_ARCHIVE_MAX = 120;
    private static final int PARETO_ARCHIVE_TRIM = 80;

    private final GeneticOptimizerConfig config;
    private final InstantSource clock;

    public GeneticSequenceOptimizer(GeneticOptimizerConfig config) {
        this(config, InstantSource.system());
    }

    /** With an injected clock for the time budget and the elapsed-time figure. */
    public GeneticSequenceOptimizer(GeneticOptimizerConfig config, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public GeneticOptimizerConfig config() {
        return config;
    }

    @Override
    public SafetyModel safetyModel() {
        return config.safetyModel();
    }

    @Override
    public OptimizationResult optimize(SchedulingProblem problem, List<OptimizationGoal> goals) {
        Objects.requireNonNull(problem, "problem");
        Predicate<Object> withinBudget = Limits.byExecutionTime(config.timeBudget(), clock);
        withinBudget.test(problem); // arms the limit: the budget counts from here
        long started = clock.millis();
        SearchContext ctx = SearchContext.create(problem, goals, config.combination(), config.weights(),
                config.safetyModel(), config.justification(), config.tieBreakWeight());
        if (ctx.graph.n <= 1) {
            return ctx.result(ctx.bestSeed.order(), true, "genetic", 0, clock.millis() - started,
                    StopReason.NOTHING_TO_OPTIMIZE);
        }
        RandomGenerator random = new SplittableRandom(config.seed());
        if (config.combination() == GoalCombination.PARETO && ctx.goals.size() > 1) {
            return RandomRegistry.with(random, r -> evolvePareto(ctx, r, withinBudget, started));
        }
        if (config.stopAtLowerBound() && ctx.atLowerBound(ctx.bestSeed.order(), ctx.bestSeed.fitness())) {
            return ctx.result(ctx.bestSeed.order(), true, "genetic", 0, clock.millis() - started,
                    StopReason.LOWER_BOUND_REACHED);
        }
        return RandomRegistry.with(random, r -> evolveScalar(ctx, r, withinBudget, started));
    }

    private OptimizationResult evolveScalar(SearchContext ctx, RandomGenerator random,
            Predicate<Object> withinBudget, long started) {
        int n = ctx.graph.n;
        Objective objective = ctx.objective;
        InvertibleCodec<int[], EnumGene<Integer>> codec = Codecs.ofPermutation(n);
        Function<int[], Double> fitness = objective::scalar;
        Engine<EnumGene<Integer>, Double> engine = Engine.builder(fitness, codec)
                .minimizing()
                .populationSize(config.populationSize())
                .offspringFraction(config.offspringFraction())
                .offspringSelector(new TournamentSelector<>(config.tournamentSize()))
                .survivorsSelector(new EliteSelector<EnumGene<Integer>, Double>(config.eliteCount(),
                        new TournamentSelector<>(config.tournamentSize())))
                .alterers(
                        new PartiallyMatchedCrossover<>(config.crossoverProbability()),
                        new SwapMutator<>(config.swapProbability()),
                        new ShiftMutator<>(config.shiftProbability()))
                .maximalPhenotypeAge(config.maxPhenotypeAge())
                .executor(Runnable::run)
                .clock(clock)
                .build();

        List<Phenotype<EnumGene<Integer>, Double>> population = new ArrayList<>();
        for (SearchContext.Seed seed : ctx.seeds) {
            population.add(Phenotype.of(codec.encode(seed.order()), 1, seed.fitness()));
        }
        addPerturbedAndRandom(ctx, codec, random, population);

        Predicate<EvolutionResult<?, Double>> steady = Limits.bySteadyFitness(config.steadyGenerations());
        ShiftLocalSearch localSearch = new ShiftLocalSearch(objective);
        int[] bestOrder = ctx.bestSeed.order();
        double bestFitness = ctx.bestSeed.fitness();
        if (config.localSearchMoves() > 0) {
            ShiftLocalSearch.Outcome polished = localSearch.run(bestOrder, bestFitness,
                    config.localSearchMoves(), random, () -> withinBudget.test(ctx));
            if (polished.fitness() < bestFitness) {
                bestFitness = polished.fitness();
                bestOrder = polished.sequence();
                population.set(population.size() - 1, Phenotype.of(codec.encode(bestOrder), 1, bestFitness));
            }
        }
        EvolutionStart<EnumGene<Integer>, Double> start = EvolutionStart.of(ISeq.of(population), 1);
        long generations = 0;
        StopReason reason;
        long budget = config.timeBudget().toMillis();
        long lastGeneration = 0;
        while (true) {
            if (config.stopAtLowerBound() && ctx.atLowerBound(bestOrder, bestFitness)) {
                reason = StopReason.LOWER_BOUND_REACHED;
                break;
            }
            long generationStart = clock.millis();
            if (generationStart - started + lastGeneration > budget) {
                reason = StopReason.TIME_BUDGET; // the next generation would overrun the budget
                break;
            }
            EvolutionResult<EnumGene<Integer>, Double> result = engine.evolve(start);
            generations++;
            Phenotype<EnumGene<Integer>, Double> best = result.bestPhenotype();
            Phenotype<EnumGene<Integer>, Double> injected = null;
            if (best.fitness() < bestFitness) {
                bestFitness = best.fitness();
                bestOrder = codec.decode(best.genotype());
                if (config.localSearchMoves() > 0 && !ctx.atLowerBound(bestOrder, bestFitness)) {
                    ShiftLocalSearch.Outcome polished = localSearch.run(bestOrder, bestFitness,
                            config.localSearchMoves(), random, () -> withinBudget.test(ctx));
                    if (polished.fitness() < bestFitness) {
                        bestFitness = polished.fitness();
                        bestOrder = polished.sequence();
                        injected = Phenotype.of(codec.encode(bestOrder), result.generation(), bestFitness);
                    }
                }
            }
            if (config.stopAtLowerBound() && ctx.atLowerBound(bestOrder, bestFitness)) {
                reason = StopReason.LOWER_BOUND_REACHED;
                break;
            }
            if (!withinBudget.test(result)) {
                reason = StopReason.TIME_BUDGET;
                break;
            }
            lastGeneration = clock.millis() - generationStart;
            if (!steady.test(result)) {
                reason = StopReason.STEADY_FITNESS;
                break;
            }
            if (generations >= config.maxGenerations()) {
                reason = StopReason.GENERATION_LIMIT;
                break;
            }
            start = injected == null
                    ? result.next()
                    : EvolutionStart.of(replaceWorst(result.population(), injected), result.generation() + 1);
        }
        return ctx.result(bestOrder, true, "genetic", generations, clock.millis() - started, reason);
    }

    private OptimizationResult evolvePareto(SearchContext ctx, RandomGenerator random,
            Predicate<Object> withinBudget, long started) {
        int n = ctx.graph.n;
        Objective objective = ctx.objective;
        InvertibleCodec<int[], EnumGene<Integer>> codec = Codecs.ofPermutation(n);
        Function<int[], Vec<double[]>> fitness = order -> Vec.of(objective.vector(order));
        Engine<EnumGene<Integer>, Vec<double[]>> engine = Engine.builder(fitness, codec)
                .minimizing()
                .populationSize(config.populationSize())
                .offspringFraction(config.offspringFraction())
                .offspringSelector(new TournamentSelector<>(config.tournamentSize()))
                .survivorsSelector(UFTournamentSelector.ofVec())
                .alterers(
                        new PartiallyMatchedCrossover<>(config.crossoverProbability()),
                        new SwapMutator<>(config.swapProbability()),
                        new ShiftMutator<>(config.shiftProbability()))
                .maximalPhenotypeAge(config.maxPhenotypeAge())
                .executor(Runnable::run)
                .clock(clock)
                .build();

        // Minimisation: a dominates b when b dominates a in Jenetics' maximising sense.
        ParetoFront<SearchContext.Candidate> archive = new ParetoFront<>(
                (a, b) -> Vec.dominance(b.values(), a.values()),
                (a, b) -> Arrays.equals(a.values(), b.values()));
        List<SearchContext.Candidate> seedCandidates = new ArrayList<>();
        List<Phenotype<EnumGene<Integer>, Vec<double[]>>> population = new ArrayList<>();
        for (SearchContext.Seed seed : ctx.seeds) {
            double[] values = objective.vector(seed.order());
            seedCandidates.add(new SearchContext.Candidate(seed.order(), values));
            population.add(Phenotype.of(codec.encode(seed.order()), 1, Vec.of(values)));
        }
        archive.addAll(seedCandidates);
        addPerturbedAndRandom(ctx, codec, random, population);

        EvolutionStart<EnumGene<Integer>, Vec<double[]>> start = EvolutionStart.of(ISeq.of(population), 1);
        long generations = 0;
        int unchanged = 0;
        StopReason reason;
        while (true) {
            EvolutionResult<EnumGene<Integer>, Vec<double[]>> result = engine.evolve(start);
            generations++;
            boolean changed = false;
            for (Phenotype<EnumGene<Integer>, Vec<double[]>> pt : result.population()) {
                changed |= archive.add(new SearchContext.Candidate(codec.decode(pt.genotype()), pt.fitness().data()));
            }
            if (archive.size() > PARETO_ARCHIVE_MAX) {
                archive.trim(PARETO_ARCHIVE_TRIM,
                        (a, b, i) -> Double.compare(a.values()[i], b.values()[i]),
                        (a, b, i) -> a.values()[i] - b.values()[i],
                        c -> c.values().length);
            }
            unchanged = changed ? 0 : unchanged + 1;
            if (!withinBudget.test(result)) {
                reason = StopReason.TIME_BUDGET;
                break;
            }
            if (unchanged >= config.steadyGenerations()) {
                reason = StopReason.STEADY_FITNESS;
                break;
            }
            if (generations >= config.maxGenerations()) {
                reason = StopReason.GENERATION_LIMIT;
                break;
            }
            start = result.next();
        }
        List<SearchContext.Candidate> candidates = new ArrayList<>(archive);
        candidates.addAll(seedCandidates);
        int chosen = SearchContext.chooseByPriority(
                candidates.stream().map(SearchContext.Candidate::values).toList(), config.paretoTolerance());
        return ctx.result(candidates.get(chosen).order(), false, "genetic-pareto", generations,
                clock.millis() - started, reason);
    }

    /** Fills the population up: a quarter perturbed seed copies (a few random shifts), the rest random. */
    private <C extends Comparable<? super C>> void addPerturbedAndRandom(SearchContext ctx,
            InvertibleCodec<int[], EnumGene<Integer>> codec, RandomGenerator random,
            List<Phenotype<EnumGene<Integer>, C>> population) {
        int size = config.populationSize();
        while (population.size() > size) {
            population.remove(population.size() - 1);
        }
        int n = ctx.graph.n;
        int perturbed = size / 4;
        int[] buffer = new int[n];
        for (int i = 0; i < perturbed && population.size() < size; i++) {
            int[] order = ctx.seeds.get(i % ctx.seeds.size()).order().clone();
            int shifts = 1 + random.nextInt(3);
            for (int s = 0; s < shifts; s++) {
                ShiftLocalSearch.shift(order, buffer, random.nextInt(n), random.nextInt(n));
                System.arraycopy(buffer, 0, order, 0, n);
            }
            population.add(Phenotype.of(codec.encode(order), 1));
        }
        while (population.size() < size) {
            Genotype<EnumGene<Integer>> genotype = codec.encoding().newInstance();
            population.add(Phenotype.of(genotype, 1));
        }
    }

    private static <C extends Comparable<? super C>> ISeq<Phenotype<EnumGene<Integer>, C>> replaceWorst(
            ISeq<Phenotype<EnumGene<Integer>, C>> population, Phenotype<EnumGene<Integer>, C> replacement) {
        int worst = 0;
        for (int i = 1; i < population.size(); i++) {
            if (population.get(i).fitness().compareTo(population.get(worst).fitness()) > 0) {
                worst = i;
            }
        }
        MSeq<Phenotype<EnumGene<Integer>, C>> copy = MSeq.of(population);
        copy.set(worst, replacement);
        return copy.toISeq();
    }
}
