package dev.continuity.examples.cli;

import dev.continuity.examples.CliRunner;
import dev.continuity.examples.demo.SampleProjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands that docs/cli.md says write nothing leave a project (not a git repository) without a {@code .continuity/} folder. */
class CliWritesNothingTest {
    @TempDir
    Path dir;

    @Test
    void commandsThatWriteNothingCreateNoStateFolder() {
        String changed = "20_プロット/全体構成.yaml";
        List<List<String>> commands = List.of(List.of("impact", "--changed", changed), List.of("plan", "--changed", changed),
                List.of("run", "--dry-run", "--changed", changed), List.of("heal", "--dry-run"), List.of("status"), List.of("dead-letters"));
        int i = 0;
        for (List<String> command : commands) {
            Path p = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir.resolve("p" + i++));
            String[] args = new String[command.size() + 2];
            args[0] = command.getFirst();
            args[1] = p.toString();
            for (int j = 1; j < command.size(); j++) {
                args[j + 1] = command.get(j);
            }
            args[args.length - 1] = "-q";
            CliRunner run = CliRunner.run(args);
            assertThat(run.exitCode()).as(command + ": " + run.err()).isZero();
            assertThat(Files.exists(p.resolve(".continuity"))).as(command + " created .continuity/").isFalse();
        }
    }
}
