package dev.continuity.examples;

import dev.continuity.core.report.ReportStore;
import dev.continuity.examples.cli.ContinuityCli;
import dev.continuity.examples.demo.SampleProjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code continuity report}, {@code --quiet}, and what every command's {@code --help} says. */
class ReportCommandTest {
    @TempDir
    Path dir;

    /** Runs an update on the sample (copied first unless it is there); returns its execution id. */
    private String run() {
        if (!Files.exists(dir.resolve("plot/outline.yaml"))) {
            SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir);
        }
        CliRunner run = CliRunner.run("run", dir.toString(), "--changed", "plot/outline.yaml", "--threshold", "0.5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String id = run.out().lines().filter(l -> l.startsWith("execution ")).findFirst().orElseThrow().split("[ :]")[1];
        assertThat(run.out()).contains("report: continuity report " + dir + " " + id + " --format html --out report.html");
        return id;
    }

    @Test
    void everyRunKeepsAReportThatRendersInEveryFormat() throws Exception {
        String id = run();
        assertThat(ReportStore.of(dir).executionIds()).containsExactly(id);

        CliRunner html = CliRunner.run("report", dir.toString(), "--format", "html");
        assertThat(html.exitCode()).as(html.err()).isZero();
        assertThat(html.out()).startsWith("<!DOCTYPE html>").contains(id).contains("id=\"impact-graph\"").contains("id=\"gantt\"");

        CliRunner md = CliRunner.run("report", dir.toString(), id, "--format", "md");
        assertThat(md.out()).startsWith("## Continuity: PLOT_CHANGE of `plot/outline.yaml` — SUCCEEDED");

        Path csv = dir.resolve("out/steps.csv");
        CliRunner written = CliRunner.run("report", dir.toString(), "--format", "csv", "--out", csv.toString());
        assertThat(written.exitCode()).as(written.err()).isZero();
        assertThat(written.out()).isEqualTo("wrote " + csv + " (csv report of " + id + ", SUCCEEDED)\n");
        assertThat(Files.readString(csv)).startsWith("priority,step,file,");

        CliRunner json = CliRunner.run("report", dir.toString(), "--format", "json");
        assertThat(json.json().get("executionId").asText()).isEqualTo(id);
        assertThat(json.json().get("response").get("status").asText()).isEqualTo("SUCCEEDED");

        assertThat(CliRunner.run("report", dir.toString(), "--list").out()).isEqualTo(id + "\n");
        assertThat(CliRunner.run("report", dir.toString(), "--format", "csv", "--out", csv.toString(), "--quiet").out()).isEmpty();
    }

    @Test
    void aMissingOrDamagedReportIsBadInputWithAOneLineError() throws Exception {
        SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir);
        CliRunner none = CliRunner.run("report", dir.toString());
        assertThat(none.exitCode()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(none.err().strip()).startsWith("continuity: error: no report in").doesNotContain("\n");

        String id = run();
        CliRunner unknown = CliRunner.run("report", dir.toString(), "exec-nope");
        assertThat(unknown.exitCode()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(unknown.err()).contains("no report of execution exec-nope").contains("--list");

        assertThat(CliRunner.run("report", dir.toString(), "../../etc/passwd").exitCode()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(CliRunner.run("report", dir.toString(), "--format", "pdf").err()).contains("unknown report format 'pdf'");

        Path file = ReportStore.of(dir).file(id);
        Files.writeString(file, Files.readString(file).replace("SUCCEEDED", "FAILED"));
        CliRunner damaged = CliRunner.run("report", dir.toString(), id);
        assertThat(damaged.exitCode()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(damaged.err()).contains("is damaged and was not used").contains("checksum");
    }

    @Test
    void quietPrintsNothingButTheExitCodeTellsAndJsonStillPrints() {
        SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir);
        CliRunner quiet = CliRunner.run("run", dir.toString(), "--changed", "plot/outline.yaml", "--threshold", "0.5", "--quiet");
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.out()).isEmpty();
        assertThat(CliRunner.run("scan", dir.toString(), "-q").out()).isEmpty();
        assertThat(CliRunner.run("impact", dir.toString(), "--changed", "plot/outline.yaml", "--quiet").out()).isEmpty();
        assertThat(CliRunner.run("scan", dir.toString(), "--quiet", "--json").json().has("files")).isTrue();
    }

    @Test
    void theDemoEndsByWritingItsHtmlReportAndPrintingThePath() {
        Path work = dir.resolve("work");
        CliRunner demo = CliRunner.run("demo", "--workdir", work.toString(), "--quiet");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        List<String> lines = demo.out().lines().toList();
        assertThat(lines).as("--quiet prints only the report's path").hasSize(1);
        Path html = Path.of(lines.getFirst());
        assertThat(html).isRegularFile().hasFileName(ReportStore.of(work).executionIds().getFirst() + ".html");
        assertThat(html.getParent()).isEqualTo(work.resolve(".continuity/reports").toAbsolutePath().normalize());
    }

    @Test
    void aReportDoesNotReplaceAProjectFileTheProjectsStateOrAFileThroughALink() throws Exception {
        run();
        byte[] outline = Files.readAllBytes(dir.resolve("plot/outline.yaml"));
        CliRunner onPlot = CliRunner.run("report", dir.toString(), "--format", "md", "--out", dir.resolve("plot/outline.yaml").toString());
        assertThat(onPlot.exitCode()).isEqualTo(2);
        assertThat(onPlot.err()).contains("is a file of the project (plot/outline.yaml)");
        assertThat(Files.readAllBytes(dir.resolve("plot/outline.yaml"))).isEqualTo(outline);

        CliRunner onAudit = CliRunner.run("report", dir.toString(), "--format", "md", "--out", dir.resolve(".continuity/new.md").toString());
        assertThat(onAudit.err()).contains(".continuity/ folder");
        assertThat(dir.resolve(".continuity/new.md")).doesNotExist();

        Path victim = Files.writeString(dir.getParent().resolve(dir.getFileName() + "-victim.md"), "keep me\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.md"), victim);
        assertThat(CliRunner.run("report", dir.toString(), "--format", "md", "--out", link.toString()).err()).contains("symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("keep me\n");

        Path md = dir.resolve("update.md");
        assertThat(CliRunner.run("report", dir.toString(), "--out", md.toString()).exitCode()).isZero();
        assertThat(CliRunner.run("report", dir.toString(), "--out", md.toString()).exitCode()).as("an earlier report is replaced").isZero();
        assertThat(Files.readString(md)).startsWith("## Continuity:");
    }

    @Test
    void outputIsPlainWithoutATerminal() {
        SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir);
        CliRunner run = CliRunner.run("run", dir.toString(), "--changed", "plot/outline.yaml", "--threshold", "0.5");
        CliRunner impact = CliRunner.run("impact", dir.toString(), "--changed", "plot/outline.yaml");
        assertThat(run.out() + impact.out() + CliRunner.run("run", "--help").out()).doesNotContain("\u001b[");
        assertThat(impact.out()).contains("HIGH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scan", "impact", "plan", "run", "heal", "status", "resume", "rollback", "dead-letters", "report", "demo", "schedule-stg"})
    void everyCommandsHelpHasExamplesAndTheExitCodes(String command) {
        CliRunner help = CliRunner.run(command, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: continuity " + command).containsPattern("Examples?:\\n  continuity " + command)
                .contains("Exit codes:").contains("0   success").contains("1   the update failed and was rolled back").contains("2   bad input")
                .contains("3   internal error");
    }

    @Test
    void theTopLevelHelpListsTheCommandsWithExamplesAndTheExitCodes() {
        CliRunner help = CliRunner.run("--help");
        assertThat(help.out()).contains("report").contains("Examples:").contains("Exit codes:").contains("NO_COLOR");
    }
}
