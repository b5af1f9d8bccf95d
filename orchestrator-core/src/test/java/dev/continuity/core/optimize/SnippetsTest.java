package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of the Javadoc, compiled and run (keep them in sync). */
class SnippetsTest {

    @Test
    void taskJavadoc() {
        Task draft = Task.builder("chapter-03").duration(40).predecessors(0, 1)
                .service("llm").failureProbability(0.1).build();
        assertThat(draft.service()).contains("llm");
    }

    @Test
    void listSchedulerJavadoc() {
        SchedulingProblem problem = RandomProblems.updatePlan(1, 20);
        ListScheduler scheduler = ListScheduler.of(problem);
        Schedule schedule = scheduler.schedule(PriorityRule.CP_MISF.priorityOrder(problem));
        schedule.verify(problem).orThrow();
    }

    @Test
    void scheduleOptimizerAndConfigJavadoc() {
        SchedulingProblem problem = RandomProblems.updatePlan(2, 20);
        GeneticOptimizerConfig config = GeneticOptimizerConfig.defaults().toBuilder()
                .seed(7).timeBudget(Duration.ofMillis(300)).build();
        ScheduleOptimizer optimizer = new GeneticSequenceOptimizer(config);
        OptimizationResult result = optimizer.optimize(problem, List.of(OptimizationGoal.MINIMIZE_TIME));
        result.schedule().verify(problem).orThrow();
        assertThat(result.predictedMakespan()).isLessThanOrEqualTo(result.baselineMakespan());
    }

    @Test
    void notesExample() {
        SchedulingProblem problem = SchedulingProblem.builder().workers(4)
                .task(Task.builder("plot").duration(30).failureProbability(0.05).build())
                .task(Task.builder("ch1").duration(60).predecessors(0).service("llm").failureProbability(0.1).build())
                .task(Task.builder("ch2").duration(45).predecessors(0).service("llm").failureProbability(0.1).build())
                .serviceCapacity("llm", 1)
                .build();

        ScheduleOptimizer optimizer = new GeneticSequenceOptimizer(GeneticOptimizerConfig.defaults().toBuilder()
                .seed(42).timeBudget(Duration.ofMillis(500)).safetyModel(new SafetyModel(2.0, true)).build());
        OptimizationResult r = optimizer.optimize(problem,
                List.of(OptimizationGoal.MINIMIZE_TIME, OptimizationGoal.MAXIMIZE_SAFETY));

        r.schedule().verify(problem).orThrow();
        System.out.println("order " + r.schedule().priorityOrder() + ", makespan " + r.predictedMakespan()
                + ", lost work " + r.expectedLostWorkWithoutCheckpoints() + " -> " + r.expectedLostWorkWithCheckpoints());
        r.checkpoints().forEach(c -> System.out.println(c.reason()));
        assertThat(r.predictedMakespan()).isEqualTo(135);
    }

    @Test
    void safetyFirstWithCheckpoints() {
        SchedulingProblem problem = RandomProblems.updatePlan(3, 12).withWorkers(1);
        OptimizationResult result = new GeneticSequenceOptimizer(GeneticOptimizerConfig.defaults().toBuilder()
                .safetyModel(new SafetyModel(0.5, true)).timeBudget(Duration.ofMillis(300)).build())
                .optimize(problem, List.of(OptimizationGoal.MAXIMIZE_SAFETY, OptimizationGoal.MINIMIZE_TIME));
        for (Checkpoint checkpoint : result.checkpoints()) {
            assertThat(checkpoint.reason()).isNotBlank();
        }
        assertThat(result.expectedLostWorkWithCheckpoints()).isLessThanOrEqualTo(result.expectedLostWorkWithoutCheckpoints());
    }
}
