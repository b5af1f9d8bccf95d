package dev.continuity.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * A cross-check of {@link IoThroughputBenchmark} that is robust to a machine shared with other work: raw and guarded
 * batches alternate, round by round, in one JVM, and the efficiency is the median of the per-round ratios (raw ÷ ours).
 *
 * <pre>java -Xmx2g -cp orchestrator-benchmarks/target/benchmarks.jar dev.continuity.benchmarks.IoThroughputPaired [rounds] [N...]</pre>
 */
public final class IoThroughputPaired {
    private IoThroughputPaired() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int[] concurrencies = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {10, 100, 1000};
        for (int n : concurrencies) {
            IoThroughputBenchmark b = new IoThroughputBenchmark();
            b.concurrency = n;
            b.setUp();
            try {
                for (int w = 0; w < 2; w++) {
                    b.rawVirtualThreadsWithSemaphore();
                    b.guardedExecutor();
                }
                double[] raw = new double[rounds];
                double[] ours = new double[rounds];
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    int k = b.rawVirtualThreadsWithSemaphore();
                    raw[r] = (System.nanoTime() - t0) / 1e6;
                    t0 = System.nanoTime();
                    b.guardedExecutor();
                    ours[r] = (System.nanoTime() - t0) / 1e6;
                    ratio[r] = raw[r] / ours[r];
                    if (r == 0) {
                        System.out.printf(Locale.ROOT, "N = %d, K = %d steps of %d ms%n", n, k, IoThroughputBenchmark.LATENCY.toMillis());
                    }
                }
                int k = 10 * n;
                System.out.printf(Locale.ROOT, "N = %4d: raw %.1f ms (%.0f steps/s), ours %.1f ms (%.0f steps/s), efficiency median %.3f (min %.3f, max %.3f) over %d rounds%n",
                        n, median(raw), k / median(raw) * 1000, median(ours), k / median(ours) * 1000, median(ratio), min(ratio), max(ratio), rounds);
            } finally {
                b.tearDown();
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
