package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlternativeOptimizersTest {
    private static final InstantSource FROZEN = InstantSource.fixed(Instant.EPOCH);

    private static SimulatedAnnealingOptimizer annealing(long seed) {
        return new SimulatedAnnealingOptimizer(AnnealingConfig.defaults().toBuilder().seed(seed)
                .maxIterations(4000).steadyIterations(1500).timeBudget(Duration.ofMinutes(1)).build(), FROZEN);
    }

    @Test
    void annealingIsNeverWorseThanTheBaselineAndFeasible() {
        SplittableRandom random = new SplittableRandom(31);
        for (int trial = 0; trial < 30; trial++) {
            SchedulingProblem problem = RandomProblems.dag(random.nextLong(), 5 + random.nextInt(35),
                    1 + random.nextInt(4), 0.15, random.nextInt(3), random.nextBoolean());

            OptimizationResult result = annealing(trial).optimize(problem, List.of());

            assertThat(result.predictedMakespan()).isLessThanOrEqualTo(result.baselineMakespan());
            assertThat(result.schedule().verify(problem).violations()).isEmpty();
            assertThat(result.optimizer()).isEqualTo("annealing");
        }
    }

    @Test
    void annealingIsReproducible() {
        SchedulingProblem problem = RandomProblems.dag(12, 40, 3, 0.1, 2, false);
        assertThat(annealing(5).optimize(problem, List.of()).schedule())
                .isEqualTo(annealing(5).optimize(problem, List.of()).schedule());
    }

    @Test
    void exhaustiveFindsTheTrueOptimumAndTheHeuristicsMatchIt() {
        SplittableRandom random = new SplittableRandom(17);
        GeneticSequenceOptimizer ga = new GeneticSequenceOptimizer(GeneticOptimizerConfig.defaults().toBuilder()
                .steadyGenerations(60).maxGenerations(300).timeBudget(Duration.ofMinutes(1)).build(), FROZEN);
        for (int trial = 0; trial < 12; trial++) {
            SchedulingProblem problem = RandomProblems.dag(random.nextLong(), 7, 2 + random.nextInt(2), 0.2,
                    random.nextInt(3), false);
            double[] best = {Double.POSITIVE_INFINITY};
            ListScheduler scheduler = ListScheduler.of(problem);
            BruteForce.forEachOrder(problem, o -> best[0] = Math.min(best[0],
                    scheduler.schedule(ListScheduler.toList(o)).makespan()));

            OptimizationResult exact = ExhaustiveOptimizer.of(SafetyModel.defaults()).optimize(problem, List.of());

            assertThat(exact.predictedMakespan()).isEqualTo(best[0]);
            assertThat(exact.stopReason()).isEqualTo(StopReason.SEARCH_SPACE_EXHAUSTED);
            assertThat(ga.optimize(problem, List.of()).predictedMakespan()).as("GA trial %d", trial).isEqualTo(best[0]);
            assertThat(annealing(trial).optimize(problem, List.of()).predictedMakespan())
                    .as("SA trial %d", trial).isEqualTo(best[0]);
        }
    }

    @Test
    void exhaustiveRefusesLargePlans() {
        SchedulingProblem big = RandomProblems.dag(1, 11, 2, 0.1, 0, false);
        assertThatThrownBy(() -> ExhaustiveOptimizer.of(SafetyModel.defaults()).optimize(big, List.of()))
                .hasMessageContaining("10 tasks").hasMessageContaining("11");
    }

    @Test
    void optimizersAreInterchangeableBehindTheInterface() {
        SchedulingProblem problem = RandomProblems.dag(4, 9, 2, 0.2, 1, false);
        List<ScheduleOptimizer> optimizers = List.of(
                new GeneticSequenceOptimizer(GeneticOptimizerConfig.defaults(), FROZEN),
                annealing(1),
                ExhaustiveOptimizer.of(SafetyModel.defaults()));
        for (ScheduleOptimizer optimizer : optimizers) {
            OptimizationResult result = optimizer.optimize(problem,
                    List.of(OptimizationGoal.MINIMIZE_TIME, OptimizationGoal.MAXIMIZE_SAFETY));
            assertThat(result.schedule().verify(problem).feasible()).isTrue();
            assertThat(result.objectiveValues()).containsOnlyKeys(OptimizationGoal.MINIMIZE_TIME,
                    OptimizationGoal.MAXIMIZE_SAFETY);
        }
    }

    @Test
    void annealingConfigValidates() {
        assertThatThrownBy(() -> AnnealingConfig.builder().initialAcceptance(1).build()).hasMessageContaining("1.0");
        assertThatThrownBy(() -> AnnealingConfig.builder().maxIterations(0).build()).hasMessageContaining("0");
        assertThat(AnnealingConfig.defaults().toBuilder().build()).isEqualTo(AnnealingConfig.defaults());
    }
}
