package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenetics.EnumGene;
import io.jenetics.engine.Codecs;
import io.jenetics.engine.InvertibleCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneticSequenceOptimizerTest {
    /** A clock that never moves: runs end by generations, so they are exactly reproducible. */
    private static final InstantSource FROZEN = InstantSource.fixed(Instant.EPOCH);

    private static GeneticOptimizerConfig quick(long seed) {
        return GeneticOptimizerConfig.defaults().toBuilder()
                .seed(seed).steadyGenerations(25).maxGenerations(150).timeBudget(Duration.ofMinutes(1)).build();
    }

    @Test
    void neverWorseThanAnySeedAcrossManyRandomInstances() {
        SplittableRandom random = new SplittableRandom(2024);
        int strictlyBetter = 0;
        for (int trial = 0; trial < 80; trial++) {
            int n = 5 + random.nextInt(40);
            int workers = 1 + random.nextInt(4);
            SchedulingProblem problem = RandomProblems.dag(random.nextLong(), n, workers,
                    0.05 + random.nextDouble() * 0.3, random.nextInt(4), random.nextBoolean());

            OptimizationResult result = new GeneticSequenceOptimizer(quick(trial), FROZEN)
                    .optimize(problem, List.of(OptimizationGoal.MINIMIZE_TIME));

            double cpMisf = PriorityRule.CP_MISF.schedule(problem).makespan();
            double topological = PriorityRule.TOPOLOGICAL.schedule(problem).makespan();
            assertThat(result.predictedMakespan()).as("trial %d", trial)
                    .isLessThanOrEqualTo(cpMisf).isLessThanOrEqualTo(topological)
                    .isGreaterThanOrEqualTo(problem.makespanLowerBound() - 1e-9);
            assertThat(result.baselineMakespan()).isEqualTo(cpMisf);
            assertThat(result.gainOverBaselinePercent()).isGreaterThanOrEqualTo(0);
            assertThat(result.schedule().verify(problem).violations()).isEmpty();
            assertThat(ListScheduler.of(problem).schedule(result.schedule().priorityOrder()).makespan())
                    .as("the priority order reproduces the plan").isEqualTo(result.predictedMakespan());
            if (result.predictedMakespan() < cpMisf) {
                strictlyBetter++;
            }
        }
        assertThat(strictlyBetter).isPositive();
    }

    @Test
    void weightedGoalsAreNeverWorseThanTheBaselineOnTheCombinedObjective() {
        SplittableRandom random = new SplittableRandom(7);
        List<OptimizationGoal> goals = List.of(OptimizationGoal.MINIMIZE_TIME, OptimizationGoal.MAXIMIZE_SAFETY,
                OptimizationGoal.MINIMIZE_RISK_EXPOSURE);
        for (int trial = 0; trial < 12; trial++) {
            SchedulingProblem problem = RandomProblems.dag(random.nextLong(), 8 + random.nextInt(20),
                    1 + random.nextInt(3), 0.15, 2, false);

            OptimizationResult result = new GeneticSequenceOptimizer(quick(trial).toBuilder()
                    .maxGenerations(40).build(), FROZEN).optimize(problem, goals);

            double combined = 0;
            double baseline = 0;
            for (int g = 0; g < goals.size(); g++) {
                double weight = Math.pow(2, -g);
                double scale = result.baselineObjectiveValues().get(goals.get(g));
                scale = scale > 0 ? scale : 1;
                combined += weight * result.objectiveValues().get(goals.get(g)) / scale;
                baseline += weight * result.baselineObjectiveValues().get(goals.get(g)) / scale;
            }
            assertThat(combined).as("trial %d", trial).isLessThanOrEqualTo(baseline + 1e-9);
            assertThat(result.schedule().verify(problem).feasible()).isTrue();
        }
    }

    @Test
    void sameSeedGivesTheSameResult() {
        SchedulingProblem problem = RandomProblems.dag(5, 40, 3, 0.1, 2, false);
        GeneticOptimizerConfig config = quick(42);

        OptimizationResult first = new GeneticSequenceOptimizer(config, FROZEN).optimize(problem, List.of());
        OptimizationResult second = new GeneticSequenceOptimizer(config, FROZEN).optimize(problem, List.of());

        assertThat(second.schedule()).isEqualTo(first.schedule());
        assertThat(second.generations()).isEqualTo(first.generations());
        assertThat(second.evaluations()).isEqualTo(first.evaluations());
        assertThat(first.goals()).containsExactly(OptimizationGoal.MINIMIZE_TIME);
    }

    @Test
    void sameSeedGivesTheSameResultWithARealClockWhenTheBudgetIsNotTheLimit() {
        SchedulingProblem problem = RandomProblems.dag(6, 30, 2, 0.1, 1, false);
        GeneticOptimizerConfig config = quick(9).toBuilder().timeBudget(Duration.ofSeconds(30)).build();

        OptimizationResult first = new GeneticSequenceOptimizer(config).optimize(problem, List.of());
        OptimizationResult second = new GeneticSequenceOptimizer(config).optimize(problem, List.of());

        assertThat(first.stopReason()).isNotEqualTo(StopReason.TIME_BUDGET);
        assertThat(second.schedule()).isEqualTo(first.schedule());
    }

    @Test
    void stopsAtTheLowerBoundAndHandlesTrivialPlans() {
        SchedulingProblem chain = SchedulingProblem.of(List.of(Task.of("a", 2), Task.of("b", 3, 0)), 4);
        OptimizationResult result = new GeneticSequenceOptimizer(quick(1), FROZEN).optimize(chain, List.of());
        assertThat(result.stopReason()).isEqualTo(StopReason.LOWER_BOUND_REACHED);
        assertThat(result.predictedMakespan()).isEqualTo(5);
        assertThat(result.gapToLowerBoundPercent()).isZero();

        SchedulingProblem single = SchedulingProblem.of(List.of(Task.of("only", 4)), 1);
        assertThat(new GeneticSequenceOptimizer(quick(1), FROZEN).optimize(single, List.of()).stopReason())
                .isEqualTo(StopReason.NOTHING_TO_OPTIMIZE);
        SchedulingProblem empty = SchedulingProblem.of(List.of(), 1);
        assertThat(new GeneticSequenceOptimizer(quick(1), FROZEN).optimize(empty, List.of()).predictedMakespan())
                .isZero();
    }

    @Test
    void timeBudgetStopsTheSearch() {
        // A clock that jumps a minute per reading exhausts any budget at the first check.
        InstantSource racing = new InstantSource() {
            private Instant now = Instant.EPOCH;

            @Override
            public Instant instant() {
                now = now.plusSeconds(60);
                return now;
            }
        };
        SchedulingProblem problem = RandomProblems.dag(3, 60, 3, 0.08, 0, false);
        GeneticOptimizerConfig config = quick(1).toBuilder().timeBudget(Duration.ofSeconds(1)).build();

        OptimizationResult result = new GeneticSequenceOptimizer(config, racing).optimize(problem, List.of());

        assertThat(result.stopReason()).isIn(StopReason.TIME_BUDGET, StopReason.LOWER_BOUND_REACHED);
        assertThat(result.generations()).isLessThanOrEqualTo(1);
        assertThat(result.predictedMakespan()).isLessThanOrEqualTo(result.baselineMakespan());
    }

    @Test
    void paretoChoiceIsNotDominatedByTheBaselineAndRespectsGoalPriority() {
        List<OptimizationGoal> goals = List.of(OptimizationGoal.MAXIMIZE_SAFETY, OptimizationGoal.MINIMIZE_TIME);
        GeneticOptimizerConfig config = quick(3).toBuilder().combination(GoalCombination.PARETO)
                .maxGenerations(60).build();
        for (long seed = 1; seed <= 5; seed++) {
            SchedulingProblem problem = RandomProblems.dag(seed, 25, 2, 0.1, 1, false);

            OptimizationResult result = new GeneticSequenceOptimizer(config, FROZEN).optimize(problem, goals);

            double safety = result.objectiveValues().get(OptimizationGoal.MAXIMIZE_SAFETY);
            double time = result.objectiveValues().get(OptimizationGoal.MINIMIZE_TIME);
            double baseSafety = result.baselineObjectiveValues().get(OptimizationGoal.MAXIMIZE_SAFETY);
            double baseTime = result.baselineObjectiveValues().get(OptimizationGoal.MINIMIZE_TIME);
            boolean dominated = baseSafety <= safety && baseTime <= time && (baseSafety < safety || baseTime < time);
            assertThat(dominated).as("seed %d", seed).isFalse();
            // safety comes first: within the 5 % tolerance of the best safety, which the seeds bound
            assertThat(safety).isLessThanOrEqualTo(baseSafety * 1.05 + 1e-9);
            assertThat(result.combination()).isEqualTo(GoalCombination.PARETO);
            assertThat(result.schedule().verify(problem).feasible()).isTrue();
        }
    }

    @Test
    void chooseByPriorityKeepsToleranceThenLexicographicOrder() {
        List<double[]> front = List.of(new double[] {10, 50}, new double[] {10.4, 20}, new double[] {12, 5});
        assertThat(SearchContext.chooseByPriority(front, 0.05)).isEqualTo(1);
        assertThat(SearchContext.chooseByPriority(front, 0.0)).isEqualTo(0);
        assertThat(SearchContext.chooseByPriority(front, 0.25)).isEqualTo(2);
    }

    @Test
    void resultReportsSafetyAndCheckpoints() {
        SchedulingProblem problem = RandomProblems.dag(8, 15, 1, 0.1, 0, false);
        OptimizationResult result = new GeneticSequenceOptimizer(quick(1).toBuilder()
                .safetyModel(new SafetyModel(0.5, true)).build(), FROZEN)
                .optimize(problem, List.of(OptimizationGoal.MAXIMIZE_SAFETY));

        assertThat(result.expectedLostWorkWithCheckpoints())
                .isLessThanOrEqualTo(result.expectedLostWorkWithoutCheckpoints());
        assertThat(result.checkpoints()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.reason()).startsWith("after '" + c.afterTaskId() + "'"));
        assertThat(result.objectiveValues().get(OptimizationGoal.MAXIMIZE_SAFETY))
                .isLessThanOrEqualTo(result.baselineObjectiveValues().get(OptimizationGoal.MAXIMIZE_SAFETY) + 1e-9);
        assertThat(result.optimizer()).isEqualTo("genetic");
    }

    @Test
    void rejectsDuplicateGoals() {
        SchedulingProblem problem = RandomProblems.dag(1, 5, 1, 0.1, 0, false);
        assertThatThrownBy(() -> new GeneticSequenceOptimizer(quick(1), FROZEN).optimize(problem,
                List.of(OptimizationGoal.MINIMIZE_TIME, OptimizationGoal.MINIMIZE_TIME)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
    }

    @Test
    void configValidatesWithTheBadValueInTheMessage() {
        GeneticOptimizerConfig.Builder b = GeneticOptimizerConfig.defaults().toBuilder();
        assertThatThrownBy(() -> b.populationSize(2).build()).hasMessageContaining("populationSize").hasMessageContaining("2");
        assertThatThrownBy(() -> GeneticOptimizerConfig.builder().crossoverProbability(1.2).build())
                .hasMessageContaining("1.2");
        assertThatThrownBy(() -> GeneticOptimizerConfig.builder().timeBudget(Duration.ZERO).build())
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> GeneticOptimizerConfig.builder().eliteCount(50).build())
                .hasMessageContaining("eliteCount").hasMessageContaining("50");
        assertThatThrownBy(() -> GeneticOptimizerConfig.builder()
                .weights(Map.of(OptimizationGoal.MINIMIZE_TIME, -1.0)).build()).hasMessageContaining("-1.0");
        GeneticOptimizerConfig custom = GeneticOptimizerConfig.builder().seed(77).populationSize(30).build();
        assertThat(custom.toBuilder().build()).isEqualTo(custom);
        assertThat(GeneticOptimizerConfig.defaults()).isEqualTo(GeneticOptimizerConfig.builder().build());
    }

    @Test
    void permutationCodecRoundTripsTheOrders() {
        InvertibleCodec<int[], EnumGene<Integer>> codec = Codecs.ofPermutation(9);
        int[] order = {3, 1, 4, 0, 5, 8, 2, 6, 7};
        assertThat(codec.decode(codec.encode(order))).containsExactly(order);
    }
}
