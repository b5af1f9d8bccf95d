package dev.continuity.ml;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.UpdateType;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import dev.continuity.ml.history.HistoryStore;
import dev.continuity.ml.history.RecordSource;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.TimeZone;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** The learned history follows the git log: commits made after the first use are mined, each once. */
class GitHistorySyncTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-22T00:00:00Z"));
    @TempDir
    Path dir;
    private int commits;

    private void commit(Git git, String... files) throws Exception {
        for (String f : files) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, (Files.exists(p) ? Files.readString(p) : "---\ntitle: x\n---\n") + "line " + commits + "\n");
            git.add().addFilepattern(f).call();
        }
        PersonIdent who = new PersonIdent("writer", "w@example.org",
                java.util.Date.from(Instant.parse("2026-06-01T10:00:00Z").plusSeconds(86_400L * commits++)), TimeZone.getTimeZone(ZoneOffset.UTC));
        git.commit().setMessage("c" + commits).setAuthor(who).setCommitter(who).call();
    }

    /** A git work tree at {@code dir} with {@code n} commits, each changing notes/a.md and notes/b.md. */
    private Git repository(int n) throws Exception {
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        Files.writeString(dir.resolve(".gitignore"), ".continuity/\n");
        for (int i = 0; i < n; i++) {
            commit(git, "notes/a.md", "notes/b.md");
        }
        return git;
    }

    /** An orchestrator with a learned predictor of its own, as the next command-line call opens one. */
    private Orchestrator orchestrator() {
        return Orchestrators.builder(dir).clock(CLOCK)
                .impactPredictor(new TribuoImpactPredictor(MlOptions.defaults(), CLOCK, TribuoImpactPredictor.DEFAULT_INCLUDE)).build();
    }

    private long gitRecords() {
        return HistoryStore.forProject(dir).readAll().stream().filter(r -> r.source() == RecordSource.GIT).count();
    }

    private void impact(Orchestrator o) {
        o.impact(ConsistencyUpdateRequest.builder().projectName("notes").updateType(UpdateType.MANUSCRIPT_CHANGE)
                .changedFile("notes/a.md").build(), MLConfiguration.builder().confidenceThreshold(0.5).build());
    }

    @Test
    void commitsAfterTheFirstUseAreMinedOnceAndAHistoryDeletedIsMinedAgain() throws Exception {
        try (Git git = repository(3)) {
            try (Orchestrator o = Orchestrators.builder(dir).clock(CLOCK).random(RandomGenerator.of("L64X128MixRandom"))
                    .impactPredictor(new TribuoImpactPredictor(MlOptions.defaults(), CLOCK, TribuoImpactPredictor.DEFAULT_INCLUDE)).build()) {
                impact(o);
                assertThat(gitRecords()).isEqualTo(3);
                impact(o);
                assertThat(gitRecords()).as("HEAD did not move: nothing mined again").isEqualTo(3);

                for (int i = 0; i < 2; i++) {
                    commit(git, "notes/a.md", "notes/c.md");
                }
                impact(o);
                assertThat(gitRecords()).as("the two new commits, and not the three known again").isEqualTo(5);
            }
            // another process, as the next CLI command is: the history is read, not mined again
            try (Orchestrator o = orchestrator()) {
                impact(o);
                assertThat(gitRecords()).isEqualTo(5);
            }
            // the history deleted (a cache cleared): the next use mines the log again
            Files.delete(dir.resolve(".continuity/history.jsonl"));
            try (Orchestrator o = orchestrator()) {
                impact(o);
                assertThat(gitRecords()).isEqualTo(5);
            }
        }
    }

    @Test
    void aMiningRunIsContinuedOnlyWithTheSamePatternShallowBoundaryAndAWholeHistory() {
        String head = "1111111111111111111111111111111111111111";
        String before = "2222222222222222222222222222222222222222";
        java.util.List<String> noted = java.util.List.of(before, ".*\\.md", "7");

        assertThat(TribuoImpactPredictor.continuable(noted, head, ".*\\.md", 7)).contains(before);
        assertThat(TribuoImpactPredictor.continuable(noted, head, ".*\\.txt", 7)).as("another pattern").isEmpty();
        assertThat(TribuoImpactPredictor.continuable(noted, head, ".*\\.md", 6)).as("records lost").isEmpty();
        assertThat(TribuoImpactPredictor.continuable(noted, head + " shallow:" + before, ".*\\.md", 7))
                .as("the shallow boundary changed").isEmpty();
        assertThat(TribuoImpactPredictor.continuable(java.util.List.of(before + " shallow:" + head, ".*\\.md", "7"),
                before + " shallow:" + head, ".*\\.md", 7)).as("the same boundary").contains(before);
        assertThat(TribuoImpactPredictor.continuable(java.util.List.of("garbage", ".*\\.md", "x"), head, ".*\\.md", 7))
                .isEmpty();
    }

    @Test
    void aShallowCloneDeepenedWithoutMovingHeadIsMinedAgain() throws Exception {
        try (Git git = repository(5)) {
            // what `git clone --depth 3` leaves: the third commit from the top is the boundary, its parents not fetched
            java.util.List<String> newestFirst = new java.util.ArrayList<>();
            git.log().call().forEach(c -> newestFirst.add(c.name()));
            Files.writeString(dir.resolve(".git/shallow"), newestFirst.get(2) + "\n");
            try (Orchestrator o = orchestrator()) {
                impact(o);
                assertThat(gitRecords()).as("the two commits above the boundary").isEqualTo(2);
            }
            // `git fetch --unshallow`: the older commits are there, HEAD has not moved
            Files.delete(dir.resolve(".git/shallow"));
            try (Orchestrator o = orchestrator()) {
                impact(o);
                assertThat(gitRecords()).isEqualTo(5);
            }
        }
    }

    @Test
    void commitsRewrittenAwayAreDroppedAndABranchNotCheckedOutIsKept() throws Exception {
        try (Git git = repository(4)) {
            try (Orchestrator o = orchestrator()) {
                impact(o);
                assertThat(gitRecords()).isEqualTo(4);

                // git commit --amend: the commit is replaced, not added to
                Files.writeString(dir.resolve("notes/c.md"), "amended\n");
                git.add().addFilepattern("notes/c.md").call();
                git.commit().setAmend(true).setMessage("amended").call();
                impact(o);
                assertThat(gitRecords()).as("the amended commit once").isEqualTo(4);

                // git reset --hard HEAD~2
                git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef("HEAD~2").call();
                impact(o);
                assertThat(gitRecords()).isEqualTo(2);

                // a branch made, committed to and left: its commits are still in the repository's history
                git.checkout().setCreateBranch(true).setName("draft").call();
                commit(git, "notes/a.md", "notes/d.md");
                impact(o);
                git.checkout().setName("main").call();
                impact(o);
                assertThat(gitRecords()).isEqualTo(3);
            }
            // another process reads what was kept
            assertThat(HistoryStore.forProject(dir).readAll()).hasSize(3);
        }
    }

    @Test
    void aGitLogOfOneBulkCommitIsWhatTheStatusLineSays() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            String[] files = new String[31];
            for (int i = 0; i < files.length; i++) {
                files[i] = i == 0 ? "notes/a.md" : String.format("notes/n%02d.md", i);
            }
            commit(git, files);          // a first commit that adds every file
        }
        assertThat(statusLinesOfAnImpact()).singleElement().satisfies(e -> assertThat(e)
                .contains("no commit of the project's git log changes from 1 to 30 of the files it keeps", "bulk edit"));
    }

    @Test
    void commitsAfterABulkFirstCommitTrainAModelAgainstEveryFileThatWasThere() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve(".gitignore"), ".continuity/\n");
            String[] files = new String[31];
            for (int i = 0; i < files.length; i++) {
                files[i] = i == 0 ? "notes/a.md" : String.format("notes/n%02d.md", i);
            }
            commit(git, files);          // a first commit that adds every file: a bulk edit, left out of the history
            // three small commits, each of two files that never changed before: no co-change to learn from yet, but
            // six queries, each ranked against the 30 other files of its parent commit, as eval-impact ranks them
            commit(git, "notes/n01.md", "notes/n02.md");
            commit(git, "notes/n03.md", "notes/n04.md");
            commit(git, "notes/n05.md", "notes/n06.md");
        }
        try (Orchestrator o = orchestrator()) {
            impact(o);
        }
        assertThat(gitRecords()).isEqualTo(3);
        assertThat(dev.continuity.ml.model.ModelStore.forProject(dir).currentId()).as("a model, trained on six queries")
                .isPresent();
    }

    /** The status lines (dev.continuity.ml.status) that one impact in a new orchestrator logs. */
    private java.util.List<String> statusLinesOfAnImpact() {
        ch.qos.logback.classic.Logger status = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.continuity.ml.status");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        status.addAppender(seen);
        ch.qos.logback.classic.Level level = status.getLevel();
        status.setLevel(ch.qos.logback.classic.Level.INFO);        // as the command line's logging has it
        try (Orchestrator o = orchestrator()) {
            impact(o);
        } finally {
            status.detachAppender(seen);
            status.setLevel(level);
        }
        return seen.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aGitLogThatCannotBeReadIsWhatTheStatusLineSays() throws Exception {
        try (Git git = repository(3)) {
            // what `git clone --filter=blob:none` leaves: the remote is a promisor, and an old blob is not there
            org.eclipse.jgit.lib.StoredConfig config = git.getRepository().getConfig();
            config.setString("remote", "origin", "url", "https://example.org/novel.git");
            config.setBoolean("remote", "origin", "promisor", true);
            config.save();
            String blob = new org.eclipse.jgit.lib.ObjectInserter.Formatter().idFor(org.eclipse.jgit.lib.Constants.OBJ_BLOB,
                    "---\ntitle: x\n---\nline 0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).name();
            Files.delete(dir.resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2)));
        }
        assertThat(statusLinesOfAnImpact()).singleElement().satisfies(e -> assertThat(e)
                .contains("its git log could not be read", "partial clone")
                .doesNotContain("no commit of the project's git log changes"));
    }
}
