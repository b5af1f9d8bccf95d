package dev.continuity.core.tx;

import org.junit.jupiter.api.Test;

import java.nio.file.FileSystem;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void commitsTheFixture() throws Exception {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Fixture f = Fixture.novel(1, 12);
            f.writeBefore(root);
            FaultyFileOps ops = new FaultyFileOps(FileOps.nio());
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(ops, 1))) {
                f.stageAll(tx);
                CommitResult r = tx.commit();
                assertThat(r.changes()).hasSize(f.changes.size());
            }
            assertThat(Fixture.snapshot(FileOps.nio(), root)).isEqualTo(f.afterSnapshot());
            assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
            assertThat(AuditLog.read(root)).hasSize(f.changes.size());
            System.out.println("ops: " + ops.count() + " mutating: " + ops.mutatingOps().size());
        }
    }

    @Test
    void recoveringAProjectThatNeverRanLeavesItAsItIsWithoutAStateFolder() throws Exception {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Fixture.novel(1, 12).writeBefore(root);
            RecoveryReport report = ProjectTransaction.recover(root, FileOps.nio());
            assertThat(report.outcome()).isEqualTo(RecoveryReport.Outcome.NOTHING_TO_RECOVER);
            assertThat(java.nio.file.Files.exists(root.resolve(".continuity"))).as("no state folder created just to lock it").isFalse();
        }
    }
}
