package dev.continuity.core;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.FileKind;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.OptimizedStep;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.UpdatePlan;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.UpdateType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import static dev.continuity.api.OptimizationGoal.MAXIMIZE_SAFETY;
import static dev.continuity.api.OptimizationGoal.MINIMIZE_TIME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The goals change the plan as documented: time first keeps the critical chain first and is never slower than
 * critical-path list scheduling; safety first starts the risky steps early, even at the cost of time, and is not
 * replaced by the critical-path baseline for being slower.
 */
class GoalsPlanTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z"));

    @TempDir
    Path dir;

    /** A safe chain of three 3-second steps and three risky 1-second steps (30 % failure each), on two workers. */
    private static UpdatePlan plan() {
        return new UpdatePlan("plan-goals", ChangeContext.of(UpdateType.PLOT_CHANGE, "plot.yaml"), List.of(
                step("a1", 3, 0), step("a2", 3, 0, "a1"), step("a3", 3, 0, "a2"),
                step("b1", 1, 0.3), step("b2", 1, 0.3), step("b3", 1, 0.3)), 2, CLOCK.instant());
    }

    private static UpdateStep step(String id, int seconds, double failure, String... dependsOn) {
        return new UpdateStep(id, id + ".md", FileKind.MANUSCRIPT, "review-marking", "local", List.of(dependsOn), Duration.ofSeconds(seconds),
                failure > 0 ? RiskLevel.HIGH : RiskLevel.LOW, failure, List.of("test"));
    }

    private IntelligentUpdatePlan optimize(List<OptimizationGoal> goals, SimpleMeterRegistry meters) {
        try (Orchestrator o = Orchestrators.builder(dir).clock(CLOCK).random(RandomGenerator.of("L64X128MixRandom")).workers(2)
                .meterRegistry(meters).build()) {
            return o.optimizeUpdateSequence(plan(), goals);
        }
    }

    private static Map<String, OptimizedStep> byId(IntelligentUpdatePlan plan) {
        return plan.mlOptimizedSteps().stream().collect(Collectors.toMap(s -> s.step().id(), Function.identity()));
    }

    private static double pluginFailures(SimpleMeterRegistry meters) {
        return meters.find("continuity.plugin.failures").counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void timeFirstRunsTheCriticalChainFromTheStart() {
        for (List<OptimizationGoal> goals : List.of(List.of(MINIMIZE_TIME), List.of(MINIMIZE_TIME, MAXIMIZE_SAFETY))) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            IntelligentUpdatePlan plan = optimize(goals, meters);
            assertThat(plan.optimizerId()).as("%s", goals).isEqualTo("genetic");
            assertThat(byId(plan).get("a1").plannedStart()).as("%s", goals).isZero();
            assertThat(plan.performancePredictions()).as("%s", goals).containsEntry("makespanSeconds", 9.0).containsEntry("baselineMakespanSeconds", 9.0);
            assertThat(pluginFailures(meters)).isZero();
        }
    }

    @Test
    void safetyFirstStartsTheRiskyStepsEarlyAtTheCostOfTime() {
        for (List<OptimizationGoal> goals : List.of(List.of(MAXIMIZE_SAFETY), List.of(MAXIMIZE_SAFETY, MINIMIZE_TIME))) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            IntelligentUpdatePlan plan = optimize(goals, meters);
            assertThat(plan.optimizerId()).as("%s: the optimiser's own plan, not the critical-path fallback", goals).isEqualTo("genetic");
            assertThat(pluginFailures(meters)).as("%s", goals).isZero();
            Map<String, OptimizedStep> steps = byId(plan);
            assertThat(List.of("b1", "b2", "b3")).as("%s", goals)
                    .allSatisfy(b -> assertThat(steps.get(b).plannedStart()).isLessThanOrEqualTo(steps.get("a1").plannedStart()));
            assertThat(plan.performancePredictions()).as("%s", goals).containsEntry("makespanSeconds", 10.0).containsEntry("baselineMakespanSeconds", 9.0);
        }
    }
}
