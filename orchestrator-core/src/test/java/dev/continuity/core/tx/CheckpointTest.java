package dev.continuity.core.tx;

import dev.continuity.api.CommitPolicy;
import dev.continuity.api.ConcurrentEditException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CHECKPOINTED runs: groups of steps commit at checkpoints; a failed run is resumed or rolled back to its start. */
class CheckpointTest {
    private static final String PLAN = "{\"steps\":[\"s1\",\"s2\",\"s3\",\"s4\"]}";

    private static TransactionOptions options(FileOps ops) {
        return TestSupport.options(ops, 5).toBuilder().policy(CommitPolicy.CHECKPOINTED).planJson(PLAN).build();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Path project(FileSystem fs) throws IOException {
        Path root = TestSupport.project(fs);
        Files.createDirectories(root.resolve("20_プロット"));
        Files.write(root.resolve("20_プロット/全体.md"), b("起\n承\n転\n結\n"));
        Files.write(root.resolve("20_プロット/旧メモ.md"), b("消す\n"));
        Files.write(root.resolve("30_人物.md"), b("佐藤\n"));
        return root;
    }

    /** Group 1: modify a file and delete one. Group 2: create a file in a new folder and modify another. */
    private static void group1(ProjectTransaction tx) {
        tx.stage("20_プロット/全体.md", b("起\n承\n転（改）\n結\n"), StageInfo.scanned("s1", "plot", b("起\n承\n転\n結\n")));
        tx.stageDeletion("20_プロット/旧メモ.md", StageInfo.scanned("s2", "cleanup", b("消す\n")));
    }

    private static void group2(ProjectTransaction tx) {
        tx.stage("40_原稿/第1巻/第01話.md", b("本文\n"), StageInfo.scannedAbsent("s3", "draft"));
        tx.stage("30_人物.md", b("鈴木\n"), StageInfo.scanned("s4", "rename", b("佐藤\n")));
    }

    @Test
    void aFailedRunIsResumedAfterItsLastCheckpoint() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(FileOps.nio()))) {
                group1(tx);
                CommitResult cp = tx.checkpoint("plot", List.of("s1", "s2"));
                assertThat(cp.checkpointLabel()).hasValue("plot");
                assertThat(cp.changes()).extracting(CommitResult.Change::path).containsExactly("20_プロット/全体.md", "20_プロット/旧メモ.md");
                group2(tx);
                // the process fails here: close without commit rolls back to the last checkpoint
            }
            assertThat(Files.readString(root.resolve("20_プロット/全体.md"))).isEqualTo("起\n承\n転（改）\n結\n");
            assertThat(Files.exists(root.resolve("20_プロット/旧メモ.md"))).isFalse();
            assertThat(Files.exists(root.resolve("40_原稿"))).isFalse();
            assertThat(Files.readString(root.resolve("30_人物.md"))).isEqualTo("佐藤\n");

            Optional<CheckpointedRun> info = ProjectTransaction.resumeInfo(root, "run-1", FileOps.nio());
            assertThat(info).hasValueSatisfying(run -> {
                assertThat(run.completedStepIds()).containsExactly("s1", "s2");
                assertThat(run.lastLabel()).isEqualTo("plot");
                assertThat(run.checkpoints()).isEqualTo(1);
                assertThat(run.planJson()).isEqualTo(PLAN);
                assertThat(run.changedFiles()).containsExactly("20_プロット/全体.md", "20_プロット/旧メモ.md");
            });
            assertThat(ProjectTransaction.status(root, FileOps.nio()).checkpointedRuns()).extracting(CheckpointedRun::executionId)
                    .containsExactly("run-1");

            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(FileOps.nio()))) {
                assertThat(tx.checkpointedRun()).hasValueSatisfying(r -> assertThat(r.completedStepIds()).containsExactly("s1", "s2"));
                group2(tx);
                tx.checkpoint("drafts", List.of("s3", "s4"));
                assertThat(tx.checkpointedRun()).hasValueSatisfying(r -> assertThat(r.completedStepIds()).containsExactly("s1", "s2", "s3", "s4"));
                tx.commit();
            }
            assertThat(Files.readString(root.resolve("40_原稿/第1巻/第01話.md"))).isEqualTo("本文\n");
            assertThat(Files.readString(root.resolve("30_人物.md"))).isEqualTo("鈴木\n");
            assertThat(ProjectTransaction.status(root, FileOps.nio()).checkpointedRuns()).isEmpty();
            assertThat(Files.exists(root.resolve(".continuity/runs/run-1"))).isFalse();
            assertThat(ProjectTransaction.resumeInfo(root, "run-1", FileOps.nio())).isEmpty();
            assertThat(AuditLog.read(root)).extracting(AuditEntry::stepId).containsExactly("s1", "s2", "s3", "s4");
        }
    }

    @Test
    void aCheckpointedRunIsRolledBackToItsStart() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            Map<String, String> start = Fixture.snapshot(FileOps.nio(), root);
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(FileOps.nio()))) {
                group1(tx);
                tx.checkpoint("plot", List.of("s1", "s2"));
                group2(tx);
                tx.checkpoint("drafts", List.of("s3", "s4"));
                tx.stage("30_人物.md", b("高橋\n"), StageInfo.scanned("s5", "rename", b("鈴木\n")));
            }
            assertThat(Files.readString(root.resolve("30_人物.md"))).isEqualTo("鈴木\n");
            CommitResult undone = ProjectTransaction.rollbackCheckpointed(root, "run-1", options(FileOps.nio()));
            assertThat(undone.changes()).hasSize(4);
            assertThat(Fixture.snapshot(FileOps.nio(), root)).isEqualTo(start);
            assertThat(ProjectTransaction.status(root, FileOps.nio()).checkpointedRuns()).isEmpty();
            assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
            assertThat(AuditLog.read(root)).filteredOn(e -> e.stepId().equals("rollback")).hasSize(4);
        }
    }

    @Test
    void rollingBackRefusesToOverwriteAnEditMadeAfterTheCheckpoint() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(FileOps.nio()))) {
                group1(tx);
                tx.checkpoint("plot", List.of("s1", "s2"));
            }
            Files.write(root.resolve("20_プロット/全体.md"), b("作者が書き直した\n"));
            Map<String, String> now = Fixture.snapshot(FileOps.nio(), root);
            assertThatThrownBy(() -> ProjectTransaction.rollbackCheckpointed(root, "run-1", options(FileOps.nio())))
                    .isInstanceOfSatisfying(ConcurrentEditException.class, e -> assertThat(e.file()).isEqualTo("20_プロット/全体.md"))
                    .hasMessageContaining("nothing was written");
            assertThat(Fixture.snapshot(FileOps.nio(), root)).isEqualTo(now);
            assertThat(ProjectTransaction.resumeInfo(root, "run-1", FileOps.nio())).isPresent();
        }
    }

    @Test
    void checkpointsNeedTheCheckpointedPolicyAndACheckpointedRunCannotBeReopenedAllOrNothing() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "plain", TestSupport.options(FileOps.nio(), 1))) {
                assertThatThrownBy(() -> tx.checkpoint("x", List.of())).isInstanceOf(IllegalStateException.class);
            }
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(FileOps.nio()))) {
                tx.checkpoint("empty", List.of("s0"));
            }
            assertThatThrownBy(() -> ProjectTransaction.begin(root, "run-1", TestSupport.options(FileOps.nio(), 1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("checkpointed run");
            assertThatThrownBy(() -> ProjectTransaction.rollbackCheckpointed(root, "nope", options(FileOps.nio())))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The run's project states, S0 to S3, and what status says at each. */
    private record Stage(Map<String, String> files, int checkpoints) {}

    /**
     * Crash at every operation of a whole checkpointed run (two checkpoints and the final commit), recover, and
     * find the project exactly at one of its checkpoints, with matching checkpoint records.
     */
    @Test
    void aCrashAnywhereInACheckpointedRunLeavesItAtACheckpoint() throws IOException {
        List<Stage> stages = new ArrayList<>();
        long total;
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            stages.add(new Stage(Fixture.snapshot(FileOps.nio(), root), 0));
            FaultyFileOps ops = new FaultyFileOps(FileOps.nio());
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(ops))) {
                group1(tx);
                tx.checkpoint("plot", List.of("s1", "s2"));
                stages.add(new Stage(Fixture.snapshot(FileOps.nio(), root), 1));
                group2(tx);
                tx.checkpoint("drafts", List.of("s3", "s4"));
                stages.add(new Stage(Fixture.snapshot(FileOps.nio(), root), 2));
                tx.stage("30_人物.md", b("高橋\n"), StageInfo.scanned("s5", "rename", b("鈴木\n")));
                tx.commit();
            }
            stages.add(new Stage(Fixture.snapshot(FileOps.nio(), root), 0));
            total = ops.count();
        }
        int[] seen = new int[stages.size()];
        for (long k = 1; k <= total + 1; k++) {
            try (FileSystem fs = TestSupport.jimfs()) {
                Path root = project(fs);
                FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), FaultyFileOps.crashAt(k));
                try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(ops))) {
                    group1(tx);
                    tx.checkpoint("plot", List.of("s1", "s2"));
                    group2(tx);
                    tx.checkpoint("drafts", List.of("s3", "s4"));
                    tx.stage("30_人物.md", b("高橋\n"), StageInfo.scanned("s5", "rename", b("鈴木\n")));
                    tx.commit();
                } catch (FaultyFileOps.SimulatedCrash expected) {
                    // died
                }
                ProjectTransaction.recover(root, TestSupport.afterReboot(FileOps.nio(), k));
                Map<String, String> now = Fixture.snapshot(FileOps.nio(), root);
                int checkpoints = ProjectTransaction.resumeInfo(root, "run-1", FileOps.nio()).map(CheckpointedRun::checkpoints).orElse(0);
                int match = -1;
                for (int i = 0; i < stages.size(); i++) {
                    if (stages.get(i).files().equals(now) && stages.get(i).checkpoints() == checkpoints) {
                        match = i;
                    }
                }
                assertThat(match).as("crash at %d: %s with %d checkpoints", k, now, checkpoints).isNotNegative();
                assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
                seen[match]++;
                if (match == 1 || match == 2) {
                    // and the run can still be undone completely from there
                    ProjectTransaction.rollbackCheckpointed(root, "run-1", options(FileOps.nio()));
                    assertThat(Fixture.snapshot(FileOps.nio(), root)).isEqualTo(stages.get(0).files());
                }
            }
        }
        System.out.printf("checkpointed run: %d crash points, ended at start/checkpoint 1/checkpoint 2/final: %d/%d/%d/%d%n", total + 1,
                seen[0], seen[1], seen[2], seen[3]);
        assertThat(seen[0]).isPositive();
        assertThat(seen[1]).isPositive();
        assertThat(seen[2]).isPositive();
        assertThat(seen[3]).isPositive();
    }

    @Test
    void aCrashAnywhereInTheRollbackOfACheckpointedRunLeavesItEitherIntactOrUndone() throws IOException {
        long total;
        Map<String, String> start;
        Map<String, String> atCheckpoint;
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            start = Fixture.snapshot(FileOps.nio(), root);
            runToTwoCheckpoints(root);
            atCheckpoint = Fixture.snapshot(FileOps.nio(), root);
            FaultyFileOps ops = new FaultyFileOps(FileOps.nio());
            ProjectTransaction.rollbackCheckpointed(root, "run-1", options(ops));
            total = ops.count();
        }
        for (long k = 1; k <= total; k++) {
            try (FileSystem fs = TestSupport.jimfs()) {
                Path root = project(fs);
                runToTwoCheckpoints(root);
                try {
                    ProjectTransaction.rollbackCheckpointed(root, "run-1", options(new FaultyFileOps(FileOps.nio(), FaultyFileOps.crashAt(k))));
                } catch (FaultyFileOps.SimulatedCrash expected) {
                    // died
                }
                ProjectTransaction.recover(root, TestSupport.afterReboot(FileOps.nio(), k));
                Map<String, String> now = Fixture.snapshot(FileOps.nio(), root);
                Optional<CheckpointedRun> run = ProjectTransaction.resumeInfo(root, "run-1", FileOps.nio());
                if (run.isPresent()) {
                    assertThat(now).as("crash at %d", k).isEqualTo(atCheckpoint);
                    assertThat(run.get().checkpoints()).isEqualTo(2);
                } else {
                    assertThat(now).as("crash at %d", k).isEqualTo(start);
                }
                assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
            }
        }
    }

    private static void runToTwoCheckpoints(Path root) {
        try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(FileOps.nio()))) {
            group1(tx);
            tx.checkpoint("plot", List.of("s1", "s2"));
            group2(tx);
            tx.checkpoint("drafts", List.of("s3", "s4"));
        }
    }
}
