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

/** {@code impact} and {@code plan} name each file they could not read, with its cause, and still succeed (they write nothing). */
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
}
