package dev.continuity.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Generated update plans whose services have capacity 1-4 (RCPSP, see {@link
 * RandomProblems#updatePlan}): how much the GA improves on CP/MISF. Prints the mean improvement;
 * it must never be negative. The slow variant is the figure quoted in docs/benchmarks.md.
 */
class ResourceConstrainedBenchmarkTest {

    static double meanImprovement(int instances, int minTasks, int maxTasks, long budgetMillis, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double sum = 0;
        double max = 0;
        int better = 0;
        for (int i = 0; i < instances; i++) {
            int n = minTasks + random.nextInt(maxTasks - minTasks + 1);
            SchedulingProblem problem = RandomProblems.updatePlan(random.nextLong(), n);
            OptimizationResult result = new GeneticSequenceOptimizer(GeneticOptimizerConfig.defaults().toBuilder()
                    .seed(i).timeBudget(Duration.ofMillis(budgetMillis)).build()).optimize(problem, List.of());
            assertThat(result.schedule().verify(problem).violations()).isEmpty();
            assertThat(result.gainOverBaselinePercent()).isGreaterThanOrEqualTo(0);
            sum += result.gainOverBaselinePercent();
            max = Math.max(max, result.gainOverBaselinePercent());
            if (result.gainOverBaselinePercent() > 0) {
                better++;
            }
        }
        double mean = sum / instances;
        System.out.printf(Locale.ROOT, "RCPSP (%d plans, %d-%d steps, service capacity 1-4, %d ms): "
                        + "mean improvement over CP/MISF %.2f %%, max %.2f %%, strictly better on %d%n",
                instances, minTasks, maxTasks, budgetMillis, mean, max, better);
        return mean;
    }

    @Test
    void improvesOnCpMisfOnSmallPlans() {
        assertThat(meanImprovement(12, 20, 60, 100, 1)).isGreaterThanOrEqualTo(0);
    }

    @Test
    @Tag("slow")
    void improvesOnCpMisfOnLargerPlans() {
        assertThat(meanImprovement(200, 30, 120, 500, 2)).isGreaterThanOrEqualTo(0);
    }
}
