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
import dev.continuity.core.execute.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default optimiser plans with the bulkheads the executor will enforce: a plan's schedule (its start times and
 * predicted makespan) never runs more steps of a service at once than the service's {@code maxConcurrentCalls}.
 */
class ServiceCapacityPlanTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z"));

    @TempDir
    Path dir;

    /** Eight independent 1-second LLM steps and four 1-second local ones, on four workers. */
    private static UpdatePlan plan() {
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            steps.add(new UpdateStep("r" + i, "r" + i + ".md", FileKind.MANUSCRIPT, "rewrite", "llm", List.of(), Duration.ofSeconds(1), RiskLevel.LOW,
                    0.01, List.of("test")));
        }
        for (int i = 0; i < 4; i++) {
            steps.add(new UpdateStep("l" + i, "l" + i + ".md", FileKind.NOTE, "review-marking", "local", List.of(), Duration.ofSeconds(1),
                    RiskLevel.LOW, 0.01, List.of("test")));
        }
        return new UpdatePlan("plan-capacity", ChangeContext.of(UpdateType.PLOT_CHANGE, "plot.yaml"), steps, 4, CLOCK.instant());
    }

    private static int mostAtOnce(IntelligentUpdatePlan plan, String service) {
        List<OptimizedStep> of = plan.mlOptimizedSteps().stream().filter(s -> s.step().service().equals(service)).toList();
        int most = 0;
        for (OptimizedStep s : of) {
            double t = s.plannedStart();
            most = Math.max(most, (int) of.stream().filter(o -> o.plannedStart() <= t + 1e-9 && o.plannedFinish() > t + 1e-9).count());
        }
        return most;
    }

    private void assertPlannedWithABulkheadOfTwo(Orchestrator o) {
        IntelligentUpdatePlan optimized = o.optimizeUpdateSequence(plan(), List.of(OptimizationGoal.MINIMIZE_TIME));
        assertThat(mostAtOnce(optimized, "llm")).isEqualTo(2);
        // 8 LLM seconds through 2 permits: 4 s at best; the local steps fit beside them
        assertThat(optimized.performancePredictions()).containsEntry("makespanSeconds", 4.0).containsEntry("lowerBoundSeconds", 4.0);
    }

    @Test
    void aBulkheadSetOnTheBuilderBoundsThePlan() {
        try (Orchestrator o = Orchestrators.builder(dir).clock(CLOCK).random(RandomGenerator.of("L64X128MixRandom")).workers(4)
                .service("llm", ServiceConfig.remoteDefaults().toBuilder().maxConcurrentCalls(2).build()).build()) {
            assertPlannedWithABulkheadOfTwo(o);
        }
    }

    @Test
    void aBulkheadSetInContinuityYamlBoundsThePlan() throws Exception {
        Files.writeString(dir.resolve("continuity.yaml"), "version: 1\nservices:\n  llm:\n    bulkhead: { maxConcurrentCalls: 2 }\n");
        try (Orchestrator o = Orchestrators.builder(dir).clock(CLOCK).random(RandomGenerator.of("L64X128MixRandom")).workers(4).build()) {
            assertPlannedWithABulkheadOfTwo(o);
        }
    }
}
