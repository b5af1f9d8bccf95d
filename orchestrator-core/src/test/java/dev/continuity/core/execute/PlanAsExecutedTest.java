package dev.continuity.core.execute;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.FileKind;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.UpdatePlan;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.UpdateType;
import dev.continuity.core.optimize.GeneticOptimizerConfig;
import dev.continuity.core.optimize.GeneticSequenceOptimizer;
import dev.continuity.core.optimize.GeneticUpdateOptimizer;
import dev.continuity.core.optimize.GoalCombination;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The optimised plan against what the executor does with it. The executor does not replay the optimiser's schedule:
 * it starts ready steps, best priority first, whenever a worker and a permit of the step's service are free. Timed the
 * way {@link Execution} dispatches (by {@link RemainingSchedule}, the ETA's simulation, with the plan's own estimates),
 * the plan must take the makespan it predicts, and, when time is the first goal, no longer than the critical-path
 * baseline it reports.
 */
class PlanAsExecutedTest {
    private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");

    /** Update plans as the orchestrator builds them: 20 steps, 1-4 services with bulkheads of 1-4, 2-8 workers. */
    private static UpdatePlan randomPlan(long seed, Map<String, Integer> capacity) {
        SplittableRandom random = new SplittableRandom(seed);
        int services = 1 + random.nextInt(4);
        for (int s = 0; s < services; s++) {
            capacity.put("svc" + s, 1 + random.nextInt(4));
        }
        int n = 20;
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> deps = new ArrayList<>();
            for (int p = 0; p < i; p++) {
                if (random.nextDouble() < 3.0 / n) {
                    deps.add("s" + p);
                }
            }
            String service = random.nextDouble() < 0.7 ? "svc" + random.nextInt(services) : "local";
            steps.add(new UpdateStep("s" + i, "f" + i + ".md", FileKind.MANUSCRIPT, "h", service, deps, Duration.ofSeconds(1 + random.nextInt(10)),
                    RiskLevel.MEDIUM, Math.round(random.nextDouble() * 100) / 1000.0, List.of("test")));
        }
        return new UpdatePlan("plan-" + seed, ChangeContext.of(UpdateType.PLOT_CHANGE, "plot.yaml"), steps, 2 + random.nextInt(7), T0);
    }

    /** The makespan of the executor's dispatch of {@code plan}, every step taking its estimate. */
    private static double executed(IntelligentUpdatePlan plan, Map<String, Integer> capacity) {
        PlanGraph graph = new PlanGraph(plan);
        int n = graph.size();
        double[] left = new double[n];
        byte[] status = new byte[n];
        int[] laneOf = new int[n];
        Map<String, Integer> lanes = new LinkedHashMap<>();
        List<RemainingSchedule.Lane> limits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            left[i] = graph.estimatedNanos[i] / 1e9;
            status[i] = RemainingSchedule.WAITING;
            laneOf[i] = lanes.computeIfAbsent(graph.steps[i].service(), s -> {
                limits.add(new RemainingSchedule.Lane(capacity.getOrDefault(s, Integer.MAX_VALUE), 0, 1));
                return limits.size() - 1;
            });
        }
        return RemainingSchedule.makespan(graph, left, status, laneOf, limits.toArray(RemainingSchedule.Lane[]::new), plan.workers());
    }

    static Stream<Arguments> goals() {
        return Stream.of(
                Arguments.of(GoalCombination.WEIGHTED_SUM, List.of(OptimizationGoal.MINIMIZE_TIME)),
                Arguments.of(GoalCombination.WEIGHTED_SUM, List.of(OptimizationGoal.MINIMIZE_TIME, OptimizationGoal.MINIMIZE_RISK_EXPOSURE)),
                Arguments.of(GoalCombination.PARETO, List.of(OptimizationGoal.MINIMIZE_TIME, OptimizationGoal.MAXIMIZE_SAFETY)),
                Arguments.of(GoalCombination.WEIGHTED_SUM, List.of(OptimizationGoal.MAXIMIZE_SAFETY, OptimizationGoal.MINIMIZE_TIME)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("goals")
    void thePlanTakesWhatItPredictsWhenTheExecutorRunsIt(GoalCombination combination, List<OptimizationGoal> goals) {
        for (long seed = 1; seed <= 25; seed++) {
            Map<String, Integer> capacity = new LinkedHashMap<>();
            UpdatePlan plan = randomPlan(seed, capacity);
            GeneticUpdateOptimizer optimizer = new GeneticUpdateOptimizer(new GeneticSequenceOptimizer(GeneticOptimizerConfig.defaults().toBuilder()
                    .seed(seed).combination(combination).build(), InstantSource.fixed(T0)), capacity, "genetic");
            IntelligentUpdatePlan optimized = optimizer.optimize(plan, goals);
            double predicted = optimized.performancePredictions().get("makespanSeconds");
            double executed = executed(optimized, capacity);

            assertThat(executed).as("plan %d: what the executor does against the predicted makespan", seed).isCloseTo(predicted, within(1e-3));
            assertThat(optimized.mlOptimizedSteps().stream().mapToDouble(s -> s.plannedFinish()).max().orElseThrow())
                    .as("plan %d: the planned schedule's end", seed).isCloseTo(predicted, within(1e-3));
            if (goals.getFirst() == OptimizationGoal.MINIMIZE_TIME) {
                assertThat(executed).as("plan %d: never slower than the critical-path baseline", seed)
                        .isLessThanOrEqualTo(optimized.performancePredictions().get("baselineMakespanSeconds") + 1e-3);
            }
        }
    }
}
