package dev.continuity.examples.cli;

import dev.continuity.api.UpdateType;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import dev.continuity.examples.CliRunner;
import dev.continuity.examples.demo.SampleProjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run}, {@code impact} and {@code plan} as a user calls them: the guessed update type, the options of a change. */
class CliRunTest {
    @TempDir
    Path dir;

    /** A small novelWriter project: a note that defines the tag Jane, a scene that refers to her. Every file is MANUSCRIPT. */
    private Path novelWriterProject() throws IOException {
        Files.createDirectories(dir.resolve("content"));
        Files.write(dir.resolve("continuity.yaml"), SampleProjects.resource("configs/novelwriter.continuity.yaml"));
        Files.writeString(dir.resolve("content/a1b2c3d4e5f60.nwd"), "# Jane Smith\n\n@tag: Jane | Jane Smith\n\nJane is the main character.\n");
        Files.writeString(dir.resolve("content/0f9e8d7c6b5a4.nwd"), "# A Scene\n\n@pov: Jane\n@char: Jane\n\nJane walks to the river.\n");
        return dir;
    }

    @Test
    void aRenamedTagInANoteIsGuessedAsACharacterChangeAndPropagated() throws IOException {
        Path p = novelWriterProject();
        assertThat(CliRunner.run("scan", p.toString()).exitCode()).isZero();
        Path note = p.resolve("content/a1b2c3d4e5f60.nwd");
        Files.writeString(note, Files.readString(note).replace("@tag: Jane |", "@tag: Janet |"));

        CliRunner run = CliRunner.run("run", p.toString(), "--changed", "content/a1b2c3d4e5f60.nwd");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("update type CHARACTER_CHANGE (content/a1b2c3d4e5f60.nwd defines tag 'Janet'");
        assertThat(Files.readString(p.resolve("content/0f9e8d7c6b5a4.nwd"))).contains("@pov: Janet").contains("@char: Janet")
                .doesNotContain("Jane ");
        try (var files = Files.list(p.resolve("content"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.endsWith(".review.yaml"));
        }
    }

    @Test
    void theGuessUsesTheFileKindFirstAndThePathWordsOnlyWhenTheScanKnowsNothing() throws IOException {
        Path p = novelWriterProject();
        Files.writeString(p.resolve("notes-about-a-character.txt"), "nothing defined here\n");
        try (Orchestrator o = Orchestrators.builder(p).build()) {
            var scan = o.scan();
            assertThat(UpdateTypeGuess.of(List.of("content/a1b2c3d4e5f60.nwd"), scan).type()).isEqualTo(UpdateType.CHARACTER_CHANGE);
            assertThat(UpdateTypeGuess.of(List.of("content/0f9e8d7c6b5a4.nwd"), scan).type()).isEqualTo(UpdateType.MANUSCRIPT_CHANGE);
            assertThat(UpdateTypeGuess.of(List.of("./content/0f9e8d7c6b5a4.nwd"), scan).type()).isEqualTo(UpdateType.MANUSCRIPT_CHANGE);
            UpdateTypeGuess byPath = UpdateTypeGuess.of(List.of("notes-about-a-character.txt"), scan);
            assertThat(byPath.type()).isEqualTo(UpdateType.CHARACTER_CHANGE);
            assertThat(byPath.reason()).contains("words of the path");
        }
        SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir.resolve("saga"));
        try (Orchestrator o = Orchestrators.builder(dir.resolve("saga")).build()) {
            var scan = o.scan();
            assertThat(UpdateTypeGuess.of(List.of("20_プロット/全体構成.yaml"), scan).type()).isEqualTo(UpdateType.PLOT_CHANGE);
            assertThat(UpdateTypeGuess.of(List.of("40_原稿/第3巻/第1話.md"), scan).type()).isEqualTo(UpdateType.MANUSCRIPT_CHANGE);
        }
    }
}
