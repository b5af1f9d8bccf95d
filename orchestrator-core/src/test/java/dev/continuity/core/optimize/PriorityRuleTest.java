package dev.continuity.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PriorityRuleTest {

    @Test
    void cpMisfOrdersByBottomLevelThenMostImmediateSuccessors() {
        // a(2) -> {c(5), d(1), e(1)}; b(2) -> f(5): a and b both have bottom level 7, a has 3 successors
        List<Task> tasks = List.of(Task.of("b", 2), Task.of("f", 5, 0), Task.of("a", 2),
                Task.of("c", 5, 2), Task.of("d", 1, 2), Task.of("e", 1, 2));
        SchedulingProblem problem = SchedulingProblem.of(tasks, 2);

        List<Integer> order = PriorityRule.CP_MISF.priorityOrder(problem);

        assertThat(order.subList(0, 2)).containsExactly(2, 0); // a before b (tie on level 7, more successors)
        assertThat(order.subList(2, 4)).containsExactly(1, 3); // f, c (level 5, index order)
    }

    @Test
    void topologicalIsSmallestReadyIndexFirst() {
        List<Task> tasks = List.of(Task.of("x", 1, 2), Task.of("y", 1), Task.of("z", 1));
        assertThat(PriorityRule.TOPOLOGICAL.priorityOrder(SchedulingProblem.of(tasks, 1)))
                .containsExactly(1, 2, 0);
    }

    @Test
    void riskRulesSortByRatioAndByProbability() {
        List<Task> tasks = List.of(
                Task.builder("safe").duration(1).failureProbability(0).build(),
                Task.builder("long-risky").duration(10).failureProbability(0.5).build(), // ratio 20
                Task.builder("short-risky").duration(1).failureProbability(0.2).build()); // ratio 5
        SchedulingProblem problem = SchedulingProblem.of(tasks, 1);
        assertThat(PriorityRule.RISK_RATIO.priorityOrder(problem)).containsExactly(2, 1, 0);
        assertThat(PriorityRule.RISK_DESCENDING.priorityOrder(problem)).containsExactly(1, 2, 0);
    }

    @Test
    void scheduleIsTheBetterOfSerialAndNonDelay() {
        SchedulingProblem problem = RandomProblems.dag(11, 30, 3, 0.1, 2, false);
        ListScheduler scheduler = ListScheduler.of(problem);
        List<Integer> order = PriorityRule.CP_MISF.priorityOrder(problem);
        double best = Math.min(scheduler.schedule(order).makespan(), scheduler.scheduleNonDelay(order).makespan());

        Schedule schedule = PriorityRule.CP_MISF.schedule(problem);

        assertThat(schedule.makespan()).isEqualTo(best);
        assertThat(schedule.verify(problem).feasible()).isTrue();
    }
}
