package dev.continuity.core.tx;

import dev.continuity.api.CommitPolicy;
import dev.continuity.api.TransactionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * File modes: a replaced file keeps its POSIX permissions (set on the temp before the atomic move), rollback and
 * roll-forward restore them too (also from journals written before modes were journaled), a file without the
 * owner's write permission is refused before anything is written, and a write failure names the user's file.
 * Checked through the mode bits, not through {@code EACCES}, which root never gets.
 */
class FileModeTest {
    private static final long SEED = 5;
    private static final String PLAN = "10_企画/企画書.md";
    private static final String CHAPTER = "40_原稿/第1巻/第1話.md";
    private static final String NOTES = "30_設定集/メモ.md";
    private static final String NEW = "40_原稿/第1巻/第2話.md";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Path root, String rel, String content, String mode) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, utf8(content));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    private static String mode(Path root, String rel) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(rel)));
    }

    private static String content(Path root, String rel) throws IOException {
        return Files.readString(root.resolve(rel));
    }

    /** The project: a private plan, a group-readable chapter, notes the transaction deletes. */
    private static Path project(FileSystem fs) throws IOException {
        Path root = TestSupport.project(fs);
        write(root, PLAN, "plan v1\n", "rw-r-----");
        write(root, CHAPTER, "chapter v1\n", "rwxr-x---");
        write(root, NOTES, "notes v1\n", "rw-------");
        return root;
    }

    private static void stageUpdate(ProjectTransaction tx) {
        tx.stage(PLAN, utf8("plan v2\n"), StageInfo.scanned("s1", "h", utf8("plan v1\n")));
        tx.stage(CHAPTER, utf8("chapter v2\n"), StageInfo.scanned("s1", "h", utf8("chapter v1\n")));
        tx.stageDeletion(NOTES, StageInfo.scanned("s1", "h", utf8("notes v1\n")));
        tx.stage(NEW, utf8("new\n"), StageInfo.scannedAbsent("s1", "h"));
    }

    private static RuntimeException update(Path root, FileOps ops) {
        try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(ops, SEED))) {
            stageUpdate(tx);
            tx.commit();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void assertBefore(Path root) throws IOException {
        assertThat(content(root, PLAN)).isEqualTo("plan v1\n");
        assertThat(mode(root, PLAN)).isEqualTo("rw-r-----");
        assertThat(content(root, CHAPTER)).isEqualTo("chapter v1\n");
        assertThat(mode(root, CHAPTER)).isEqualTo("rwxr-x---");
        assertThat(content(root, NOTES)).isEqualTo("notes v1\n");
        assertThat(mode(root, NOTES)).isEqualTo("rw-------");
        assertThat(Files.exists(root.resolve(NEW))).isFalse();
        assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
    }

    private static String defaultMode(FileSystem fs) throws IOException {
        Path probe = fs.getPath("/probe");
        Files.write(probe, new byte[0]);
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(probe));
        Files.delete(probe);
        return mode;
    }

    @Test
    void aReplacedFileKeepsItsModeAndANewFileGetsTheDefault() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            assertThat(update(root, FileOps.nio())).isNull();
            assertThat(content(root, PLAN)).isEqualTo("plan v2\n");
            assertThat(mode(root, PLAN)).isEqualTo("rw-r-----");
            assertThat(content(root, CHAPTER)).isEqualTo("chapter v2\n");
            assertThat(mode(root, CHAPTER)).isEqualTo("rwxr-x---");
            assertThat(Files.exists(root.resolve(NOTES))).isFalse();
            assertThat(mode(root, NEW)).isEqualTo(defaultMode(fs));
        }
    }

    /** No moment shows the new content with another mode: the temp has the mode before it is moved. */
    @Test
    void theTempFileHasTheModeBeforeItIsMoved() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            List<String> seen = new ArrayList<>();
            FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), op -> {
                if (op.kind() == FaultyFileOps.Kind.MOVE && op.path().equals(root.resolve(PLAN))) {
                    try (Stream<Path> siblings = Files.list(op.path().getParent())) {
                        for (Path tmp : siblings.filter(p -> p.getFileName().toString().startsWith(".ct-")).toList()) {
                            seen.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp)));
                        }
                    }
                }
            });
            assertThat(update(root, ops)).isNull();
            assertThat(seen).containsExactly("rw-r-----");
            // the mode is set before the temp is forced, so that the force makes it durable with the content
            List<FaultyFileOps.Op> log = ops.log();
            int set = indexOf(log, FaultyFileOps.Kind.SET_PERMISSIONS, ".ct-");
            int append = indexOf(log, FaultyFileOps.Kind.APPEND, ".ct-");
            int force = indexOf(log, FaultyFileOps.Kind.FORCE, ".ct-");
            int move = indexOf(log, FaultyFileOps.Kind.MOVE, "企画書.md");
            // and before the content is written: a private file's content is never in a file with a wider mode
            assertThat(set).isPositive().isLessThan(append);
            assertThat(append).isLessThan(force);
            assertThat(force).isLessThan(move);
        }
    }

    private static int indexOf(List<FaultyFileOps.Op> log, FaultyFileOps.Kind kind, String name) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).kind() == kind && log.get(i).path().getFileName().toString().contains(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A failure after the files were moved (at the commit record) rolls back in-process, modes included. */
    @Test
    void anInProcessRollbackRestoresTheModes() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), op -> {
                if (op.kind() == FaultyFileOps.Kind.MOVE && op.path().getFileName().toString().equals("journal.committed")) {
                    throw new IOException("injected");
                }
            });
            RuntimeException failure = update(root, ops);
            assertThat(failure).isInstanceOfSatisfying(TransactionException.class,
                    e -> assertThat(e.outcome()).isEqualTo(TransactionException.Outcome.ROLLED_BACK));
            assertBefore(root);
        }
    }

    /** A crash at the commit record leaves an uncommitted journal: recovery rolls back, modes included. */
    @Test
    void recoveryRollsBackWithTheModes() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            crashBeforeMove(root, "journal.committed");
            assertThat(mode(root, PLAN)).isEqualTo("rw-r-----"); // the after-image, moved in with the mode
            assertThat(content(root, PLAN)).isEqualTo("plan v2\n");
            RecoveryReport report = ProjectTransaction.recover(root, TestSupport.afterReboot(FileOps.nio(), SEED));
            assertThat(report.outcome()).isEqualTo(RecoveryReport.Outcome.ROLLED_BACK);
            assertBefore(root);
        }
    }

    /**
     * A committed journal whose renames were lost (a power loss): roll-forward gives each file its after-image
     * with its mode.
     */
    @Test
    void recoveryRollsForwardWithTheModes() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            crashBeforeDelete(root, "journal.committed");
            // the renames were lost: the files hold their before-images again, with the default mode
            for (String rel : List.of(PLAN, CHAPTER)) {
                Files.delete(root.resolve(rel));
            }
            Files.write(root.resolve(PLAN), utf8("plan v1\n"));
            Files.write(root.resolve(CHAPTER), utf8("chapter v1\n"));
            RecoveryReport report = ProjectTransaction.recover(root, TestSupport.afterReboot(FileOps.nio(), SEED));
            assertThat(report.outcome()).isEqualTo(RecoveryReport.Outcome.ROLLED_FORWARD);
            assertThat(content(root, PLAN)).isEqualTo("plan v2\n");
            assertThat(mode(root, PLAN)).isEqualTo("rw-r-----");
            assertThat(content(root, CHAPTER)).isEqualTo("chapter v2\n");
            assertThat(mode(root, CHAPTER)).isEqualTo("rwxr-x---");
        }
    }

    private static void crashBeforeMove(Path root, String name) {
        crashBefore(root, FaultyFileOps.Kind.MOVE, name);
    }

    private static void crashBeforeDelete(Path root, String name) {
        crashBefore(root, FaultyFileOps.Kind.DELETE, name);
    }

    private static void crashBefore(Path root, FaultyFileOps.Kind kind, String name) {
        boolean[] crashed = {false};
        FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), op -> {
            if (crashed[0] || (op.kind() == kind && op.path().getFileName().toString().equals(name))) {
                crashed[0] = true;
                throw new FaultyFileOps.SimulatedCrash("crash at " + op);
            }
        });
        try {
            update(root, ops);
        } catch (FaultyFileOps.SimulatedCrash expected) {
            // the process "died"; the lock it held stays registered in this JVM until abandoned
        }
        assertThat(crashed[0]).isTrue();
    }

    /** A journal written before modes were journaled (version 1) still recovers, keeping the file's current mode. */
    @Test
    void aJournalWithoutModesStillRecovers() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            write(root, PLAN, "plan v2\n", "rw-r-----");
            Layout layout = new Layout(root);
            Journal.Entry entry = new Journal.Entry(0, PLAN, Optional.of(utf8("plan v1\n")), Hashes.sha256(Optional.of(utf8("plan v1\n"))),
                    Optional.of(utf8("plan v2\n")), Hashes.sha256(Optional.of(utf8("plan v2\n"))), "s1", "h", false, FileModes.NONE);
            Journal journal = new Journal("0123456789abcdef", "run-old", CommitPolicy.ALL_OR_NOTHING, "", Instant.EPOCH, "{}",
                    List.of(entry), List.of(), List.of(), Optional.empty());
            byte[] old = journal.encode(1);
            assertThat(Journal.decode("journal", old).entries().get(0).mode()).isEqualTo(FileModes.NONE);
            Files.createDirectories(layout.txDir());
            Files.write(layout.journal(), old);
            RecoveryReport report = ProjectTransaction.recover(root, TestSupport.afterReboot(FileOps.nio(), SEED));
            assertThat(report.outcome()).isEqualTo(RecoveryReport.Outcome.ROLLED_BACK);
            assertThat(content(root, PLAN)).isEqualTo("plan v1\n");
            assertThat(mode(root, PLAN)).isEqualTo("rw-r-----");
        }
    }

    @Test
    void theJournalRecordsTheMode() {
        Journal.Entry entry = new Journal.Entry(0, PLAN, Optional.of(utf8("a")), Hashes.sha256(Optional.of(utf8("a"))),
                Optional.of(utf8("b")), Hashes.sha256(Optional.of(utf8("b"))), "s1", "h", false, 0640);
        Journal journal = new Journal("0123456789abcdef", "run-1", CommitPolicy.ALL_OR_NOTHING, "", Instant.EPOCH, "{}",
                List.of(entry), List.of(), List.of(), Optional.empty());
        assertThat(Journal.decode("journal", journal.encode()).entries().get(0).mode()).isEqualTo(0640);
        assertThat(FileModes.text(0640)).isEqualTo("rw-r-----");
        assertThat(FileModes.bits(Optional.of(PosixFilePermissions.fromString("r-x-w---x")))).isEqualTo(0521);
        assertThat(FileModes.permissions(0521)).contains(PosixFilePermissions.fromString("r-x-w---x"));
    }

    /** A read-only file is refused before anything is written, naming the file and its mode. */
    @Test
    void aReadOnlyFileIsRefusedAndNothingIsWritten() throws IOException {
        for (String readOnly : List.of("r--r--r--", "r-xrwxrwx")) {
            try (FileSystem fs = TestSupport.jimfs()) {
                Path root = project(fs);
                Files.setPosixFilePermissions(root.resolve(CHAPTER), PosixFilePermissions.fromString(readOnly));
                FaultyFileOps ops = new FaultyFileOps(FileOps.nio());
                RuntimeException failure = update(root, ops);
                assertThat(failure).isInstanceOfSatisfying(TransactionException.class, e -> {
                    assertThat(e.outcome()).isEqualTo(TransactionException.Outcome.ROLLED_BACK);
                    assertThat(e.file()).contains(CHAPTER);
                    assertThat(e.getMessage()).contains(CHAPTER + ": the file is read-only (mode " + readOnly
                            + "); make it writable to let Continuity update it");
                });
                // refused while the commit was prepared: no journal, no temp, nothing created or moved
                assertThat(ops.log()).noneMatch(op -> op.kind().mutating && op.kind() != FaultyFileOps.Kind.SYNC_DIRECTORY
                        && !op.path().startsWith(root.resolve(".continuity")));
                assertThat(ops.log()).noneMatch(op -> op.kind() == FaultyFileOps.Kind.CREATE_NEW);
                assertThat(content(root, PLAN)).isEqualTo("plan v1\n");
                assertThat(content(root, CHAPTER)).isEqualTo("chapter v1\n");
                assertThat(mode(root, CHAPTER)).isEqualTo(readOnly);
                assertThat(content(root, NOTES)).isEqualTo("notes v1\n");
                assertThat(Files.exists(root.resolve(NEW))).isFalse();
                assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
            }
        }
    }

    @Test
    void aReadOnlyFileIsRefusedForDeletionAndEveryReadOnlyFileIsNamed() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            Files.setPosixFilePermissions(root.resolve(NOTES), PosixFilePermissions.fromString("r--------"));
            Files.setPosixFilePermissions(root.resolve(PLAN), PosixFilePermissions.fromString("r--r-----"));
            RuntimeException failure = update(root, FileOps.nio());
            assertThat(failure).isInstanceOf(TransactionException.class)
                    .hasMessageContaining(PLAN + ": the file is read-only (mode r--r-----)")
                    .hasMessageContaining("(also read-only: " + NOTES + ")");
            assertThat(content(root, NOTES)).isEqualTo("notes v1\n");
        }
    }

    /** A read-only file the run does not change is no obstacle. */
    @Test
    void aReadOnlyFileStagedUnchangedIsNotRefused() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            write(root, "20_プロット/全体構成.yaml", "plot\n", "r--r--r--");
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(FileOps.nio(), SEED))) {
                tx.stage("20_プロット/全体構成.yaml", utf8("plot\n"), StageInfo.scanned("s1", "h", utf8("plot\n")));
                tx.stage(PLAN, utf8("plan v2\n"), StageInfo.scanned("s1", "h", utf8("plan v1\n")));
                tx.commit();
            }
            assertThat(content(root, PLAN)).isEqualTo("plan v2\n");
        }
    }

    /** A write failure names the user's file and the cause in words, not the temp file or an exception class. */
    @Test
    void aWriteFailureNamesTheTargetFileNotTheTemp() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), op -> {
                if (op.kind() == FaultyFileOps.Kind.CREATE_NEW && op.path().getParent().equals(root.resolve(CHAPTER).getParent())
                        && op.path().getFileName().toString().startsWith(".ct-")) {
                    throw new AccessDeniedException(op.path().toString());
                }
            });
            RuntimeException failure = update(root, ops);
            assertThat(failure).isInstanceOfSatisfying(TransactionException.class, e -> {
                assertThat(e.outcome()).isEqualTo(TransactionException.Outcome.ROLLED_BACK);
                assertThat(e.file()).contains(CHAPTER);
                assertThat(e.getMessage()).contains("cannot write " + CHAPTER + ": permission denied on its folder")
                        .doesNotContain(".ct-").doesNotContain("Exception");
            });
            assertBefore(root);
        }
    }

    @Test
    void aFailedForceNamesTheTargetFile() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), op -> {
                if (op.kind() == FaultyFileOps.Kind.FORCE && op.path().getParent().equals(root.resolve(PLAN).getParent())
                        && op.path().getFileName().toString().startsWith(".ct-")) {
                    throw new IOException("Input/output error");
                }
            });
            RuntimeException failure = update(root, ops);
            assertThat(failure).isInstanceOf(TransactionException.class)
                    .hasMessageContaining("cannot write " + PLAN + ": Input/output error")
                    .hasMessageNotContaining(".ct-");
            assertBefore(root);
        }
    }

    /** The same on the real file system, where it is POSIX. */
    @Test
    void onTheRealFileSystem(@TempDir Path dir) throws IOException {
        assumeThat(Files.getFileAttributeView(dir, PosixFileAttributeView.class)).as("a POSIX file system").isNotNull();
        Path root = dir.resolve("novel");
        write(root, PLAN, "plan v1\n", "rw-r-----");
        write(root, CHAPTER, "chapter v1\n", "rwxr-x---");
        write(root, NOTES, "notes v1\n", "rw-------");
        assertThat(update(root, FileOps.nio())).isNull();
        assertThat(mode(root, PLAN)).isEqualTo("rw-r-----");
        assertThat(mode(root, CHAPTER)).isEqualTo("rwxr-x---");
        assertThat(content(root, PLAN)).isEqualTo("plan v2\n");

        Files.write(root.resolve(PLAN), utf8("plan v1\n"));
        Files.write(root.resolve(CHAPTER), utf8("chapter v1\n"));
        Files.write(root.resolve(NOTES), utf8("notes v1\n"));
        Files.setPosixFilePermissions(root.resolve(NOTES), PosixFilePermissions.fromString("rw-------"));
        Files.delete(root.resolve(NEW));
        Set<PosixFilePermission> readOnly = PosixFilePermissions.fromString("r--r--r--");
        Files.setPosixFilePermissions(root.resolve(PLAN), readOnly);
        assertThat(update(root, FileOps.nio())).isInstanceOf(TransactionException.class)
                .hasMessageContaining(PLAN + ": the file is read-only (mode r--r--r--)");
        assertThat(content(root, PLAN)).isEqualTo("plan v1\n");
        assertThat(content(root, CHAPTER)).isEqualTo("chapter v1\n");
        assertThat(Files.exists(root.resolve(NEW))).isFalse();
    }
}
