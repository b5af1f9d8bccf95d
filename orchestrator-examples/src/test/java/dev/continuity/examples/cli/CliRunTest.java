package dev.continuity.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

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

    @Test
    void aCheckpointedRunStartedFromTheCommandLineIsRolledBackOrResumedFromIt() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir.resolve("saga"));
        Map<String, String> original = snapshot(p);
        String[] change = {p.toString(), "--changed", "20_プロット/全体構成.yaml", "--workers", "1", "--threshold", "0.3"};
        try {
            ArmableFailingHandler.armed = true;
            CliRunner plan = CliRunner.run(concat("plan", change, "--json"));
            assertThat(plan.exitCode()).as(plan.err()).isZero();
            assertThat(plan.json().get("adaptiveCheckpoints").size()).isPositive();
            JsonNode last = null;
            for (JsonNode s : plan.json().get("mlOptimizedSteps")) {
                if (last == null || s.get("plannedStart").asDouble() >= last.get("plannedStart").asDouble()) {
                    last = s;
                }
            }
            String victim = last.get("step").get("file").asText();
            ArmableFailingHandler.failOn = victim;

            CliRunner failed = CliRunner.run(concat("run", change, "--commit-policy", "CHECKPOINTED"));
            assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(ContinuityCli.FAILED);
            assertThat(failed.out()).contains("PARTIALLY_SUCCEEDED").contains("continuity resume").contains("continuity rollback");
            assertThat(snapshot(p)).isNotEqualTo(original);
            assertThat(snapshot(p).get(victim)).isEqualTo(original.get(victim));
            assertThat(CliRunner.run("status", p.toString()).out()).contains(failed.out().lines().filter(l -> l.startsWith("execution "))
                    .findFirst().orElseThrow().split("[ :]")[1]);

            CliRunner rollback = CliRunner.run("rollback", p.toString());
            assertThat(rollback.exitCode()).as(rollback.err()).isZero();
            assertThat(snapshot(p)).isEqualTo(original);

            // the handler stands for 10-second LLM calls (its prior); what the first run measured of the stand-in, a few
            // milliseconds a step, would plan the next run without checkpoints, rightly: none would pay for itself
            assertThat(p.resolve(".continuity/estimates.json")).exists();
            Files.delete(p.resolve(".continuity/estimates.json"));
            assertThat(CliRunner.run(concat("run", change, "--commit-policy", "CHECKPOINTED", "-q")).exitCode()).isEqualTo(ContinuityCli.FAILED);
            ArmableFailingHandler.failOn = null;
            CliRunner resumed = CliRunner.run("resume", p.toString());
            assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.out()).contains("SUCCEEDED");
            assertThat(Files.readString(p.resolve(victim))).endsWith("# updated\n").doesNotEndWith("# updated\n# updated\n");
            assertThat(CliRunner.run("resume", p.toString()).err()).contains("no unfinished checkpointed run");
        } finally {
            ArmableFailingHandler.disarm();
        }
    }

    @Test
    void theFilesTheAuthorChangedAreNotHealedButMarkedForReviewAndTheRunSaysSo() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir.resolve("saga"));
        assertThat(CliRunner.run("scan", p.toString()).exitCode()).isZero();
        Path ch3 = p.resolve("20_プロット/第1巻/第3章.yaml");
        Path ch4 = p.resolve("20_プロット/第1巻/第4章.yaml");
        Files.writeString(ch4, Files.readString(ch4).replace("story_date: 1024-05-02", "story_date: 1024-04-01"));
        Files.writeString(ch3, Files.readString(ch3).replace("characters: [主人公, 王女セリア, 導師]", "characters: [主人公, 王女セリア, 導帥]"));
        String ch3After = Files.readString(ch3);
        String ch4After = Files.readString(ch4);

        CliRunner run = CliRunner.run("run", p.toString(), "--changed", "20_プロット/第1巻/第3章.yaml", "20_プロット/第1巻/第4章.yaml");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        // the author's edits stand: the heal stage marks them for review instead of undoing them
        assertThat(Files.readString(ch4)).isEqualTo(ch4After).contains("story_date: 1024-04-01");
        assertThat(Files.readString(ch3)).isEqualTo(ch3After);
        assertThat(Files.readString(p.resolve("20_プロット/第1巻/第4章.yaml.review.yaml"))).contains("[chapter-date-order]");
        assertThat(run.out()).contains("healing: 2 issue(s): 0 fixed, 2 marked for review")
                .containsPattern("REVIEW +20_プロット/第1巻/第4章.yaml:5  \\[chapter-date-order\\] the story date 1024-04-01 runs backwards")
                .containsPattern("REVIEW +20_プロット/第1巻/第3章.yaml:7  \\[broken-reference\\] '導帥'");
    }

    @Test
    void aChangedFileListedTwiceIsOneChangedFileAndTheLearnerLearnsFromTheRun() {
        Path p = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
        CliRunner run = CliRunner.run("run", p.toString(), "--changed", "20_プロット/全体構成.yaml", "--changed", "./20_プロット/全体構成.yaml",
                "--changed", "20_プロット/全体構成.yaml", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("listed twice").doesNotContain("failed to learn");
        assertThat(run.json().get("impact").get("changedFiles")).hasSize(1);
        // a learner that failed says nothing; one that ran says what it learned (here: that it needs more history)
        assertThat(run.json().get("learningInsights")).isNotEmpty();
    }

    @Test
    void theCommandLinesLogPrintsAnExceptionAsOneLineNeverAStackTrace() throws Exception {
        String config;
        try (java.io.InputStream in = ContinuityCli.class.getResourceAsStream("/logback.xml")) {
            config = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.util.regex.Matcher pattern = java.util.regex.Pattern.compile("<pattern>(.*)</pattern>").matcher(config);
        assertThat(pattern.find()).as(config).isTrue();
        ch.qos.logback.classic.LoggerContext context = new ch.qos.logback.classic.LoggerContext();
        ch.qos.logback.classic.PatternLayout layout = new ch.qos.logback.classic.PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern.group(1));
        layout.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("dev.continuity.core.DefaultOrchestrator");
        String line = layout.doLayout(new ch.qos.logback.classic.spi.LoggingEvent(logger.getName(), logger, ch.qos.logback.classic.Level.WARN,
                "impact predictor tribuo failed to learn", new IllegalArgumentException("file listed twice in record exec-1: a.md"), null));
        java.io.StringWriter err = new java.io.StringWriter();
        err.write(line);
        assertThat(err.toString()).contains("impact predictor tribuo failed to learn")
                .contains("IllegalArgumentException: file listed twice in record exec-1: a.md").doesNotContain("\tat ");
    }

    @Test
    void aDryRunWritesNothingInTheProjectNotEvenHistoryOrAReport() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
        assertThat(CliRunner.run("scan", p.toString(), "-q").exitCode()).isZero();
        Map<String, String> before = everyFile(p);
        CliRunner run = CliRunner.run("run", p.toString(), "--changed", "20_プロット/全体構成.yaml", "--threshold", "0.5", "--dry-run");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("dry run: nothing was written").doesNotContain("continuity report");
        assertThat(everyFile(p)).isEqualTo(before);
    }

    @Test
    void aChangedFileInsideContinuitysOwnFolderOrAFolderIsBadInputThatSaysWhy() {
        Path p = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
        assertThat(CliRunner.run("scan", p.toString(), "-q").exitCode()).isZero();
        for (String command : new String[] {"run", "impact", "plan"}) {
            CliRunner own = CliRunner.run(command, p.toString(), "--changed", ".continuity/scan-state.json");
            assertThat(own.exitCode()).as(command).isEqualTo(ContinuityCli.BAD_INPUT);
            assertThat(own.err()).as(command).contains(".continuity/scan-state.json: is Continuity's own state, not a file of the project");
        }
        CliRunner folder = CliRunner.run("impact", p.toString(), "--changed", "20_プロット");
        assertThat(folder.exitCode()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(folder.err()).contains("20_プロット: is a folder, not a file").doesNotContain("does not exist");
    }

    /** Every file under the root, .continuity/ included, with its content. */
    static Map<String, String> everyFile(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(f).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(f)));
            }
        }
        return files;
    }

    static String[] concat(String command, String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Every file of the project but Continuity's own, with its content. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (!rel.startsWith(".continuity/")) {
                    files.put(rel, Files.readString(f));
                }
            }
        }
        return files;
    }

    @Test
    void aFileOnlyTheLearnedModelPredictsIsNamedAndSaidNotToBeUpdated() throws Exception {
        Path p = dir.resolve("git-project");
        Files.createDirectories(p.resolve("notes"));
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(p.toFile()).setInitialBranch("main").call()) {
            java.time.Instant t = java.time.Instant.now().minus(java.time.Duration.ofDays(41));
            java.util.SplittableRandom random = new java.util.SplittableRandom(3);
            for (int i = 0; i < 40; i++) {
                Files.writeString(p.resolve("notes/summary.md"), "Summary, draft " + i + ".\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                Files.writeString(p.resolve("notes/status.md"), "Status " + i + ".\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                Files.writeString(p.resolve("notes/other" + random.nextInt(5) + ".md"), "Other " + i + ".\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                git.add().addFilepattern(".").call();
                org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent("ann", "ann@example.org",
                        t.plus(java.time.Duration.ofDays(i)), java.time.ZoneOffset.UTC);
                git.commit().setMessage("draft " + i).setAuthor(who).setCommitter(who).call();
            }
        }
        Files.writeString(p.resolve("notes/summary.md"), "Summary, revised.\n", java.nio.file.StandardOpenOption.APPEND);

        CliRunner run = CliRunner.run("run", p.toString(), "--changed", "notes/summary.md", "--threshold", "0.3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("predicted by the learned model only, not updated (--mode PREDICTIVE_SYNC updates them): notes/status.md (");
    }

    @Test
    void aCheckpointedRunWhosePlanHasNoCheckpointSaysItWasCommittedAllOrNothing() {
        Path p = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir.resolve("saga"));
        for (String threshold : new String[] {"0.8", "0.3"}) {
            String[] change = {p.toString(), "--changed", "20_プロット/全体構成.yaml", "--workers", "1", "--threshold", threshold};
            CliRunner plan = CliRunner.run(concat("plan", change, "--json"));
            boolean none = plan.json().get("adaptiveCheckpoints").isEmpty() && !plan.json().get("mlOptimizedSteps").isEmpty();
            CliRunner run = CliRunner.run(concat("run", change, "--commit-policy", "CHECKPOINTED", "--dry-run"));
            assertThat(run.exitCode()).as(run.err()).isZero();
            if (none) {
                assertThat(run.out()).as(threshold).contains("CHECKPOINTED: the plan has no checkpoint");
            } else {
                assertThat(run.out()).as(threshold).doesNotContain("the plan has no checkpoint");
            }
        }
    }
}
