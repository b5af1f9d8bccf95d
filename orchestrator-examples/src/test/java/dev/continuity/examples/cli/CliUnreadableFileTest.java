package dev.continuity.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuity.examples.CliRunner;
import dev.continuity.examples.demo.SampleProjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code impact} and {@code plan} name each file they could not read, with its cause, and still succeed (they write
 * nothing); but when the changed file itself cannot be read they fail with exit code 2, like {@code run}; {@code scan}
 * fails with a one-line error on standard error.
 */
class CliUnreadableFileTest {
    private static final String BROKEN = "30_設定集/キャラクター/導師.yaml";

    @TempDir
    Path dir;

    @Test
    void impactAndPlanNameAnUnreadableFileOnStandardErrorAndInTheirJson() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
        Files.writeString(p.resolve(BROKEN), "name: 導師\naliases: [エルダ\nstudent: 主人公\n");
        for (String command : new String[] {"impact", "plan"}) {
            CliRunner text = CliRunner.run(command, p.toString(), "--changed", "20_プロット/全体構成.yaml");
            assertThat(text.exitCode()).as(command + ": " + text.err()).isZero();
            assertThat(text.err()).as(command).contains("continuity: warning: " + BROKEN).contains("error").contains("left out of the analysis");
            assertThat(text.err().lines().filter(l -> l.contains(BROKEN))).as(command).singleElement().asString().endsWith("(left out of the analysis)");

            CliRunner quiet = CliRunner.run(command, p.toString(), "--changed", "20_プロット/全体構成.yaml", "-q");
            assertThat(quiet.out()).as(command).isEmpty();
            assertThat(quiet.err()).as(command).contains(BROKEN);

            CliRunner json = CliRunner.run(command, p.toString(), "--changed", "20_プロット/全体構成.yaml", "--json");
            assertThat(json.exitCode()).as(command).isZero();
            JsonNode diagnostics = json.json().get("diagnostics");
            assertThat(diagnostics).as(command).isNotNull();
            assertThat(diagnostics.findValuesAsText("file")).contains(BROKEN);
            boolean named = false;
            for (JsonNode d : diagnostics) {
                named |= d.get("file").asText().equals(BROKEN) && d.get("severity").asText().equals("ERROR") && !d.get("message").asText().isBlank();
            }
            assertThat(named).as(command + ": " + diagnostics).isTrue();
        }
    }

    @Test
    void anUnreadableChangedFileIsBadInputForImpactPlanAndRun() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
        String changed = "20_プロット/全体構成.yaml";
        Files.writeString(p.resolve(changed), Files.readString(p.resolve(changed)) + "broken: [\n");
        for (String command : new String[] {"impact", "plan", "run"}) {
            CliRunner r = command.equals("run") ? CliRunner.run(command, p.toString(), "--changed", changed, "--dry-run")
                    : CliRunner.run(command, p.toString(), "--changed", changed);
            assertThat(r.exitCode()).as(command + ": " + r.out() + r.err()).isEqualTo(2);
            assertThat(r.err().lines().filter(l -> l.startsWith("continuity: error:"))).as(command).singleElement().asString()
                    .contains(changed).contains("malformed YAML");
            assertThat(r.out()).as(command).doesNotContain("impacted files: 0").doesNotContain("words of the path");
        }
        CliRunner run = CliRunner.run("run", p.toString(), "--changed", changed, "--dry-run");
        assertThat(run.out()).contains("update type PLOT_CHANGE (" + changed + " is a PLOT file");
    }

    @Test
    void scanSaysOnStandardErrorHowManyFilesAreUnreadableAndTheFirstEvenWithQuiet() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
        String manuscript = "40_原稿/第3巻/第1話.md";
        Path file = p.resolve(manuscript);
        String text = Files.readString(file);
        int close = text.indexOf("\n---\n", 4);
        Files.writeString(file, text.substring(0, close + 1) + text.substring(close + 5));
        for (String[] extra : new String[][] {{}, {"-q"}, {"--json"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("scan", p.toString()), java.util.Arrays.stream(extra))
                    .toArray(String[]::new);
            CliRunner scan = CliRunner.run(args);
            assertThat(scan.exitCode()).as(String.join(" ", extra)).isEqualTo(ContinuityCli.BAD_INPUT);
            assertThat(scan.err().lines()).as(String.join(" ", extra)).singleElement().asString()
                    .startsWith("continuity: error: 1 file is unreadable; the first: " + manuscript + ":1: ")
                    .contains("front matter is not closed");
        }
        assertThat(CliRunner.run("scan", p.toString(), "-q").out()).isEmpty();
    }
}
