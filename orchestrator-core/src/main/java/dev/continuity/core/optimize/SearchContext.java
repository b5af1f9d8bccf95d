package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the optimisers share for one run: the compiled problem, the objective, the CP/MISF
 * baseline, the seed lists with their fitness, and the assembly of the final {@link
 * OptimizationResult} with the elitism guarantee (never worse than the best seed or the baseline).
 */
final class SearchContext {
    /** A named seed priority list and its scalar fitness. */
    record Seed(String name, int[] order, double fitness) {
    }

    /** A plan and its goal vector, for Pareto archives. */
    record Candidate(int[] order, double[] values) {
    }

    final SchedulingProblem problem;
    final ProblemGraph graph;
    final List<OptimizationGoal> goals;
    final GoalCombination combination;
    final SafetyModel safetyModel;
    final Objective objective;
    final Schedule baseline;
    final double[] baselineValues;
    final double baselineFitness;
    final double lowerBound;
    final List<Seed> seeds;
    final Seed bestSeed;
    private final double tieBreakWeight;

    private SearchContext(SchedulingProblem problem, List<OptimizationGoal> goals, GoalCombination combination,
            Map<OptimizationGoal, Double> weights, SafetyModel safetyModel, boolean justify,
            double tieBreakWeight) {
        this.tieBreakWeight = tieBreakWeight;
        this.problem = problem;
        this.graph = ProblemGraph.of(problem);
        this.goals = goals;
        this.combination = combination;
        this.safetyModel = safetyModel;
        double[] w = new double[goals.size()];
        for (int g = 0; g < w.length; g++) {
            w[g] = weights.getOrDefault(goals.get(g), Math.pow(2, -g));
        }
        this.objective = new Objective(graph, goals, w, safetyModel, justify, tieBreakWeight);
        this.baseline = PriorityRule.best(graph, PriorityRule.CP_MISF.order(graph));
        this.baselineValues = valuesOf(baseline);
        objective.normaliseBy(baselineValues);
        this.baselineFitness = objective.combine(baselineValues);
        this.lowerBound = problem.makespanLowerBound();
        List<Seed> list = new ArrayList<>();
        addSeed(list, "cp-misf", PriorityRule.CP_MISF.order(graph));
        addSeed(list, "cp-misf-start-order", ListScheduler.toArray(baseline.priorityOrder()));
        addSeed(list, "topological", PriorityRule.TOPOLOGICAL.order(graph));
        if (goals.contains(OptimizationGoal.MAXIMIZE_SAFETY)) {
            addSeed(list, "risk-ratio", PriorityRule.RISK_RATIO.order(graph));
        }
        if (goals.contains(OptimizationGoal.MINIMIZE_RISK_EXPOSURE)) {
            addSeed(list, "risk-descending", PriorityRule.RISK_DESCENDING.order(graph));
        }
        this.seeds = List.copyOf(list);
        Seed best = seeds.get(0);
        for (Seed s : seeds) {
            if (s.fitness() < best.fitness()) {
                best = s;
            }
        }
        this.bestSeed = best;
    }

    static SearchContext create(SchedulingProblem problem, List<OptimizationGoal> goals, GoalCombination combination,
            Map<OptimizationGoal, Double> weights, SafetyModel safetyModel, boolean justify, double tieBreakWeight) {
        Objects.requireNonNull(problem, "problem");
        return new SearchContext(problem, normaliseGoals(goals), combination, weights, safetyModel, justify,
                tieBreakWeight);
    }

    private void addSeed(List<Seed> list, String name, int[] order) {
        for (Seed s : list) {
            if (java.util.Arrays.equals(s.order(), order)) {
                return;
            }
        }
        list.add(new Seed(name, order, objective.scalar(order)));
    }

    static List<OptimizationGoal> normaliseGoals(List<OptimizationGoal> goals) {
        Objects.requireNonNull(goals, "goals");
        if (goals.isEmpty()) {
            return List.of(OptimizationGoal.MINIMIZE_TIME);
        }
        if (new HashSet<>(goals).size() != goals.size()) {
            throw new IllegalArgumentException("goals must be distinct, were " + goals);
        }
        return List.copyOf(goals);
    }

    boolean makespanOnly() {
        return goals.size() == 1 && goals.get(0) == OptimizationGoal.MINIMIZE_TIME;
    }

    /**
     * Whether the plan {@code order} with scalar {@code fitness} has a makespan equal to the lower
     * bound (makespan-only goals). The fitness includes the tie-break term, so a cheap test on it
     * comes first and the makespan is decoded only when it might be at the bound.
     */
    boolean atLowerBound(int[] order, double fitness) {
        if (!makespanOnly() || fitness > lowerBound * (1 + tieBreakWeight) + 1e-12 * Math.max(1, lowerBound)) {
            return false;
        }
        objective.scalar(order);
        return objective.decoder.makespan() <= lowerBound + 1e-12 * Math.max(1, lowerBound);
    }

    /** Goal values of an arbitrary schedule, computed from scratch. */
    double[] valuesOf(Schedule schedule) {
        SafetyAssessment safety = safetyModel.assess(problem, schedule);
        double[] v = new double[goals.size()];
        for (int g = 0; g < v.length; g++) {
            v[g] = switch (goals.get(g)) {
                case MINIMIZE_TIME -> schedule.makespan();
                case MAXIMIZE_SAFETY -> safety.safetyObjective();
                case MINIMIZE_RISK_EXPOSURE -> safety.riskExposure();
            };
        }
        return v;
    }

    /** Index of the plan chosen from {@code vectors} by goal priority with relative {@code tolerance}. */
    static int chooseByPriority(List<double[]> vectors, double tolerance) {
        List<Integer> alive = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            alive.add(i);
        }
        int dims = vectors.get(0).length;
        for (int g = 0; g < dims && alive.size() > 1; g++) {
            double best = Double.POSITIVE_INFINITY;
            for (int i : alive) {
                best = Math.min(best, vectors.get(i)[g]);
            }
            double limit = best + tolerance * Math.abs(best) + 1e-12;
            final int goal = g;
            alive.removeIf(i -> vectors.get(i)[goal] > limit);
        }
        int chosen = alive.get(0);
        for (int i : alive) {
            if (java.util.Arrays.compare(vectors.get(i), vectors.get(chosen)) < 0) {
                chosen = i;
            }
        }
        return chosen;
    }

    /**
     * The result for {@code order}. In scalar mode the plan is decoded exactly as the fitness was
     * (justification included), compared with the best seed and with the baseline schedule, and
     * replaced by the better of those if it is somehow worse.
     */
    OptimizationResult result(int[] order, boolean scalarMode, String optimizer, long generations,
            long elapsedMillis, StopReason stopReason) {
        Schedule schedule;
        ResultSource source = ResultSource.SEARCH;
        if (scalarMode) {
            double fitness = objective.scalar(order);
            schedule = Schedule.assemble(graph, objective.decoder.start, objective.decoder.finish,
                    objective.decoder.sequence);
            double tolerance = 1e-12 * Math.max(1, Math.abs(bestSeed.fitness()));
            if (fitness > bestSeed.fitness() + tolerance) {
                fitness = objective.scalar(bestSeed.order());
                schedule = Schedule.assemble(graph, objective.decoder.start, objective.decoder.finish,
                        objective.decoder.sequence);
                source = ResultSource.SEED_FALLBACK;
            }
            if (fitness > baselineFitness + 1e-12 * Math.max(1, Math.abs(baselineFitness))) {
                schedule = baseline;
                source = ResultSource.SEED_FALLBACK;
            }
        } else {
            objective.vector(order);
            schedule = Schedule.assemble(graph, objective.decoder.start, objective.decoder.finish,
                    objective.decoder.sequence);
        }
        double[] values = valuesOf(schedule);
        Map<OptimizationGoal, Double> valueMap = new EnumMap<>(OptimizationGoal.class);
        Map<OptimizationGoal, Double> baselineMap = new EnumMap<>(OptimizationGoal.class);
        for (int g = 0; g < goals.size(); g++) {
            valueMap.put(goals.get(g), values[g]);
            baselineMap.put(goals.get(g), baselineValues[g]);
        }
        double gain = baseline.makespan() > 0
                ? 100 * (baseline.makespan() - schedule.makespan()) / baseline.makespan() : 0;
        return OptimizationResult.builder()
                .schedule(schedule)
                .goals(goals)
                .combination(combination)
                .optimizer(optimizer)
                .predictedMakespan(schedule.makespan())
                .baselineMakespan(baseline.makespan())
                .gainOverBaselinePercent(gain)
                .makespanLowerBound(lowerBound)
                .safety(safetyModel.assess(problem, schedule))
                .objectiveValues(valueMap)
                .baselineObjectiveValues(baselineMap)
                .generations(generations)
                .evaluations(objective.evaluations)
                .elapsedMillis(Math.max(0, elapsedMillis))
                .stopReason(stopReason)
                .source(source)
                .build();
    }
}
