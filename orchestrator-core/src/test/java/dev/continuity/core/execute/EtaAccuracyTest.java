package dev.continuity.core.execute;

import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.spi.UpdateHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ETA of real runs against the time they really took: handlers that work for a known time (they sleep: this is
 * the work, not a wait), a snapshot every 20 ms, the mean of |ETA − real remaining time| ÷ real remaining time over
 * the snapshots taken while steps were left. Real time on shared cores, so tagged slow and judged loosely;
 * {@link EtaTest} is the exact test.
 */
@Tag("slow")
class EtaAccuracyTest {
    @TempDir
    Path root;

    @ParameterizedTest(name = "{0} workers, bulkhead {1}, {2} local steps of 2 ms and {3} remote of {4} ms, first attempt fails: {5}")
    @CsvSource({"4, 2, 0, 20, 100, false", "8, 2, 0, 20, 100, false", "8, 2, 20, 20, 100, false", "8, 16, 0, 20, 100, false",
            "4, 2, 0, 20, 100, true"})
    void theEtaIsCloseToTheTimeTheRunReallyHasLeft(int workers, int bulkhead, int locals, int remotes, long remoteMillis, boolean failFirst)
            throws Exception {
        // a flaky service: each step's first attempt works its time and fails; the retry comes 100 ms later (no jitter)
        ServiceConfig llm = ServiceConfig.remoteDefaults().toBuilder().maxConcurrentCalls(bulkhead).build();
        if (failFirst) {
            llm = llm.toBuilder().maxAttempts(4).backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)).jitter(0.0)
                    .circuitBreakerEnabled(false).build();
        }
        try (DagExecutor ex = DagExecutor.builder(workers).services(Map.of("llm", llm))
                .config(ExecutionConfig.builder().isolation(1.0, 1_000).build())
                .meterRegistry(new SimpleMeterRegistry()).build()) {
            UpdateHandler local = Handlers.of("index", "local", c -> {
                Thread.sleep(2);
                return Handlers.write(c);
            });
            UpdateHandler remote = Handlers.of("rewrite", "llm", c -> {
                Thread.sleep(remoteMillis);
                if (failFirst && c.attempt() == 1) {
                    throw new dev.continuity.api.RetryableException("the service is busy");
                }
                return Handlers.write(c);
            });
            List<UpdateStep> steps = new ArrayList<>();
            for (int i = 0; i < locals; i++) {
                steps.add(Plans.step("l" + i, "index", "local"));   // planned at 100 ms: the measured speed corrects it
            }
            for (int i = 0; i < remotes; i++) {
                steps.add(Plans.step("r" + i, "rewrite", "llm"));
            }
            DagExecutor.Run run = Plans.run(ex, "exec-accuracy", Plans.plan(steps), root, Map.of("index", local, "rewrite", remote));
            run.tracker().status(ExecutionStatus.RUNNING);
            FutureTask<?> task = new FutureTask<>(() -> ex.run(run));
            List<double[]> samples = new ArrayList<>();   // {eta, taken at (ns)}
            long t0 = System.nanoTime();
            Thread.ofVirtual().start(task);
            while (!task.isDone()) {
                RealTimeMonitor m = run.tracker().snapshot();
                if (m.performanceMetrics().get("completedSteps") < steps.size()) {
                    samples.add(new double[] {((Number) m.predictions().get("etaSeconds")).doubleValue(), System.nanoTime()});
                }
                Thread.sleep(20);
            }
            task.get(30, TimeUnit.SECONDS);
            long end = System.nanoTime();
            double error = samples.stream().mapToDouble(s -> {
                double real = (end - s[1]) / 1e9;
                return Math.abs(s[0] - real) / real;
            }).average().orElse(0);
            System.out.printf(Locale.ROOT, "ETA error %.1f%% over %d snapshots of a %.2f s run%n", 100 * error, samples.size(), (end - t0) / 1e9);
            assertThat(error).isLessThan(0.25);
        }
    }
}
