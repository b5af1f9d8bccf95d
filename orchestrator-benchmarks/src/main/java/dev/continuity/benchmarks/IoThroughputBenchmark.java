package dev.continuity.benchmarks;

import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.execute.DagExecutor;
import dev.continuity.core.execute.ExecutionConfig;
import dev.continuity.core.execute.ServiceConfig;
import dev.continuity.core.project.PathGuard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * IO-bound throughput: {@code K = 10 × N} steps of 100 ms simulated latency (a {@code Thread.sleep} on the step's
 * virtual thread, as a remote call would block) at concurrency {@code N}, through the DAG executor with every guard on
 * (global limit N, a bulkhead of N for the service, circuit breaker, time limit, retry context, tracking, events,
 * meters), against the floor measured in the same run: a raw virtual-thread-per-task executor throttled by a
 * {@code Semaphore(N)}. One operation is the whole batch; steps/s = K ÷ (s/op), efficiency = raw ÷ ours.
 *
 * <pre>java -jar orchestrator-benchmarks/target/benchmarks.jar IoThroughputBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class IoThroughputBenchmark {
    static final Duration LATENCY = Duration.ofMillis(100);

    @Param({"10", "100", "1000"})
    int concurrency;

    private int steps;
    private DagExecutor executor;
    private IntelligentUpdatePlan plan;
    private PathGuard guard;
    private ExecutorService raw;
    private long runs;

    private final UpdateHandler remote = new UpdateHandler() {
        @Override public HandlerResult apply(StepContext c) throws InterruptedException {
            Thread.sleep(LATENCY);
            return HandlerResult.unchanged("answered");
        }
        @Override public String id() { return "remote-call"; }
        @Override public String service() { return "remote"; }
    };

    @Setup(Level.Trial)
    public void setUp() {
        steps = 10 * concurrency;
        ServiceConfig config = ServiceConfig.remoteDefaults().toBuilder().maxConcurrentCalls(concurrency).timeout(Duration.ofSeconds(30)).build();
        executor = DagExecutor.builder(concurrency).services(Map.of("remote", config))
                .config(ExecutionConfig.builder().deadLetters(false).journal(false).build())
                .listeners(List.of(event -> { })).alertSinks(List.of(alert -> { })).meterRegistry(new SimpleMeterRegistry()).build();
        plan = SyntheticRuns.plan(steps, "remote-call", "remote");
        guard = SyntheticRuns.tempGuard();
        raw = Executors.newVirtualThreadPerTaskExecutor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.close();
        raw.shutdownNow();
    }

    /** The floor: virtual threads, at most N at once. */
    @Benchmark
    public int rawVirtualThreadsWithSemaphore() throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(steps);
        for (int i = 0; i < steps; i++) {
            permits.acquire();
            raw.submit(() -> {
                try {
                    Thread.sleep(LATENCY);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    permits.release();
                    done.countDown();
                }
            });
        }
        done.await();
        return steps;
    }

    /** The DAG executor with every guard. */
    @Benchmark
    public int guardedExecutor() {
        List<StepResult> results = executor.run(SyntheticRuns.run(executor, "exec-io-" + (runs++), plan, guard, remote));
        if (results.size() != steps || results.stream().anyMatch(r -> r.outcome() != StepOutcome.UNCHANGED)) {
            throw new IllegalStateException("not every step completed: " + results.stream().filter(r -> r.outcome() != StepOutcome.UNCHANGED).findFirst());
        }
        return results.size();
    }
}
