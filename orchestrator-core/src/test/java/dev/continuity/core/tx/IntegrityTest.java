package dev.continuity.core.tx;

import dev.continuity.api.CommitPolicy;
import dev.continuity.api.IntegrityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Damaged journals, checkpoints and audit logs are detected and refused, never used. */
class IntegrityTest {
    private static final long SEED = 21;

    private enum Damage {
        TRUNCATE_HALF("truncated"), TRUNCATE_LAST_BYTE("truncated"), EMPTY("empty"), ZERO_FILL("zero-filled"),
        FLIP_MAGIC("bad magic"), FLIP_HEADER("checksum mismatch"), FLIP_MIDDLE("checksum mismatch"), FLIP_LAST_BYTE("checksum mismatch");

        final String expected;

        Damage(String expected) {
            this.expected = expected;
        }

        byte[] apply(byte[] data) {
            byte[] d = data.clone();
            return switch (this) {
                case TRUNCATE_HALF -> Arrays.copyOf(d, d.length / 2);
                case TRUNCATE_LAST_BYTE -> Arrays.copyOf(d, d.length - 1);
                case EMPTY -> new byte[0];
                case ZERO_FILL -> new byte[d.length];
                case FLIP_MAGIC -> flip(d, 3);
                case FLIP_HEADER -> flip(d, 20);
                case FLIP_MIDDLE -> flip(d, d.length / 2);
                case FLIP_LAST_BYTE -> flip(d, d.length - 1);
            };
        }

        private static byte[] flip(byte[] d, int at) {
            d[at] ^= 0x10;
            return d;
        }
    }

    /** Runs the fixture update on a fresh Jimfs and crashes before the first operation matching {@code at}. */
    private static Path crashBefore(FileSystem fs, Fixture fixture, Predicate<FaultyFileOps.Op> at) {
        Path root = TestSupport.project(fs);
        fixture.writeBefore(root);
        boolean[] crashed = {false};
        FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), op -> {
            if (crashed[0] || at.test(op)) {
                crashed[0] = true;
                throw new FaultyFileOps.SimulatedCrash("crash at " + op);
            }
        });
        try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(ops, SEED))) {
            fixture.stageAll(tx);
            tx.commit();
        } catch (FaultyFileOps.SimulatedCrash expected) {
            // crashed
        }
        assertThat(crashed[0]).isTrue();
        return root;
    }

    private static Predicate<FaultyFileOps.Op> firstProjectMove() {
        return op -> op.kind() == FaultyFileOps.Kind.MOVE && op.path().toString().endsWith(".md");
    }

    private static Predicate<FaultyFileOps.Op> cleanupAfterCommit() {
        return op -> op.kind() == FaultyFileOps.Kind.DELETE && op.path().getFileName().toString().equals("journal.committed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"journal", "journal.committed"})
    void aDamagedJournalIsRefusedAndTheProjectIsNotTouched(String name) throws IOException {
        Fixture fixture = Fixture.novel(SEED, 6);
        for (Damage damage : Damage.values()) {
            try (FileSystem fs = TestSupport.jimfs()) {
                Path root = crashBefore(fs, fixture, name.equals("journal") ? firstProjectMove() : cleanupAfterCommit());
                Path journal = root.resolve(".continuity/tx/" + name);
                Files.write(journal, damage.apply(Files.readAllBytes(journal)));
                Map<String, String> beforeRecovery = Fixture.snapshot(FileOps.nio(), root);
                for (int attempt = 0; attempt < 2; attempt++) {
                    assertThatThrownBy(() -> ProjectTransaction.recover(root, TestSupport.afterReboot(FileOps.nio(), SEED)))
                            .as("%s %s", name, damage)
                            .isInstanceOfSatisfying(IntegrityException.class, e -> {
                                assertThat(e.file()).isEqualTo(".continuity/tx/" + name);
                                assertThat(e.defect()).contains(damage.expected);
                            });
                }
                assertThatThrownBy(() -> ProjectTransaction.begin(root, "next", TestSupport.afterReboot(FileOps.nio(), SEED)))
                        .isInstanceOf(IntegrityException.class);
                assertThatThrownBy(() -> ProjectTransaction.status(root, FileOps.nio())).isInstanceOf(IntegrityException.class);
                assertThat(Fixture.snapshot(FileOps.nio(), root)).as("%s %s", name, damage).isEqualTo(beforeRecovery);
                assertThat(Files.exists(root.resolve(".continuity/lock"))).isFalse();
            }
        }
    }

    @Test
    void everySingleByteCorruptionAndEveryTruncationOfAJournalIsDetected() throws IOException {
        Fixture fixture = Fixture.novel(SEED, 6);
        byte[] journal;
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = crashBefore(fs, fixture, firstProjectMove());
            journal = Files.readAllBytes(root.resolve(".continuity/tx/journal"));
        }
        assertThat(Journal.decode("j", journal).entries()).hasSize(fixture.changes.size());
        for (int i = 0; i < journal.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] d = journal.clone();
                d[i] ^= (byte) mask;
                int at = i;
                assertThatThrownBy(() -> Journal.decode("j", d)).as("byte %d ^ %x", at, mask).isInstanceOf(IntegrityException.class);
            }
        }
        for (int length = 0; length < journal.length; length++) {
            byte[] d = Arrays.copyOf(journal, length);
            assertThatThrownBy(() -> Journal.decode("j", d)).as("truncated to %d", length).isInstanceOf(IntegrityException.class);
        }
        System.out.printf("journal of %d bytes: %d corruptions and %d truncations, all refused%n", journal.length, journal.length * 3,
                journal.length);
    }

    @Test
    void aTornIncompleteJournalMeansTheProjectWasNotTouchedAndIsDiscarded() throws IOException {
        Fixture fixture = Fixture.novel(SEED, 6);
        try (FileSystem fs = TestSupport.jimfs()) {
            // the crash comes before journal.tmp is renamed; then the tmp is torn as a power loss could leave it
            Path root = crashBefore(fs, fixture, op -> op.kind() == FaultyFileOps.Kind.MOVE);
            Path tmp = root.resolve(".continuity/tx/journal.tmp");
            Files.write(tmp, Arrays.copyOf(Files.readAllBytes(tmp), 100));
            assertThat(ProjectTransaction.status(root, FileOps.nio()).pendingJournal()).hasValueSatisfying(
                    p -> assertThat(p.state()).isEqualTo(TransactionStatus.PendingJournal.State.INCOMPLETE));
            RecoveryReport report = ProjectTransaction.recover(root, TestSupport.afterReboot(FileOps.nio(), SEED));
            assertThat(report.outcome()).isEqualTo(RecoveryReport.Outcome.DISCARDED_INCOMPLETE_JOURNAL);
            assertThat(Consistency.check(FileOps.nio(), root, fixture).state()).isEqualTo(Consistency.State.BEFORE);
            assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
        }
    }

    private static Path checkpointedRun(FileSystem fs) {
        Path root = TestSupport.project(fs);
        Fixture.novel(SEED, 6).writeBefore(root);
        TransactionOptions options = TestSupport.options(FileOps.nio(), SEED).toBuilder().policy(CommitPolicy.CHECKPOINTED).build();
        try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options)) {
            tx.stage("new-1.md", "one\n".getBytes(), StageInfo.of("s1", "h"));
            tx.checkpoint("first", List.of("s1"));
            tx.stage("new-2.md", "two\n".getBytes(), StageInfo.of("s2", "h"));
            tx.checkpoint("second", List.of("s2"));
        }
        return root;
    }

    @Test
    void aDamagedCheckpointIsRefused() throws IOException {
        for (Damage damage : Damage.values()) {
            try (FileSystem fs = TestSupport.jimfs()) {
                Path root = checkpointedRun(fs);
                Path cp = root.resolve(".continuity/runs/run-1/cp-000001.ckpt");
                Files.write(cp, damage.apply(Files.readAllBytes(cp)));
                Map<String, String> before = Fixture.snapshot(FileOps.nio(), root);
                TransactionOptions options = TestSupport.options(FileOps.nio(), SEED).toBuilder().policy(CommitPolicy.CHECKPOINTED).build();
                for (Runnable call : List.<Runnable>of(
                        () -> ProjectTransaction.resumeInfo(root, "run-1", FileOps.nio()),
                        () -> ProjectTransaction.status(root, FileOps.nio()),
                        () -> ProjectTransaction.begin(root, "run-1", options).close(),
                        () -> ProjectTransaction.rollbackCheckpointed(root, "run-1", options))) {
                    assertThatThrownBy(call::run).as("%s", damage).isInstanceOfSatisfying(IntegrityException.class, e -> {
                        assertThat(e.file()).isEqualTo(".continuity/runs/run-1/cp-000001.ckpt");
                        assertThat(e.defect()).contains(damage.expected);
                    });
                }
                assertThat(Fixture.snapshot(FileOps.nio(), root)).isEqualTo(before);
            }
        }
    }

    @Test
    void aMissingCheckpointIsRefused() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = checkpointedRun(fs);
            Files.delete(root.resolve(".continuity/runs/run-1/cp-000001.ckpt"));
            assertThatThrownBy(() -> ProjectTransaction.resumeInfo(root, "run-1", FileOps.nio()))
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("checkpoint 1 of run 'run-1' is missing");
        }
    }

    @Test
    void aDamagedAuditLineIsRefused() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Fixture fixture = Fixture.novel(SEED, 6);
            fixture.writeBefore(root);
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(FileOps.nio(), SEED))) {
                fixture.stageAll(tx);
                tx.commit();
            }
            Path audit = root.resolve(".continuity/audit.jsonl");
            byte[] good = Files.readAllBytes(audit);
            assertThat(AuditLog.read(root)).hasSize(fixture.changes.size());
            byte[] flipped = good.clone();
            int secondLine = new String(good, java.nio.charset.StandardCharsets.UTF_8).indexOf('\n') + 1;
            flipped[secondLine + 30] ^= 0x02;
            Files.write(audit, flipped);
            assertThatThrownBy(() -> AuditLog.read(root)).isInstanceOfSatisfying(IntegrityException.class, e -> {
                assertThat(e.file()).isEqualTo(".continuity/audit.jsonl");
                assertThat(e.defect()).contains("line 2");
            });
            Files.write(audit, Arrays.copyOf(good, good.length - 5));
            assertThatThrownBy(() -> AuditLog.read(root)).isInstanceOf(IntegrityException.class).hasMessageContaining("incomplete");
            Files.write(audit, new byte[good.length]);
            assertThatThrownBy(() -> AuditLog.read(root)).isInstanceOf(IntegrityException.class);
        }
    }
}
