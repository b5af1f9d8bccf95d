package dev.continuity.core.tx;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.continuity.api.OrchestratorException;
import dev.continuity.api.TransactionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * I/O errors at every operation (reads, writes, forces, moves, deletes, syncs), once or repeating, and a full disk:
 * the run fails cleanly and the project is byte-identical to its state before. A failure before the commit point
 * is never turned into a success (in particular a failed force is not retried); a failure after it (cleanup) leaves
 * the commit standing.
 */
class IoFaultTest {
    private static final long SEED = 3;
    private static final int FILES = 20;

    private record Run(FaultyFileOps ops, RuntimeException failure, CommitResult result) {}

    private static Run update(Path root, Fixture fixture, FaultyFileOps ops) {
        try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(ops, SEED))) {
            fixture.stageAll(tx);
            return new Run(ops, null, tx.commit());
        } catch (RuntimeException e) {
            return new Run(ops, e, null);
        }
    }

    /** The index of the operation that makes the commit record durable (the sync after the rename). */
    private static long commitPoint(List<FaultyFileOps.Op> log) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).kind() == FaultyFileOps.Kind.MOVE && log.get(i).path().getFileName().toString().equals("journal.committed")) {
                return log.get(i + 1).index();
            }
        }
        throw new AssertionError("no commit record in " + log);
    }

    @ParameterizedTest
    @EnumSource(FaultyFileOps.Repeat.class)
    void anIoErrorAtEveryOperationFailsCleanly(FaultyFileOps.Repeat repeat) throws IOException {
        Fixture fixture = Fixture.novel(SEED, FILES);
        long total;
        long commitPoint;
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            fixture.writeBefore(root);
            Run dry = update(root, fixture, new FaultyFileOps(FileOps.nio()));
            assertThat(dry.failure()).isNull();
            total = dry.ops().count();
            commitPoint = commitPoint(dry.ops().log());
        }
        int failed = 0;
        int rolledBackInProcess = 0;
        int succeeded = 0;
        for (long k = 1; k <= total; k++) {
            try (FileSystem fs = TestSupport.jimfs()) {
                Path root = TestSupport.project(fs);
                fixture.writeBefore(root);
                FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), FaultyFileOps.failAt(k, repeat));
                Run run = update(root, fixture, ops);
                String what = repeat + " I/O error at operation " + k + " " + ops.log().get((int) k - 1);
                assertThat(ProjectLock.heldInThisJvm()).as(what + ": no lock may stay registered").isZero();
                if (k <= commitPoint) {
                    assertThat(run.failure()).as(what + " must fail the run").isNotNull();
                }
                if (run.failure() == null) {
                    succeeded++;
                    assertThat(k).as(what).isGreaterThan(commitPoint);
                    ProjectTransaction.recover(root, TestSupport.afterReboot(FileOps.nio(), SEED));
                    assertThat(Fixture.snapshot(FileOps.nio(), root)).as(what).isEqualTo(fixture.afterSnapshot());
                } else {
                    failed++;
                    assertThat(run.failure()).as(what).isInstanceOf(OrchestratorException.class);
                    boolean rolledBack = run.failure() instanceof TransactionException te
                            && te.outcome() == TransactionException.Outcome.ROLLED_BACK;
                    if (rolledBack) {
                        rolledBackInProcess++;
                        assertThat(Fixture.snapshot(FileOps.nio(), root)).as(what + ": rolled back in-process").isEqualTo(fixture.beforeSnapshot());
                    }
                    RecoveryReport report;
                    try {
                        report = ProjectTransaction.recover(root, TestSupport.afterReboot(FileOps.nio(), SEED));
                    } catch (RuntimeException e) {
                        run.failure().printStackTrace();
                        throw new AssertionError(what, e);
                    }
                    Consistency.Verdict v = Consistency.check(FileOps.nio(), root, fixture);
                    assertThat(v.leftovers()).as(what).isEmpty();
                    if (report.outcome() == RecoveryReport.Outcome.ROLLED_FORWARD) {
                        // the disk failed right at the commit record: it may or may not have reached the disk;
                        // the process said "failed, recovery pending", and recovery found it committed
                        assertThat(((TransactionException) run.failure()).outcome()).isEqualTo(TransactionException.Outcome.RECOVERY_PENDING);
                        assertThat(k).as(what).isGreaterThanOrEqualTo(commitPoint - 1);
                        assertThat(v.state()).as(what).isEqualTo(Consistency.State.AFTER);
                    } else {
                        assertThat(v.state()).as(what + ": " + v.detail()).isEqualTo(Consistency.State.BEFORE);
                    }
                }
            }
        }
        System.out.printf("%s I/O errors: %d operations, %d runs failed (%d rolled back in-process), %d committed (error after the commit point)%n",
                repeat, total, failed, rolledBackInProcess, succeeded);
    }

    @Test
    void aFullDiskAtEveryPointFailsCleanly() throws IOException {
        Fixture fixture = Fixture.novel(SEED, FILES);
        long used;
        Configuration big = Configuration.unix().toBuilder().setBlockSize(256).setMaxSize(64L << 20).build();
        try (FileSystem fs = Jimfs.newFileSystem(big)) {
            Path root = TestSupport.project(fs);
            fixture.writeBefore(root);
            used = (64L << 20) - fs.getFileStores().iterator().next().getUnallocatedSpace();
        }
        int failed = 0;
        int committed = 0;
        for (long extra = 0; ; extra += 1024) {
            Configuration config = Configuration.unix().toBuilder().setBlockSize(256).setMaxSize(used + extra).build();
            try (FileSystem fs = Jimfs.newFileSystem(config)) {
                Path root = TestSupport.project(fs);
                fixture.writeBefore(root);
                Run run = update(root, fixture, new FaultyFileOps(FileOps.nio()));
                String what = "disk full with " + extra + " bytes free";
                if (run.failure() == null) {
                    committed++;
                    assertThat(Fixture.snapshot(FileOps.nio(), root)).as(what).isEqualTo(fixture.afterSnapshot());
                    break;
                }
                failed++;
                assertThat(run.failure()).as(what).isInstanceOf(OrchestratorException.class);
                assertThat(run.failure()).as(what).isInstanceOfSatisfying(TransactionException.class,
                        e -> assertThat(e.outcome()).isEqualTo(TransactionException.Outcome.ROLLED_BACK));
                // rolled back in-process, on the still full disk: nothing left to recover, nothing left behind
                Consistency.Verdict v = Consistency.check(FileOps.nio(), root, fixture);
                assertThat(v.state()).as(what).isEqualTo(Consistency.State.BEFORE);
                assertThat(v.leftovers()).as(what).isEmpty();
                assertThat(ProjectTransaction.status(root, FileOps.nio()).pendingJournal()).as(what).isEmpty();
            }
        }
        System.out.printf("full disk: %d runs failed cleanly before there was room enough to commit%n", failed);
        assertThat(failed).isGreaterThan(10);
        assertThat(committed).isEqualTo(1);
    }

    /** A file system without atomic rename: the run fails; there is no non-atomic fallback. */
    @Test
    void atomicMoveNotSupportedFailsTheRunWithoutFallback() throws IOException {
        Fixture fixture = Fixture.novel(SEED, FILES);
        for (String failOn : List.of("journal", ".md")) {
            try (FileSystem fs = TestSupport.jimfs()) {
                Path root = TestSupport.project(fs);
                fixture.writeBefore(root);
                FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), op -> {
                    if (op.kind() == FaultyFileOps.Kind.MOVE && op.path().getFileName().toString().endsWith(failOn)) {
                        throw new AtomicMoveNotSupportedException(op.path().toString(), op.path().toString(), "no atomic rename here");
                    }
                });
                Run run = update(root, fixture, ops);
                assertThat(run.failure()).isInstanceOf(TransactionException.class)
                        .hasMessageContaining("ATOMIC_MOVE not supported")
                        .hasMessageContaining("never falls back");
                assertThat(((TransactionException) run.failure()).outcome()).isEqualTo(TransactionException.Outcome.ROLLED_BACK);
                assertThat(Fixture.snapshot(FileOps.nio(), root)).isEqualTo(fixture.beforeSnapshot());
                assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
                // nothing but temp files and the journal was ever opened for writing
                assertThat(ops.log()).filteredOn(op -> op.kind() == FaultyFileOps.Kind.CREATE_NEW)
                        .allSatisfy(op -> assertThat(op.path().getFileName().toString()).matches("\\.ct-.*\\.tmp|journal\\.tmp"));
            }
        }
    }

    /** A failed force is never retried: the run fails and is rolled back. */
    @Test
    void aFailedForceIsNeverRetriedIntoASuccess() throws IOException {
        Fixture fixture = Fixture.novel(SEED, FILES);
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            fixture.writeBefore(root);
            Path[] failedFile = new Path[1];
            FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), op -> {
                if (op.kind() == FaultyFileOps.Kind.FORCE && op.path().getFileName().toString().startsWith(".ct-") && failedFile[0] == null) {
                    failedFile[0] = op.path();
                    throw new IOException("fsync failed: EIO");
                }
            });
            Run run = update(root, fixture, ops);
            assertThatThrownBy(() -> { throw run.failure(); }).isInstanceOf(TransactionException.class).hasMessageContaining("EIO");
            assertThat(ops.log()).filteredOn(op -> op.kind() == FaultyFileOps.Kind.FORCE && op.path().equals(failedFile[0])).hasSize(1);
            assertThat(Fixture.snapshot(FileOps.nio(), root)).isEqualTo(fixture.beforeSnapshot());
            assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
        }
    }
}
