package dev.continuity.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulingProblemTest {

    @Test
    void rejectsBadTaskValuesNamingThem() {
        assertThatThrownBy(() -> Task.of("a", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> Task.of("a", Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Task.builder("b").failureProbability(1.5).build())
                .hasMessageContaining("'b'").hasMessageContaining("1.5");
        assertThatThrownBy(() -> Task.of(" ", 1)).hasMessageContaining("blank");
        assertThatThrownBy(() -> Task.of("c", 1, 0, 0)).hasMessageContaining("duplicate predecessor");
        assertThatThrownBy(() -> Task.of("d", 1, -3)).hasMessageContaining("-3");
    }

    @Test
    void rejectsBadProblemsNamingTheValue() {
        List<Task> two = List.of(Task.of("a", 1), Task.of("b", 1, 0));
        assertThatThrownBy(() -> SchedulingProblem.of(two, 0)).hasMessageContaining("workers").hasMessageContaining("0");
        assertThatThrownBy(() -> new SchedulingProblem(two, 2, Map.of("llm", 0)))
                .hasMessageContaining("'llm'").hasMessageContaining("0");
        assertThatThrownBy(() -> SchedulingProblem.of(List.of(Task.of("a", 1), Task.of("a", 2)), 1))
                .hasMessageContaining("duplicate task id 'a'");
        assertThatThrownBy(() -> SchedulingProblem.of(List.of(Task.of("a", 1, 5)), 1))
                .hasMessageContaining("predecessor index 5 out of range");
        assertThatThrownBy(() -> SchedulingProblem.of(List.of(Task.of("a", 1, 0)), 1))
                .hasMessageContaining("'a' depends on itself");
    }

    @Test
    void rejectsCyclesNamingTheTasksOnTheCycle() {
        List<Task> tasks = List.of(Task.of("start", 1), Task.of("x", 1, 0, 2), Task.of("y", 1, 1));
        assertThatThrownBy(() -> SchedulingProblem.of(tasks, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dependency cycle")
                .hasMessageContaining("x")
                .hasMessageContaining("y")
                .hasMessageNotContaining("start");
    }

    @Test
    void lowerBoundIsTheMaximumOfCriticalPathLoadAndServiceLoad() {
        // chain a(3) -> b(4); independent c(5), d(5); two workers; c, d share a service of capacity 1
        List<Task> tasks = List.of(Task.of("a", 3), Task.of("b", 4, 0),
                Task.builder("c").duration(5).service("llm").build(),
                Task.builder("d").duration(5).service("llm").build());
        SchedulingProblem problem = new SchedulingProblem(tasks, 2, Map.of("llm", 1));

        assertThat(problem.criticalPathLength()).isEqualTo(7);
        assertThat(problem.totalWork()).isEqualTo(17);
        assertThat(problem.makespanLowerBound()).isEqualTo(10); // service load 10 > ceil(17/2)=9 > CP 7
        assertThat(problem.withWorkers(1).makespanLowerBound()).isEqualTo(17);
    }

    @Test
    void builderAndToBuilderRoundTrip() {
        SchedulingProblem problem = SchedulingProblem.builder().workers(3)
                .task(Task.builder("a").duration(2).service("llm").failureProbability(0.2).build())
                .task(Task.of("b", 1, 0))
                .serviceCapacity("llm", 2)
                .build();
        assertThat(problem.toBuilder().build()).isEqualTo(problem);
        assertThat(problem.tasks().get(0).toBuilder().build()).isEqualTo(problem.tasks().get(0));
        assertThat(problem.indexOf("b")).isEqualTo(1);
    }
}
