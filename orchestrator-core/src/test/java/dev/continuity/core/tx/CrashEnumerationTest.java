package dev.continuity.core.tx;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQLite-style crash testing with real processes: a child JVM runs a 62-file update on a real directory and is
 * killed before its k-th I/O operation, for every k that can change the disk (a kill before a read leaves the same
 * disk as a kill before the next write), with {@code Runtime.halt} inside the FileOps and, for a spread of k, with
 * {@code destroyForcibly} (SIGKILL) from this process. Then this process recovers the project and checks that every
 * file is byte-identical to its state before the update, or every file to its state after it, and that no temp,
 * journal or lock file remains. Then the same for a kill during the recovery itself.
 *
 * <p>Run with {@code mvn test -Dtest=CrashEnumerationTest -DexcludedTestGroups=}.
 */
@Tag("slow")
class CrashEnumerationTest {
    private static final int FILES = 60;
    private static final long SEED = 11;
    private static final int PARALLEL = 2;

    @TempDir
    Path work;

    private final AtomicInteger dirs = new AtomicInteger();

    private Path freshProject(Fixture fixture) {
        Path root = work.resolve("p" + dirs.incrementAndGet());
        fixture.writeBefore(root);
        return root;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path copyOf(Path source) {
        Path target = work.resolve("p" + dirs.incrementAndGet());
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private record Trial(String what, Consistency.Verdict verdict) {}

    private static Trial recoverAndCheck(String what, Path root, Fixture fixture) {
        ProjectTransaction.recover(root, FileOps.nio());
        Consistency.Verdict v = Consistency.check(FileOps.nio(), root, fixture);
        deleteTree(root);
        return new Trial(what, v);
    }

    private static List<Trial> runAll(List<java.util.concurrent.Callable<Trial>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<Trial>> futures = pool.invokeAll(tasks);
            List<Trial> trials = new ArrayList<>();
            for (Future<Trial> f : futures) {
                trials.add(f.get());
            }
            return trials;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(String name, List<Trial> trials) {
        long consistent = trials.stream().filter(t -> t.verdict().consistent()).count();
        long before = trials.stream().filter(t -> t.verdict().state() == Consistency.State.BEFORE).count();
        System.out.printf("%s: crash points tried: %d, consistent after recovery: %d (%d all-before, %d all-after)%n", name,
                trials.size(), consistent, before, consistent - before);
        for (Trial t : trials) {
            assertThat(t.verdict().consistent()).as("%s: %s, leftovers %s", t.what(), t.verdict().detail(), t.verdict().leftovers())
                    .isTrue();
        }
    }

    @Test
    void killTheUpdateAtEveryOperationThenRecover() throws Exception {
        Fixture fixture = Fixture.novel(SEED, FILES);
        long started = System.nanoTime();
        Path dry = freshProject(fixture);
        ChildJvm.Result full = ChildJvm.run("commit", dry, -1, work, FILES, SEED);
        assertThat(Consistency.check(FileOps.nio(), dry, fixture).state()).isEqualTo(Consistency.State.AFTER);
        deleteTree(dry);
        List<Long> points = new ArrayList<>(full.mutating());
        points.add(full.total() + 1); // completes, then dies at exit

        List<java.util.concurrent.Callable<Trial>> tasks = new ArrayList<>();
        for (long k : points) {
            tasks.add(() -> {
                Path root = freshProject(fixture);
                ChildJvm.Result r = ChildJvm.run("commit", root, k, work, FILES, SEED);
                assertThat(r.exitCode()).isEqualTo(k <= full.total() ? CrashChild.HALTED : 0);
                return recoverAndCheck("halt before operation " + k, root, fixture);
            });
        }
        int spread = Math.max(1, points.size() / 12);
        List<Long> killed = new ArrayList<>();
        for (int i = spread / 2; i < points.size() - 1; i += spread) {
            long k = points.get(i);
            killed.add(k);
            tasks.add(() -> {
                Path root = freshProject(fixture);
                ChildJvm.runAndKill(root, k, work, FILES, SEED);
                return recoverAndCheck("destroyForcibly before operation " + k, root, fixture);
            });
        }
        List<Trial> trials = runAll(tasks);
        System.out.printf("update of %d files: %d I/O operations, %d of them mutating; killed with destroyForcibly at %s%n",
                fixture.changes.size(), full.total(), full.mutating().size(), killed);
        report("child JVM killed during the update", trials);
        System.out.printf("took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void killTheRecoveryAtEveryOperationThenRecoverAgain() throws Exception {
        Fixture fixture = Fixture.novel(SEED, FILES);
        long started = System.nanoTime();
        Path dry = freshProject(fixture);
        ChildJvm.Result full = ChildJvm.run("commit", dry, -1, work, FILES, SEED);
        deleteTree(dry);
        // two crash points that leave recovery real work: after 8 of the 62 moves (a mixed project: 8 files to roll
        // back, the other temps to delete), and just after the commit record (roll forward, audit check, cleanup).
        // Every (update, recovery) pair of crash points is enumerated in-process by InProcessCrashTest.
        List<Long> moves = new ArrayList<>();
        long afterCommit = -1;
        for (int i = 0; i < full.kinds().size(); i++) {
            String kind = full.kinds().get(i);
            if (kind.startsWith("MOVE:") && kind.endsWith(".md")) {
                moves.add(full.mutating().get(i));
            }
            if (kind.equals("MOVE:journal.committed")) {
                afterCommit = full.mutating().get(i + 2); // after the move and its directory sync
            }
        }
        assertThat(moves).hasSizeGreaterThan(50);
        assertThat(afterCommit).isPositive();
        List<Trial> trials = new ArrayList<>();
        for (long k : List.of(moves.get(8), afterCommit)) {
            Path crashed = freshProject(fixture);
            assertThat(ChildJvm.run("commit", crashed, k, work, FILES, SEED).exitCode()).isEqualTo(CrashChild.HALTED);
            Path probe = copyOf(crashed);
            ChildJvm.Result recovery = ChildJvm.run("recover", probe, -1, work, FILES, SEED);
            deleteTree(probe);
            // a kill before an operation that changed nothing leaves the same disk as a kill before the next one
            List<java.util.concurrent.Callable<Trial>> tasks = new ArrayList<>();
            for (long j : recovery.effective()) {
                tasks.add(() -> {
                    Path root = copyOf(crashed);
                    assertThat(ChildJvm.run("recover", root, j, work, FILES, SEED).exitCode()).isEqualTo(CrashChild.HALTED);
                    return recoverAndCheck("update killed before operation " + k + ", recovery killed before operation " + j, root,
                            fixture);
                });
            }
            trials.addAll(runAll(tasks));
            System.out.printf("update killed before operation %d: its recovery has %d operations, %d change the disk%n", k,
                    recovery.total(), recovery.effective().size());
        }
        report("child JVM killed during recovery", trials);
        System.out.printf("took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
