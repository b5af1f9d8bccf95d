package dev.continuity.core.optimize.stg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StgBenchmarkTest {

    @Test
    void writesCsvAndCheckableSchedules(@TempDir Path dir) throws Exception {
        Path set = Files.createDirectories(dir.resolve("stg/4"));
        Files.writeString(set.resolve("tiny.stg"), StgReaderTest.TINY);
        Files.createDirectories(dir.resolve("stg/optimal"));
        Files.writeString(dir.resolve("stg/optimal/Case4_2_OPT.csv"), "4/tiny.stg,2,7\n");
        Files.writeString(dir.resolve("stg/optimal/Case4_1_OPT.csv"), "4/tiny.stg,1,13,15\n");
        Path csv = dir.resolve("out/results.csv");
        Path jsonl = dir.resolve("out/schedules.jsonl");

        StgBenchmark.Report report = StgBenchmark.run(StgBenchmark.Options.builder(set)
                .procs(List.of(1, 2)).budgetMillis(200).csvOut(csv).schedulesOut(jsonl).progress(false).build(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(report.rows()).hasSize(2);
        assertThat(report.overall().worseThanCp()).isZero();
        assertThat(report.overall().infeasible()).isZero();
        assertThat(report.overall().optimal()).isEqualTo(1);
        assertThat(report.overall().unproven()).isEqualTo(1);
        assertThat(report.overall().beatHigh()).isEqualTo(1); // 14 work on 1 processor < best known 15
        assertThat(report.toMarkdown()).contains("| 4 tasks, 2 procs | 1 |");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("4/tiny.stg,4,2,7,7,").contains(",7,7,true,0.0000,");

        ObjectMapper mapper = new ObjectMapper();
        StgInstance instance = StgReader.read(set.resolve("tiny.stg"));
        List<String> schedules = Files.readAllLines(jsonl);
        assertThat(schedules).hasSize(2);
        for (String line : schedules) {
            JsonNode node = mapper.readTree(line);
            assertThat(node.get("file").asText()).isEqualTo("4/tiny.stg");
            checkIndependently(instance, node);
        }
    }

    /** Re-checks a JSONL schedule from the file's data only: precedence and one task per processor. */
    private static void checkIndependently(StgInstance instance, JsonNode node) {
        int procs = node.get("procs").asInt();
        int n = instance.tasks().size();
        double[] start = new double[n];
        int[] proc = new int[n];
        List<Integer> seen = new ArrayList<>();
        for (JsonNode t : node.get("tasks")) {
            int id = Integer.parseInt(t.get("id").asText());
            start[id] = t.get("start").asDouble();
            proc[id] = t.get("proc").asInt();
            seen.add(id);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, n).boxed().toList());
        double makespan = 0;
        for (int i = 0; i < n; i++) {
            double finish = start[i] + instance.tasks().get(i).duration();
            makespan = Math.max(makespan, finish);
            assertThat(proc[i]).isBetween(0, procs - 1);
            for (int p : instance.tasks().get(i).predecessors()) {
                assertThat(start[i]).isGreaterThanOrEqualTo(start[p] + instance.tasks().get(p).duration());
            }
            for (int j = 0; j < i; j++) {
                double fj = start[j] + instance.tasks().get(j).duration();
                boolean overlap = start[i] < fj && start[j] < finish;
                assertThat(proc[i] == proc[j] && overlap).as("tasks %d and %d overlap", i, j).isFalse();
            }
        }
        assertThat(node.get("makespan").asDouble()).isEqualTo(makespan);
    }

    @Test
    void parsesTheCommandLine() {
        StgBenchmark.Options o = StgBenchmark.parse(new String[] {
            "data/stg/50", "--procs", "2, 4", "--seed", "7", "--budget-ms", "500", "--csv", "r.csv",
            "--schedules", "s.jsonl", "--limit", "3", "--quiet"});
        assertThat(o.input()).isEqualTo(Path.of("data/stg/50"));
        assertThat(o.procs()).containsExactly(2, 4);
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.budgetMillis()).isEqualTo(500);
        assertThat(o.csvOut()).contains(Path.of("r.csv"));
        assertThat(o.schedulesOut()).contains(Path.of("s.jsonl"));
        assertThat(o.limit()).isEqualTo(3);
        assertThat(o.progress()).isFalse();

        assertThatThrownBy(() -> StgBenchmark.parse(new String[] {})).hasMessageContaining("missing PATH");
        assertThatThrownBy(() -> StgBenchmark.parse(new String[] {"x", "--bogus", "1"})).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> StgBenchmark.parse(new String[] {"x", "--seed"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> StgBenchmark.parse(new String[] {"x", "--procs", "2,x"}))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> StgBenchmark.parse(new String[] {"x", "--procs", "0"}))
                .hasMessageContaining("was 0");
    }
}
