package dev.continuity.core.tx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Commit cost against its floor, measured in the same run on the same disk: the floor writes the same new content
 * into the same files in place with one write and one {@code force} each (no atomicity, no journal, no durability
 * of renames); the transaction does begin (lock, recovery check), stage (read, hash, concurrent-edit check), and
 * commit (journal with before- and after-images + force, temp files + force, atomic moves, directory syncs, audit +
 * force, commit record, cleanup). Medians over several repetitions, alternating which goes first.
 *
 * <p>Also measured, for a fair reading: the bare atomic-write pattern the transaction is built on (temp file, force,
 * rename, directory sync; no journal, no lock, no checks), the commit with forces one after the other
 * ({@code forceParallelism(1)}), and the floor with 8 concurrent forces.
 *
 * <p>{@code mvn -q test-compile exec:java -Dexec.mainClass=dev.continuity.core.tx.TransactionBenchmark
 * -Dexec.classpathScope=test [-Dexec.args="<dir> <reps>"]}
 */
public final class TransactionBenchmark {
    private TransactionBenchmark() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path base = Path.of(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Files.createDirectories(base);
        System.out.printf("java %s, %s, %d cores, dir %s (%s), load average before: %s%n", System.getProperty("java.version"),
                System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(), base, Files.getFileStore(base).type(),
                loadAverage());
        System.out.println("| files | avg size | A: floor, write+force in place | B: bare atomic writes (temp+force, rename, dir sync) "
                + "| C: commit (default) | C/A | C/B | D: commit, forces one by one | D/A | E: floor, 8 concurrent forces | reps |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : new int[] {100, 1000}) {
            run(base.resolve("n" + n), n, n == 100 ? reps * 2 : reps);
        }
        System.out.printf("load average after: %s%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private enum Variant { FLOOR, ATOMIC_FLOOR, COMMIT, COMMIT_SEQUENTIAL, FLOOR_PARALLEL }

    private static void run(Path root, int n, int reps) throws IOException, InterruptedException {
        deleteTree(root);
        Files.createDirectories(root);
        SplittableRandom random = new SplittableRandom(n);
        List<String> paths = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            String rel = String.format("%s/第%04d話.md", i % 10 == 0 ? "30_設定集" : "40_原稿/第" + (i % 7 + 1) + "巻", i);
            Path p = Fixture.resolve(root, rel);
            Files.createDirectories(p.getParent());
            byte[] content = content(random, 0);
            bytes += content.length;
            Files.write(p, content);
            paths.add(rel);
        }
        java.util.EnumMap<Variant, List<Double>> times = new java.util.EnumMap<>(Variant.class);
        for (Variant v : Variant.values()) {
            times.put(v, new ArrayList<>());
        }
        int warmup = 2;
        int version = 0;
        for (int rep = 0; rep < warmup + reps; rep++) {
            List<Variant> order = new ArrayList<>(List.of(Variant.values()));
            java.util.Collections.rotate(order, rep);
            for (Variant v : order) {
                version++;
                long t0 = System.nanoTime();
                switch (v) {
                    case FLOOR -> writeInPlace(root, paths, version, 1);
                    case FLOOR_PARALLEL -> writeInPlace(root, paths, version, 8);
                    case ATOMIC_FLOOR -> writeAtomically(root, paths, version);
                    case COMMIT -> commit(root, paths, version, TransactionOptions.defaults());
                    case COMMIT_SEQUENTIAL -> commit(root, paths, version, TransactionOptions.defaults().toBuilder().forceParallelism(1).build());
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                if (rep >= warmup) {
                    times.get(v).add(ms);
                }
            }
        }
        double floor = median(times.get(Variant.FLOOR));
        double atomic = median(times.get(Variant.ATOMIC_FLOOR));
        double commit = median(times.get(Variant.COMMIT));
        double floorParallel = median(times.get(Variant.FLOOR_PARALLEL));
        double commitSequential = median(times.get(Variant.COMMIT_SEQUENTIAL));
        System.out.printf("| %d | %d B | %.1f ms | %.1f ms | %.1f ms | %.2fx | %.2fx | %.1f ms | %.2fx | %.1f ms | %d |%n", n, bytes / n, floor,
                atomic, commit, commit / floor, commit / atomic, commitSequential, commitSequential / floor, floorParallel, reps);
        times.forEach((v, list) -> System.out.printf("  %-18s %s%n", v, round(list)));
        deleteTree(root);
    }

    private static byte[] content(SplittableRandom random, int version) {
        StringBuilder sb = new StringBuilder();
        int lines = 20 + random.nextInt(40);
        for (int l = 0; l < lines; l++) {
            sb.append("佐藤は港町の灯台で手紙を見つけた。夜明け前に雨が降り始め、彼女は黙って歩いた。").append(l).append('\n');
        }
        sb.append("v").append(version).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] next(byte[] current, int version) {
        String s = new String(current, StandardCharsets.UTF_8);
        int v = s.lastIndexOf("\nv");
        return (s.substring(0, v + 1) + "v" + version + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void writeInPlace(Path root, List<String> paths, int version, int parallelism) throws InterruptedException {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(parallelism);
        try (java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (String rel : paths) {
                Runnable one = () -> {
                    try {
                        Path p = Fixture.resolve(root, rel);
                        byte[] updated = next(Files.readAllBytes(p), version);
                        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                            ByteBuffer buffer = ByteBuffer.wrap(updated);
                            while (buffer.hasRemaining()) {
                                ch.write(buffer);
                            }
                            ch.force(true);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
                if (parallelism == 1) {
                    one.run();
                } else {
                    permits.acquire();
                    threads.submit(() -> {
                        try {
                            one.run();
                        } finally {
                            permits.release();
                        }
                    });
                }
            }
        }
    }

    /** The bare crash-safe pattern without journal, lock, hashing or audit: temp + force each, rename all, sync dirs. */
    private static void writeAtomically(Path root, List<String> paths, int version) {
        try {
            java.util.Set<Path> dirs = new java.util.LinkedHashSet<>();
            for (String rel : paths) {
                Path p = Fixture.resolve(root, rel);
                byte[] updated = next(Files.readAllBytes(p), version);
                try (FileChannel ch = FileChannel.open(p.resolveSibling(p.getFileName() + ".tmp"), StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE_NEW)) {
                    ByteBuffer buffer = ByteBuffer.wrap(updated);
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
            }
            for (String rel : paths) {
                Path p = Fixture.resolve(root, rel);
                Files.move(p.resolveSibling(p.getFileName() + ".tmp"), p, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                dirs.add(p.getParent());
            }
            for (Path dir : dirs) {
                try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                    ch.force(true);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void commit(Path root, List<String> paths, int version, TransactionOptions options) {
        try (ProjectTransaction tx = ProjectTransaction.begin(root, "bench-" + version, options)) {
            for (String rel : paths) {
                byte[] current = tx.read(rel).orElseThrow();
                tx.stage(rel, next(current, version), StageInfo.scanned("step", "bench", current));
            }
            tx.commit();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    private static List<Long> round(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
