package dev.continuity.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The independent checker must catch every kind of violation. */
class ScheduleVerificationTest {
    private final SchedulingProblem problem = new SchedulingProblem(List.of(
            Task.of("a", 2),
            Task.builder("b").duration(3).predecessors(0).service("llm").build(),
            Task.builder("c").duration(3).service("llm").build()), 2, Map.of("llm", 1));

    private static Schedule schedule(double[] start, double[] finish, int[] worker) {
        List<ScheduledTask> tasks = List.of(
                new ScheduledTask(0, "a", start[0], finish[0], worker[0]),
                new ScheduledTask(1, "b", start[1], finish[1], worker[1]),
                new ScheduledTask(2, "c", start[2], finish[2], worker[2]));
        double makespan = Math.max(finish[0], Math.max(finish[1], finish[2]));
        return new Schedule(tasks, makespan, List.of(0, 1, 2));
    }

    @Test
    void acceptsAFeasibleSchedule() {
        Schedule ok = schedule(new double[] {0, 3, 0}, new double[] {2, 6, 3}, new int[] {0, 0, 1});
        assertThat(ok.verify(problem).feasible()).isTrue();
    }

    @Test
    void reportsPrecedenceViolations() {
        Schedule bad = schedule(new double[] {0, 1, 4}, new double[] {2, 4, 7}, new int[] {0, 1, 0});
        assertThat(bad.verify(problem).violations()).anyMatch(v -> v.contains("before predecessor 'a'"));
    }

    @Test
    void reportsServiceCapacityViolations() {
        Schedule bad = schedule(new double[] {0, 2, 2}, new double[] {2, 5, 5}, new int[] {0, 0, 1});
        assertThat(bad.verify(problem).violations()).anyMatch(v -> v.contains("service 'llm'"));
    }

    @Test
    void reportsWorkerOverlapAndRangeAndDurations() {
        Schedule overlap = schedule(new double[] {0, 2, 1}, new double[] {2, 5, 4}, new int[] {0, 0, 0});
        assertThat(overlap.verify(problem).violations()).anyMatch(v -> v.contains("worker 0 runs"));
        Schedule range = schedule(new double[] {0, 2, 5}, new double[] {2, 5, 8}, new int[] {0, 0, 7});
        assertThat(range.verify(problem).violations()).anyMatch(v -> v.contains("worker 7 of 2"));
        Schedule shortened = schedule(new double[] {0, 2, 5}, new double[] {1, 5, 8}, new int[] {0, 0, 1});
        assertThat(shortened.verify(problem).violations()).anyMatch(v -> v.contains("runs 1.0 but takes 2.0"));
        assertThatThrownBy(() -> shortened.verify(problem).orThrow()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void scheduleRecordValidatesItsShape() {
        assertThatThrownBy(() -> new Schedule(List.of(new ScheduledTask(0, "a", 0, 1, 0)), 5, List.of(0)))
                .hasMessageContaining("makespan");
        assertThatThrownBy(() -> new Schedule(List.of(new ScheduledTask(0, "a", 0, 1, 0)), 1, List.of(1)))
                .hasMessageContaining("task index 1 out of range");
        assertThatThrownBy(() -> new ScheduledTask(0, "a", 2, 1, 0)).hasMessageContaining("finish");
    }
}
