package dev.continuity.core.optimize;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.FileKind;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.OptimizedStep;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.UpdatePlan;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.UpdateType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OptimizedPlanCheckTest {

    private static final List<OptimizationGoal> TIME = List.of(OptimizationGoal.MINIMIZE_TIME);

    private static UpdateStep step(String id, double seconds, String... dependsOn) {
        return new UpdateStep(id, "files/" + id + ".md", FileKind.MANUSCRIPT, "h", "local", List.of(dependsOn),
                Duration.ofMillis((long) (seconds * 1000)), RiskLevel.LOW, 0.01, List.of("because"));
    }

    /**
     * Two workers. Critical-path order starts the chain a -> b -> c at once, beside the long x: 6 s. Starting x and y
     * first delays the chain: 8 s.
     */
    static UpdatePlan plan() {
        return new UpdatePlan("p1", ChangeContext.of(UpdateType.PLOT_CHANGE, "plot.yaml"), List.of(
                step("a", 2), step("b", 2, "a"), step("c", 2, "b"), step("x", 4), step("y", 2)), 2,
                Instant.parse("2026-11-21T00:00:00Z"));
    }

    static IntelligentUpdatePlan inOrder(UpdatePlan plan, List<UpdateStep> steps) {
        List<OptimizedStep> ordered = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            ordered.add(new OptimizedStep(steps.get(k), k, 0, 0, 0));
        }
        IntelligentUpdatePlan base = new CriticalPathOptimizer().optimize(plan, TIME);
        return new IntelligentUpdatePlan(plan.planId(), ordered, base.dynamicDependencies(), java.util.Map.of(),
                List.of(), List.of(), java.util.Map.of(), "custom", TIME, plan.workers());
    }

    private static List<UpdateStep> byId(UpdatePlan plan, String... ids) {
        return java.util.Arrays.stream(ids).map(id -> plan.steps().stream().filter(s -> s.id().equals(id))
                .findFirst().orElseThrow()).toList();
    }

    @Test
    void theBaselinesOwnPlanPasses() {
        UpdatePlan plan = plan();
        assertThat(OptimizedPlanCheck.problem(plan, new CriticalPathOptimizer().optimize(plan, TIME), TIME, true))
                .isEmpty();
        assertThat(OptimizedPlanCheck.problem(plan, inOrder(plan, byId(plan, "a", "x", "b", "y", "c")), TIME, true))
                .isEmpty();
    }

    @Test
    void aSlowerOrderFailsWhenTimeComesFirstOnly() {
        UpdatePlan plan = plan();
        IntelligentUpdatePlan slow = inOrder(plan, byId(plan, "x", "y", "a", "b", "c"));

        assertThat(OptimizedPlanCheck.problem(plan, slow, TIME, true)).hasValueSatisfying(why ->
                assertThat(why).contains("takes 8.000 s where critical-path list scheduling takes 6.000 s"));
        assertThat(OptimizedPlanCheck.problem(plan, slow, List.of(OptimizationGoal.MAXIMIZE_SAFETY,
                OptimizationGoal.MINIMIZE_TIME), true)).isEmpty();
        assertThat(OptimizedPlanCheck.problem(plan, slow, TIME, false)).isEmpty();
    }

    @Test
    void missingAddedRepeatedOrChangedStepsAreNamed() {
        UpdatePlan plan = plan();
        List<UpdateStep> steps = new ArrayList<>(plan.steps());

        assertThat(OptimizedPlanCheck.problem(plan, inOrder(plan, steps.subList(0, 3)), TIME, false))
                .contains("it left out 2 step(s) (x, y)");
        List<UpdateStep> extra = new ArrayList<>(steps);
        extra.add(step("z", 1));
        extra.add(steps.get(0));
        assertThat(OptimizedPlanCheck.problem(plan, inOrder(plan, extra), TIME, false))
                .contains("it added 1 step(s) (z), repeated 1 step(s) (a)");
        List<UpdateStep> changed = new ArrayList<>(steps);
        changed.set(4, new UpdateStep("y", "files/other.md", FileKind.MANUSCRIPT, "h", "local", List.of(),
                Duration.ofSeconds(2), RiskLevel.LOW, 0.01, List.of("because")));
        assertThat(OptimizedPlanCheck.problem(plan, inOrder(plan, changed), TIME, false))
                .contains("it changed 1 step(s) (y)");
        IntelligentUpdatePlan other = inOrder(plan, steps);
        IntelligentUpdatePlan renamed = new IntelligentUpdatePlan("p2", other.mlOptimizedSteps(),
                other.dynamicDependencies(), other.performancePredictions(), other.riskMitigationStrategies(),
                other.adaptiveCheckpoints(), other.learningFeedback(), other.optimizerId(), other.goals(), 2);
        assertThat(OptimizedPlanCheck.problem(plan, renamed, TIME, false)).contains("it returned plan 'p2' for plan 'p1'");
        assertThat(OptimizedPlanCheck.problem(plan, null, TIME, false)).contains("it returned no plan");
    }
}
