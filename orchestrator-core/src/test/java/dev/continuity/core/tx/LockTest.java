package dev.continuity.core.tx;

import dev.continuity.api.ProjectLockedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockTest {

    private static void writeLock(Path root, long pid, String host, String processStart, String executionId) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("pid", pid);
        line.put("host", host);
        line.put("processStart", processStart);
        line.put("acquiredAt", "2026-02-01T00:00:00Z");
        line.put("executionId", executionId);
        line.put("token", "feedfacefeedface");
        Files.createDirectories(root.resolve(".continuity"));
        Files.writeString(root.resolve(".continuity/lock"), JsonLine.encode(line) + "\n");
    }

    @Test
    void recoveryWithNothingToSettleWritesNothingSoAReadOnlyProjectCanBeRead() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Files.createDirectories(root.resolve(".continuity"));
            Files.writeString(root.resolve(".continuity/scan-state.json"), "{}");
            FaultyFileOps readOnly = new FaultyFileOps(FileOps.nio(), op -> {
                if (op.kind().mutating) {
                    throw new java.nio.file.FileSystemException(op.path().toString(), null, "Read-only file system");
                }
            });
            assertThat(ProjectTransaction.recover(root, TestSupport.options(readOnly, 1)).outcome())
                    .isEqualTo(RecoveryReport.Outcome.NOTHING_TO_RECOVER);
            assertThat(readOnly.log()).noneMatch(op -> op.kind().mutating);
        }
    }

    @Test
    void aSecondRunIsRefusedAndTheHolderIsNamed() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Files.createDirectories(root);
            try (ProjectTransaction first = ProjectTransaction.begin(root, "first", TestSupport.options(FileOps.nio(), 1))) {
                assertThatThrownBy(() -> ProjectTransaction.begin(root, "second", TestSupport.options(FileOps.nio(), 1)))
                        .isInstanceOfSatisfying(ProjectLockedException.class, e -> {
                            assertThat(e.pid()).hasValue(ProcessHandle.current().pid());
                            assertThat(e.host()).hasValue(ProcessIdentity.HOST);
                            assertThat(e.startedAt()).hasValue(TestSupport.T0);
                            assertThat(e.executionId()).hasValue("first");
                            assertThat(e.lockFile()).isEqualTo(".continuity/lock");
                        })
                        .hasMessageContaining("project is locked by pid " + ProcessHandle.current().pid())
                        .hasMessageContaining("execution 'first'");
                assertThat(ProjectTransaction.status(root, FileOps.nio()).lock()).hasValueSatisfying(h -> assertThat(h.executionId()).isEqualTo("first"));
                first.commit();
            }
            try (ProjectTransaction again = ProjectTransaction.begin(root, "second", TestSupport.options(FileOps.nio(), 1))) {
                assertThat(again.recovery().staleLockTakenOver()).isFalse();
            }
            assertThat(Files.exists(root.resolve(".continuity/lock"))).isFalse();
        }
    }

    @Test
    void aLockOfAnotherLiveProcessIsRefusedAndTakenOverOnceItIsKilled(@TempDir Path work) throws Exception {
        Path root = work.resolve("novel");
        Fixture fixture = Fixture.novel(5, 4);
        fixture.writeBefore(root);
        // the child takes the lock and stops before its 6th I/O operation (after CREATE_NEW_FILE of the lock)
        Process child = new ProcessBuilder(ChildJvm.command("commit", root, 6, "block", work.resolve("r.txt"), 4, 5))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("AT 6");
            assertThatThrownBy(() -> ProjectTransaction.begin(root, "mine", TransactionOptions.defaults()))
                    .isInstanceOfSatisfying(ProjectLockedException.class, e -> {
                        assertThat(e.pid()).hasValue(child.pid());
                        assertThat(e.host()).hasValue(ProcessIdentity.HOST);
                        assertThat(e.executionId()).hasValue("crash-run");
                    });
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (ProjectTransaction tx = ProjectTransaction.begin(root, "mine", TransactionOptions.defaults())) {
            assertThat(tx.recovery().staleLockTakenOver()).isTrue();
            tx.commit();
        }
        assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
    }

    @Test
    void aLockOfADeadProcessOnThisHostIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            writeLock(root, gone.pid(), ProcessIdentity.HOST, "2026-02-01T00:00:00Z", "dead-run");
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "mine", TestSupport.options(FileOps.nio(), 1))) {
                assertThat(tx.recovery().staleLockTakenOver()).isTrue();
                assertThat(ProjectTransaction.status(root, FileOps.nio()).lock()).hasValueSatisfying(
                        h -> assertThat(h.executionId()).isEqualTo("mine"));
            }
            assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
        }
    }

    @Test
    void aLivePidWithAnotherStartTimeIsAReusedPidSoTheLockIsStale() throws Exception {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            // pid 1 is alive, but it was not started in 1999
            writeLock(root, 1, ProcessIdentity.HOST, "1999-01-01T00:00:00Z", "old-run");
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "mine", TestSupport.options(FileOps.nio(), 1))) {
                assertThat(tx.recovery().staleLockTakenOver()).isTrue();
            }
        }
    }

    @Test
    void aLockOfAnotherHostIsNeverTakenOver() throws Exception {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            writeLock(root, 4242, "another-host.example", "2026-02-01T00:00:00Z", "remote-run");
            assertThatThrownBy(() -> ProjectTransaction.begin(root, "mine", TestSupport.options(FileOps.nio(), 1)))
                    .isInstanceOfSatisfying(ProjectLockedException.class, e -> {
                        assertThat(e.pid()).hasValue(4242);
                        assertThat(e.host()).hasValue("another-host.example");
                        assertThat(e.startedAt()).hasValue(Instant.parse("2026-02-01T00:00:00Z"));
                    })
                    .hasMessageContaining("another host");
            assertThat(Files.readString(root.resolve(".continuity/lock"))).contains("remote-run");
        }
    }

    @Test
    void aTornLockIsRefusedUntilItIsOldEnough() throws Exception {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Files.createDirectories(root.resolve(".continuity"));
            Path lock = root.resolve(".continuity/lock");
            Files.write(lock, new byte[0]);
            Instant written = Instant.parse("2026-03-01T09:59:50Z");
            Files.setLastModifiedTime(lock, FileTime.from(written));
            TestSupport.MutableClock clock = new TestSupport.MutableClock(written.plusSeconds(10));
            TransactionOptions options = TestSupport.options(FileOps.nio(), 1).toBuilder().clock(clock).build();
            assertThatThrownBy(() -> ProjectTransaction.begin(root, "mine", options))
                    .isInstanceOfSatisfying(ProjectLockedException.class, e -> assertThat(e.pid()).isEmpty())
                    .hasMessageContaining("unreadable");
            clock.advance(Duration.ofSeconds(30));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "mine", options)) {
                assertThat(tx.recovery().staleLockTakenOver()).isTrue();
            }
        }
    }

    @Test
    void aBitFlippedLockIsNotTrustedAsAHolder() throws Exception {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            writeLock(root, 4242, "another-host.example", "2026-02-01T00:00:00Z", "remote-run");
            Path lock = root.resolve(".continuity/lock");
            byte[] bytes = Files.readAllBytes(lock);
            bytes[12] ^= 0x04;
            Files.write(lock, bytes);
            assertThatThrownBy(() -> ProjectTransaction.begin(root, "mine", TestSupport.options(FileOps.nio(), 1)))
                    .isInstanceOf(ProjectLockedException.class).hasMessageContaining("unreadable");
        }
    }

    /**
     * Two processes find the same stale lock; one is paused between reading it and taking it over while the other
     * takes over and starts its run. The slow one must not remove the fresh lock: never two holders.
     */
    @Test
    void twoTakersOfOneStaleLockNeverBothHoldIt() throws Exception {
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            writeLock(root, gone.pid(), ProcessIdentity.HOST, "2026-02-01T00:00:00Z", "dead-run");
            CountDownLatch slowHasReadTheStaleLock = new CountDownLatch(1);
            CountDownLatch fastHoldsTheLock = new CountDownLatch(1);
            FaultyFileOps slowOps = new FaultyFileOps(FileOps.nio());
            int[] reads = {0};
            slowOps.interceptor(op -> {
                // the slow taker has read the stale lock and judged it stale; it is paused before it creates its
                // takeover marker until the fast one has taken over and holds the lock
                if (op.kind() == FaultyFileOps.Kind.CREATE_NEW_FILE && op.path().getFileName().toString().startsWith("lock.takeover-")
                        && reads[0]++ == 0) {
                    slowHasReadTheStaleLock.countDown();
                    try {
                        assertThat(fastHoldsTheLock.await(30, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            CompletableFuture<Throwable> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    ProjectTransaction.begin(root, "slow", TestSupport.options(slowOps, 2)).close();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThat(slowHasReadTheStaleLock.await(30, TimeUnit.SECONDS)).isTrue();
            try (ProjectTransaction fast = ProjectTransaction.begin(root, "fast", TestSupport.options(FileOps.nio(), 3))) {
                assertThat(fast.recovery().staleLockTakenOver()).isTrue();
                fastHoldsTheLock.countDown();
                Throwable slowResult = slow.get(30, TimeUnit.SECONDS);
                assertThat(slowResult).isInstanceOfSatisfying(ProjectLockedException.class,
                        e -> assertThat(e.executionId()).hasValue("fast"));
                assertThat(Files.readString(root.resolve(".continuity/lock"))).contains("\"executionId\":\"fast\"");
            }
            assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
        }
    }

    @Test
    void aMarkerLeftByADeadTakerIsTakenOverAndSwept() throws Exception {
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            writeLock(root, gone.pid(), ProcessIdentity.HOST, "2026-02-01T00:00:00Z", "dead-run");
            // a taker that died while taking over left its marker (same dead pid for simplicity)
            Files.copy(root.resolve(".continuity/lock"), root.resolve(".continuity/lock.takeover-feedfacefeedface"));
            Files.copy(root.resolve(".continuity/lock"), root.resolve(".continuity/lock.takeover-0123456789abcdef"));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "mine", TestSupport.options(FileOps.nio(), 1))) {
                assertThat(tx.recovery().staleLockTakenOver()).isTrue();
            }
            assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
        }
    }
}
