package dev.continuity.core.optimize.stg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuity.core.optimize.PriorityRule;
import dev.continuity.core.optimize.SchedulingProblem;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StgReaderTest {
    /** Four real tasks: 1 -> 3, 2 -> 3, 2 -> 4; dummies 0 and 5. */
    static final String TINY = """
                     4
                     0          0          0
                     1          3          1          0
                     2          2          1          0
                     3          4          2          1          2
                     4          5          1          2
                     5          0          2          3          4
            # Standard Task Graph Set Project
            # CP Length           : 7
            """;

    @Test
    void readsATinyInstance() {
        StgInstance instance = StgReader.parse("tiny.stg", TINY);

        assertThat(instance.taskCount()).isEqualTo(4);
        assertThat(instance.tasks()).hasSize(6);
        assertThat(instance.tasks().get(3).predecessors()).containsExactly(1, 2);
        assertThat(instance.tasks().get(3).duration()).isEqualTo(4);
        assertThat(instance.tasks().get(5).id()).isEqualTo("5");
        assertThat(instance.declaredCriticalPath()).hasValue(7);
        SchedulingProblem problem = instance.problem(2);
        assertThat(problem.criticalPathLength()).isEqualTo(7);
        assertThat(problem.makespanLowerBound()).isEqualTo(7); // max(7, ceil(14 / 2))
        assertThat(PriorityRule.CP_MISF.schedule(problem).makespan()).isEqualTo(7);
    }

    @Test
    void toleratesWrappedPredecessorListsAndBlankLines() {
        String wrapped = "2\n\n0 0 0\n1 4 1\n 0\n2 1 1 0\n3 0 2\n1\n2\n";
        StgInstance instance = StgReader.parse("wrapped.stg", wrapped);
        assertThat(instance.tasks().get(3).predecessors()).containsExactly(1, 2);
        assertThat(instance.declaredCriticalPath()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not a number      | 2\\n0 0 0\\n1 x 1 0\\n2 1 1 0\\n3 0 1 2      | 3 | expected the processing time of task 1 (an integer), found 'x'",
        "wrong id          | 2\\n0 0 0\\n7 1 1 0\\n2 1 1 0\\n3 0 1 2      | 3 | expected task id 1, found 7",
        "negative time     | 2\\n0 0 0\\n1 -4 1 0\\n2 1 1 0\\n3 0 1 2     | 3 | processing time must be >= 0, was -4",
        "later predecessor | 2\\n0 0 0\\n1 1 1 2\\n2 1 1 0\\n3 0 1 2      | 3 | predecessor 2 is not an earlier task",
        "duplicate pred    | 2\\n0 0 0\\n1 1 1 0\\n2 1 2 1 1\\n3 0 1 2    | 4 | predecessor 1 listed twice",
        "non-zero dummy    | 2\\n0 0 0\\n1 1 1 0\\n2 1 1 0\\n3 5 1 2      | 5 | dummy task 3 must take 0 time",
        "truncated         | 2\\n0 0 0\\n1 1 1 0\\n2 1 1                 | 4 | unexpected end of input, expected predecessor 1 of task 2",
        "extra data        | 1\\n0 0 0\\n1 1 1 0\\n2 0 1 1\\n9            | 5 | unexpected data after the last task 2: '9'",
        "bad count         | -1\\n                                      | 1 | task count must be >= 0, was -1",
    })
    void rejectsBadInputNamingFileAndLine(String label, String content, int line, String message) {
        String text = content.strip().replace("\\n", "\n");
        assertThatThrownBy(() -> StgReader.parse("bad.stg", text))
                .isInstanceOf(StgFormatException.class)
                .hasMessageStartingWith("bad.stg:" + line + ": ")
                .hasMessageContaining(message)
                .satisfies(e -> {
                    StgFormatException f = (StgFormatException) e;
                    assertThat(f.file()).isEqualTo("bad.stg");
                    assertThat(f.line()).isEqualTo(line);
                });
    }

    @Test
    void readsOptimumTablesAndRejectsBadLines() {
        List<StgOptimum> optima = StgOptima.parseCsv("Case50_2_OPT.csv",
                "50/rand0000.stg,2,131\n50/rand0001.stg,2,296,312\n");
        assertThat(optima).containsExactly(new StgOptimum("50/rand0000.stg", 2, 131, 131),
                new StgOptimum("50/rand0001.stg", 2, 296, 312));
        assertThat(optima.get(0).proven()).isTrue();
        assertThat(optima.get(1).proven()).isFalse();

        assertThatThrownBy(() -> StgOptima.parseCsv("x.csv", "50/a.stg,2,1\n50/b.stg,two,3\n"))
                .isInstanceOf(StgFormatException.class).hasMessageStartingWith("x.csv:2: ");
        assertThatThrownBy(() -> StgOptima.parseCsv("x.csv", "50/a.stg,2\n"))
                .hasMessageStartingWith("x.csv:1: ");
        assertThatThrownBy(() -> StgOptima.parseCsv("x.csv", "50/a.stg,2,9,3\n"))
                .hasMessageContaining("low <= high");
    }
}
