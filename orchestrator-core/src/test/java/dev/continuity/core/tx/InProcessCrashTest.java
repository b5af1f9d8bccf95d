package dev.continuity.core.tx;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash-point enumeration inside the test JVM: a crash is a {@link FaultyFileOps.SimulatedCrash} thrown before
 * operation k (and by every operation after it), on Jimfs (a process crash: everything written survives) and on the
 * {@link SimulatedDisk} (a power loss: only forced and synced state survives). Fast enough to enumerate every
 * crash point of the commit, and every crash point of the recovery after every crash point of the commit.
 */
class InProcessCrashTest {
    private static final long SEED = 7;

    /** One world: a disk with a project on it. */
    private interface World {
        FileOps ops();

        Path root();

        /** What survives the crash. */
        void crash(long seed);
    }

    private static World jimfsWorld(Fixture fixture) {
        FileSystem fs = TestSupport.jimfs();
        Path root = TestSupport.project(fs);
        fixture.writeBefore(root);
        return new World() {
            public FileOps ops() {
                return FileOps.nio();
            }

            public Path root() {
                return root;
            }

            public void crash(long seed) {
                // a process crash: the file system keeps everything
            }
        };
    }

    private static World diskWorld(Fixture fixture, SimulatedDisk.Loss loss) {
        SimulatedDisk disk = new SimulatedDisk();
        Path root = disk.path("/work/novel");
        fixture.writeBefore(disk, root);
        return new World() {
            public FileOps ops() {
                return disk;
            }

            public Path root() {
                return root;
            }

            public void crash(long seed) {
                disk.powerLoss(loss, seed);
            }
        };
    }

    /** Runs the update with a crash before operation k; returns the operation log of the run. */
    private static FaultyFileOps runUpdate(World world, Fixture fixture, long k) {
        FaultyFileOps ops = new FaultyFileOps(world.ops(), k > 0 ? FaultyFileOps.crashAt(k) : FaultyFileOps.Interceptor.NONE);
        try (ProjectTransaction tx = ProjectTransaction.begin(world.root(), "run-1", TestSupport.options(ops, SEED))) {
            fixture.stageAll(tx);
            tx.commit();
        } catch (FaultyFileOps.SimulatedCrash expected) {
            // the process died here
        }
        return ops;
    }

    private static FaultyFileOps runRecovery(World world, long j) {
        FaultyFileOps ops = new FaultyFileOps(world.ops(), j > 0 ? FaultyFileOps.crashAt(j) : FaultyFileOps.Interceptor.NONE);
        try {
            ProjectTransaction.recover(world.root(), TestSupport.afterReboot(ops, SEED + j));
        } catch (FaultyFileOps.SimulatedCrash expected) {
            // died during recovery
        }
        return ops;
    }

    private static List<Long> mutatingOpsOfUpdate(Supplier<World> worlds, Fixture fixture) {
        World w = worlds.get();
        FaultyFileOps ops = runUpdate(w, fixture, -1);
        assertThat(Consistency.check(w.ops(), w.root(), fixture).state()).isEqualTo(Consistency.State.AFTER);
        List<Long> points = new ArrayList<>(ops.mutatingOps());
        points.add(ops.count() + 1); // "after the last operation": the run completed, then the power failed
        return points;
    }

    /** Every crash point k of the update, then a clean recovery. */
    private static int enumerate(Supplier<World> worlds, Fixture fixture, String name) {
        List<Long> points = mutatingOpsOfUpdate(worlds, fixture);
        int consistent = 0;
        int before = 0;
        for (long k : points) {
            World w = worlds.get();
            runUpdate(w, fixture, k);
            w.crash(k);
            runRecovery(w, -1);
            Consistency.Verdict v = Consistency.check(w.ops(), w.root(), fixture);
            assertThat(v.consistent()).as("%s: crash before operation %d: %s, leftovers %s", name, k, v.detail(), v.leftovers()).isTrue();
            consistent++;
            before += v.state() == Consistency.State.BEFORE ? 1 : 0;
        }
        assertThat(before).as("some crash points must roll back and some roll forward").isBetween(1, points.size() - 1);
        System.out.printf("%s: crash points tried: %d, consistent after recovery: %d (%d before, %d after)%n", name, points.size(),
                consistent, before, consistent - before);
        return consistent;
    }

    /** Every crash point k of the update, and for each every crash point j of the recovery, then a clean recovery. */
    private static void enumerateNested(Supplier<World> worlds, Fixture fixture, String name) {
        List<Long> points = mutatingOpsOfUpdate(worlds, fixture);
        int tried = 0;
        for (long k : points) {
            World probe = worlds.get();
            runUpdate(probe, fixture, k);
            probe.crash(k);
            List<Long> recoveryPoints = runRecovery(probe, -1).effectiveMutatingOps();
            for (long j : recoveryPoints) {
                World w = worlds.get();
                runUpdate(w, fixture, k);
                w.crash(k);
                runRecovery(w, j);
                w.crash(k * 1000 + j);
                runRecovery(w, -1);
                Consistency.Verdict v = Consistency.check(w.ops(), w.root(), fixture);
                assertThat(v.consistent()).as("%s: crash at %d, then during recovery at %d: %s, leftovers %s", name, k, j, v.detail(),
                        v.leftovers()).isTrue();
                tried++;
            }
        }
        System.out.printf("%s: nested crash points (update x recovery) tried: %d, consistent after recovery: %d%n", name, tried, tried);
    }

    @Test
    void processCrashAtEveryOperationOfA60FileUpdate() {
        Fixture fixture = Fixture.novel(SEED, 60);
        enumerate(() -> jimfsWorld(fixture), fixture, "process crash (Jimfs), 62 files");
    }

    @Test
    void powerLossAtEveryOperationOfA60FileUpdate() {
        Fixture fixture = Fixture.novel(SEED, 60);
        enumerate(() -> diskWorld(fixture, SimulatedDisk.Loss.DROP_UNSYNCED), fixture, "power loss (drop unsynced), 62 files");
    }

    @Test
    void randomPowerLossAtEveryOperationOfA60FileUpdate() {
        Fixture fixture = Fixture.novel(SEED, 60);
        enumerate(() -> diskWorld(fixture, SimulatedDisk.Loss.RANDOM), fixture, "power loss (random torn/reordered), 62 files");
    }

    @Test
    void processCrashDuringRecoveryAfterEveryCrashPoint() {
        Fixture fixture = Fixture.novel(SEED, 8);
        enumerateNested(() -> jimfsWorld(fixture), fixture, "process crash (Jimfs), 10 files");
    }

    @Test
    void powerLossDuringRecoveryAfterEveryCrashPoint() {
        Fixture fixture = Fixture.novel(SEED, 8);
        enumerateNested(() -> diskWorld(fixture, SimulatedDisk.Loss.DROP_UNSYNCED), fixture, "power loss (drop unsynced), 10 files");
    }

    @Test
    @Tag("slow")
    void randomPowerLossDuringRecoveryAfterEveryCrashPointManySeeds() throws IOException {
        for (long seed = 1; seed <= 5; seed++) {
            Fixture fixture = Fixture.novel(seed, 8);
            enumerateNested(() -> diskWorld(fixture, SimulatedDisk.Loss.RANDOM), fixture, "power loss (random), seed " + seed);
        }
    }
}
