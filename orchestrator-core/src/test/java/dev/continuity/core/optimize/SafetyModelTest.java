package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The safety model against brute force over orders and checkpoint placements. */
class SafetyModelTest {
    private static final double EPS = 1e-9;

    private static Schedule sequential(SchedulingProblem problem, int[] order) {
        return ListScheduler.of(problem).schedule(ListScheduler.toList(order));
    }

    private static GeneticSequenceOptimizer ga(SafetyModel model, long seed) {
        return new GeneticSequenceOptimizer(GeneticOptimizerConfig.defaults().toBuilder()
                .seed(seed).safetyModel(model).steadyGenerations(80).maxGenerations(400)
                .timeBudget(Duration.ofMinutes(1)).build(), java.time.InstantSource.fixed(java.time.Instant.EPOCH));
    }

    @Test
    void handComputedExample() {
        // a(10, p=.1) then b(20, p=.5): loss = .1*10 + .9*.5*30 = 14.5; a checkpoint after a (cost 1,
        // paid with probability .9) makes it .1*10 + .9*.5*20 + .9*1 = 10.9
        SchedulingProblem problem = SchedulingProblem.of(List.of(
                Task.builder("a").duration(10).failureProbability(0.1).build(),
                Task.builder("b").duration(20).failureProbability(0.5).predecessors(0).build()), 1);
        Schedule schedule = sequential(problem, new int[] {0, 1});

        SafetyAssessment none = SafetyModel.withoutCheckpoints().assess(problem, schedule);
        SafetyAssessment adaptive = new SafetyModel(1, true).assess(problem, schedule);

        assertThat(none.expectedLostWorkWithoutCheckpoints()).isCloseTo(14.5, within(EPS));
        assertThat(none.checkpoints()).isEmpty();
        assertThat(none.successProbability()).isCloseTo(0.45, within(EPS));
        assertThat(none.riskExposure()).isCloseTo(0.45, within(EPS)); // .9*.5*1 result rolled back
        assertThat(adaptive.expectedLostWorkWithCheckpoints()).isCloseTo(10.0, within(EPS));
        assertThat(adaptive.expectedCheckpointCost()).isCloseTo(0.9, within(EPS));
        assertThat(adaptive.safetyObjective()).isCloseTo(10.9, within(EPS));
        assertThat(adaptive.riskExposure()).isCloseTo(0, within(EPS));
        assertThat(adaptive.checkpoints()).singleElement().satisfies(c -> {
            assertThat(c.afterTaskId()).isEqualTo("a");
            assertThat(c.position()).isEqualTo(1);
            assertThat(c.protectedWork()).isEqualTo(10);
            assertThat(c.segmentRisk()).isCloseTo(0.1, within(EPS));
            assertThat(c.expectedSaving()).isCloseTo(14.5 - 10.9, within(EPS));
            assertThat(c.reason()).contains("after 'a'").contains("persists 10.0 s");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 9})
    void checkpointPlanIsOptimalOverAllPlacements(int n) {
        SplittableRandom random = new SplittableRandom(n);
        for (int trial = 0; trial < 30; trial++) {
            SchedulingProblem problem = RandomProblems.independent(random.nextLong(), n);
            int[] order = RandomProblems.permutation(random, n);
            double cost = random.nextInt(4) * 2.5;

            SafetyAssessment a = new SafetyModel(cost, true).assess(problem, sequential(problem, order));

            assertThat(a.safetyObjective()).isCloseTo(BruteForce.bestOverCheckpoints(problem, order, cost), within(EPS));
            long mask = 0;
            for (Checkpoint c : a.checkpoints()) {
                mask |= 1L << (c.position() - 1);
                assertThat(c.expectedSaving()).isGreaterThan(-EPS);
            }
            assertThat(BruteForce.safety(problem, order, mask, cost)).isCloseTo(a.safetyObjective(), within(EPS));
            assertThat(a.expectedLostWorkWithoutCheckpoints())
                    .isCloseTo(BruteForce.safety(problem, order, 0, cost), within(EPS));
        }
    }

    @Test
    void linearCheckpointPlanMatchesAQuadraticReferenceOnLongOrders() {
        SplittableRandom random = new SplittableRandom(77);
        for (int trial = 0; trial < 40; trial++) {
            int n = 10 + random.nextInt(70);
            List<Task> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                tasks.add(Task.builder("s" + i)
                        .duration(random.nextInt(5) == 0 ? 0 : random.nextInt(1, 30))
                        .failureProbability(random.nextInt(4) == 0 ? 0 : random.nextDouble() * 0.2).build());
            }
            SchedulingProblem problem = SchedulingProblem.of(tasks, 1);
            int[] order = RandomProblems.permutation(random, n);
            double cost = random.nextDouble() * 10;

            SafetyAssessment a = new SafetyModel(cost, true).assess(problem, sequential(problem, order));

            double reference = BruteForce.quadraticCheckpointPlan(problem, ListScheduler.toArray(a.commitOrder()), cost);
            assertThat(a.safetyObjective()).as("trial %d", trial).isCloseTo(reference, within(1e-7 * (1 + reference)));
        }
    }

    @Test
    void ratioRuleIsOptimalWithoutPrecedenceAndTheSolversFindIt() {
        SafetyModel model = SafetyModel.withoutCheckpoints();
        for (long seed = 1; seed <= 6; seed++) {
            SchedulingProblem problem = RandomProblems.independent(seed, 8);
            double[] best = {Double.POSITIVE_INFINITY};
            BruteForce.forEachOrder(problem, o -> best[0] = Math.min(best[0], BruteForce.safety(problem, o, 0, 0)));

            int[] ratio = ListScheduler.toArray(PriorityRule.RISK_RATIO.priorityOrder(problem));
            OptimizationResult exact = ExhaustiveOptimizer.of(model).optimize(problem, List.of(OptimizationGoal.MAXIMIZE_SAFETY));
            OptimizationResult genetic = ga(model, seed).optimize(problem, List.of(OptimizationGoal.MAXIMIZE_SAFETY));

            assertThat(BruteForce.safety(problem, ratio, 0, 0)).isCloseTo(best[0], within(EPS));
            assertThat(exact.objectiveValues().get(OptimizationGoal.MAXIMIZE_SAFETY)).isCloseTo(best[0], within(EPS));
            assertThat(genetic.objectiveValues().get(OptimizationGoal.MAXIMIZE_SAFETY)).isCloseTo(best[0], within(EPS));
        }
    }

    @Test
    void nineStepsWithoutPrecedenceMatchBruteForceOverAllOrders() {
        SchedulingProblem problem = RandomProblems.independent(99, 9);
        double[] best = {Double.POSITIVE_INFINITY};
        BruteForce.forEachOrder(problem, o -> best[0] = Math.min(best[0], BruteForce.safety(problem, o, 0, 0)));

        OptimizationResult genetic = ga(SafetyModel.withoutCheckpoints(), 3)
                .optimize(problem, List.of(OptimizationGoal.MAXIMIZE_SAFETY));

        assertThat(genetic.expectedLostWorkWithoutCheckpoints()).isCloseTo(best[0], within(EPS));
        assertThat(ListScheduler.toArray(genetic.safety().commitOrder()))
                .satisfies(o -> assertThat(BruteForce.safety(problem, o, 0, 0)).isCloseTo(best[0], within(EPS)));
    }

    @Test
    void exposureRuleIsMostLikelyToFailFirst() {
        for (long seed = 1; seed <= 4; seed++) {
            SchedulingProblem problem = RandomProblems.independent(seed, 7);
            double[] best = {Double.POSITIVE_INFINITY};
            BruteForce.forEachOrder(problem, o -> best[0] = Math.min(best[0], BruteForce.exposure(problem, o)));
            int[] rule = ListScheduler.toArray(PriorityRule.RISK_DESCENDING.priorityOrder(problem));

            OptimizationResult genetic = ga(SafetyModel.withoutCheckpoints(), seed)
                    .optimize(problem, List.of(OptimizationGoal.MINIMIZE_RISK_EXPOSURE));

            assertThat(BruteForce.exposure(problem, rule)).isCloseTo(best[0], within(EPS));
            assertThat(genetic.safety().riskExposure()).isCloseTo(best[0], within(EPS));
        }
    }

    @Test
    void withPrecedenceAndCheckpointsTheSolversMatchBruteForceOverOrdersAndPlacements() {
        SafetyModel model = new SafetyModel(2.0, true);
        for (long seed = 1; seed <= 8; seed++) {
            SchedulingProblem dag = RandomProblems.dag(seed, 7, 1, 0.25, 0, false);
            double[] best = {Double.POSITIVE_INFINITY};
            BruteForce.forEachOrder(dag, o -> best[0] = Math.min(best[0], BruteForce.bestOverCheckpoints(dag, o, 2.0)));

            OptimizationResult exact = ExhaustiveOptimizer.of(model).optimize(dag, List.of(OptimizationGoal.MAXIMIZE_SAFETY));
            OptimizationResult genetic = ga(model, seed).optimize(dag, List.of(OptimizationGoal.MAXIMIZE_SAFETY));

            assertThat(exact.safety().safetyObjective()).as("exhaustive, seed %d", seed).isCloseTo(best[0], within(EPS));
            assertThat(genetic.safety().safetyObjective()).as("genetic, seed %d", seed).isCloseTo(best[0], within(EPS));
            assertThat(genetic.schedule().verify(dag).feasible()).isTrue();
        }
    }

    @Test
    void rejectsNegativeCheckpointCost() {
        assertThatThrownBy(() -> new SafetyModel(-1, true)).hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new SafetyModel(Double.POSITIVE_INFINITY, true)).hasMessageContaining("Infinity");
    }
}
