package dev.continuity.examples;

import dev.continuity.examples.demo.SampleProjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class CliTest {
    @TempDir
    Path dir;

    @Test
    void badInputGivesOneLineErrorAndExitCodeTwo() {
        CliRunner missingProject = CliRunner.run("scan", dir.resolve("nope").toString());
        assertThat(missingProject.exitCode()).isEqualTo(2);
        assertThat(missingProject.err().strip()).startsWith("continuity: error:").doesNotContain("\n");

        SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir);
        CliRunner missingFile = CliRunner.run("run", dir.toString(), "--changed", "characters/nobody.md");
        assertThat(missingFile.exitCode()).isEqualTo(2);
        assertThat(missingFile.err().strip()).contains("characters/nobody.md").contains("does not exist").doesNotContain("\n");
        assertThat(missingFile.out()).as("no guess of the update type of a file that is not there").doesNotContain("update type");

        CliRunner escape = CliRunner.run("impact", dir.toString(), "--changed", "../../etc/passwd");
        assertThat(escape.exitCode()).isEqualTo(2);
        assertThat(escape.err()).contains("escapes the project root");

        assertThat(CliRunner.run("frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void everyCommandsHelpTextIsAValidFormatString() {
        // picocli formats descriptions, headers and footers with String.format; one that fails (a lone %) is printed
        // raw, with a warning on the console
        picocli.CommandLine root = new picocli.CommandLine(new dev.continuity.examples.cli.ContinuityCli());
        java.util.List<picocli.CommandLine> all = new java.util.ArrayList<>(java.util.List.of(root));
        all.addAll(root.getSubcommands().values());
        assertThat(all).extracting(picocli.CommandLine::getCommandName).contains("eval-impact", "schedule-stg", "heal");
        for (picocli.CommandLine c : all) {
            picocli.CommandLine.Model.UsageMessageSpec usage = c.getCommandSpec().usageMessage();
            java.util.List<String[]> texts0 = new java.util.ArrayList<>(java.util.List.of(usage.description(), usage.header(),
                    usage.footer()));
            c.getCommandSpec().args().forEach(a -> texts0.add(a.description()));
            for (String[] texts : texts0) {
                for (String text : texts) {
                    assertThatCode(() -> String.format(text)).as(c.getCommandName() + ": " + text)
                            .doesNotThrowAnyException();
                }
            }
        }
    }

    @Test
    void planAndRunPrintTheApiRecordsAsJson() {
        SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir);
        CliRunner plan = CliRunner.run("plan", dir.toString(), "--changed", "plot/outline.yaml", "--threshold", "0.5", "--json");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.json().has("mlOptimizedSteps")).isTrue();
        assertThat(plan.json().get("mlOptimizedSteps").size()).isPositive();
        CliRunner run = CliRunner.run("run", dir.toString(), "--changed", "plot/outline.yaml", "--threshold", "0.5", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.json().get("changedFiles").size()).isPositive();
        assertThat(run.json().get("executionId").asText()).startsWith("exec-");
    }

    @Test
    void deadLettersAreListedAndReDriven() {
        SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir);
        dev.continuity.core.execute.DeadLetterStore.of(dir).append(new dev.continuity.core.execute.DeadLetter("exec-1:s002", "exec-1", "s002",
                "chapters/01.md", "llm-rewrite", "llm", "dev.continuity.api.RetryableException", "handler 'llm-rewrite' failed: 503", 4,
                "2026-11-21T00:00:00Z", "PLOT_CHANGE", java.util.List.of(), java.util.List.of("plot/outline.yaml"), java.util.Map.of(), "ensemble", 0.5,
                dev.continuity.core.execute.DeadLetter.PENDING));

        CliRunner list = CliRunner.run("dead-letters", dir.toString(), "--json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.json().size()).isEqualTo(1);
        assertThat(list.json().get(0).get("cause").asText()).contains("503");
        assertThat(CliRunner.run("dead-letters", dir.toString()).out()).contains("1 dead letter(s) pending").contains("exec-1:s002")
                .contains("RetryableException");

        CliRunner redrive = CliRunner.run("dead-letters", dir.toString(), "--redrive");
        assertThat(redrive.exitCode()).as(redrive.out() + redrive.err()).isZero();
        assertThat(redrive.out()).contains("execution exec-1: SUCCEEDED").contains("0 dead letter(s) pending");
        assertThat(CliRunner.run("dead-letters", dir.toString(), "--json").json().size()).isZero();
    }

    @Test
    void demoChangesItsWorkingCopyOnly() throws Exception {
        Path work = dir.resolve("work");
        CliRunner demo = CliRunner.run("demo", "--workdir", work.toString());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("予測影響ファイル数").contains("平均信頼度").contains("推定複雑度").contains("最適化提案")
                .contains("sequential-safe").contains("changed 40_原稿/第3巻/第1話.md");
        assertThat(demo.out()).contains("進捗 (progress):").contains("(100%)")
                .contains("=== リアルタイム監視 (final monitor snapshot) ===").contains("completedSteps").contains("throughputStepsPerSecond")
                .contains("p95StepMillis").contains("mode: NORMAL").contains("overall: HEALTHY").contains("etaSeconds: 0.00")
                .contains("completionProbability: 1.00");
        assertThat(Files.readString(work.resolve("40_原稿/第3巻/第1話.md"))).contains("continuity:");
        assertThat(Files.readAllBytes(work.resolve("50_管理資料/登場人物索引.md")))
                .as("the hand-formatted index says what its sources generate: left as it is")
                .isEqualTo(SampleProjects.resource("samples/large_fantasy_saga/50_管理資料/登場人物索引.md"));
        assertThat(demo.out()).doesNotContain("changed 50_管理資料/登場人物索引.md");
        assertThat(new String(SampleProjects.resource("samples/large_fantasy_saga/40_原稿/第3巻/第1話.md"), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("continuity:");
    }

    @Test
    void demoPrintsItsJsonLastAfterTheReportsPathAndWithQuietOnlyThePathAndTheJson() throws Exception {
        CliRunner demo = CliRunner.run("demo", "--workdir", dir.resolve("a").toString(), "--json");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        int report = demo.out().indexOf("\nreport: ");
        assertThat(report).as(demo.out()).isPositive();
        String afterReport = demo.out().substring(demo.out().indexOf('\n', report + 1) + 1);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(afterReport);
        assertThat(json.get("executionId").asText()).isNotBlank();
        assertThat(demo.out().substring(0, report)).doesNotContain("\"executionId\"");

        CliRunner quiet = CliRunner.run("demo", "--workdir", dir.resolve("b").toString(), "--json", "--quiet");
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        String path = quiet.out().lines().findFirst().orElseThrow();
        assertThat(path).endsWith(".html");
        assertThat(Files.isRegularFile(Path.of(path))).isTrue();
        String rest = quiet.out().substring(quiet.out().indexOf('\n') + 1);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(rest).get("executionId").asText()).isNotBlank();
        assertThat(rest.strip()).startsWith("{").endsWith("}");
    }
}
