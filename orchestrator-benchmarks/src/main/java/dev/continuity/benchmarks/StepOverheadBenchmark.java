package dev.continuity.benchmarks;

import dev.continuity.api.IntelligentUpdatePlan;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-step overhead of the full guarded path — DAG release, adaptive limit, bulkhead, circuit breaker, rate limiter,
 * time limit (a timer armed and cancelled per attempt), retry context, a virtual thread per attempt, tracking, events,
 * Micrometer meters and anomaly detection — for a handler that does nothing, against a plain call of the same handler
 * and against submitting it to a raw {@link ThreadPoolExecutor}. Each invocation runs a batch of {@value #BATCH}
 * independent steps, so the figures are per step.
 *
 * <pre>java -jar orchestrator-benchmarks/target/benchmarks.jar StepOverheadBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class StepOverheadBenchmark {
    static final int BATCH = 1000;

    private final AtomicLong sink = new AtomicLong();
    private final UpdateHandler handler = new UpdateHandler() {
        @Override public HandlerResult apply(StepContext c) {
            sink.incrementAndGet();
            return HandlerResult.unchanged("nothing to do");
        }
        @Override public String id() { return "noop"; }
        @Override public String service() { return "remote"; }
    };
    private DagExecutor executor;
    private IntelligentUpdatePlan plan;
    private PathGuard guard;
    private ThreadPoolExecutor pool;
    private StepContext plainContext;
    private long runs;

    @Setup(Level.Trial)
    public void setUp() {
        ServiceConfig remote = ServiceConfig.remoteDefaults().toBuilder().maxConcurrentCalls(10_000).timeout(Duration.ofMinutes(1))
                .rateLimit(100_000_000, Duration.ofSeconds(1), Duration.ZERO).build();
        executor = DagExecutor.builder(Runtime.getRuntime().availableProcessors() * 2).services(Map.of("remote", remote))
                .config(ExecutionConfig.builder().deadLetters(false).journal(false).build())
                .listeners(List.of(event -> sink.incrementAndGet())).alertSinks(List.of(alert -> { })).meterRegistry(new SimpleMeterRegistry()).build();
        plan = SyntheticRuns.plan(BATCH, "noop", "remote");
        guard = SyntheticRuns.tempGuard();
        pool = new ThreadPoolExecutor(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>());
        plainContext = context();
    }

    private StepContext context() {
        return new StepContext() {
            @Override public String executionId() { return "exec-plain"; }
            @Override public dev.continuity.api.UpdateStep step() { return plan.steps().getFirst(); }
            @Override public dev.continuity.api.ChangeContext change() { return SyntheticRuns.CHANGE; }
            @Override public dev.continuity.api.PredictiveImpactAnalysis impact() { return SyntheticRuns.IMPACT; }
            @Override public dev.continuity.api.spi.ProjectSnapshot project() { return SyntheticRuns.EMPTY; }
            @Override public dev.continuity.api.spi.ProjectWriter writer() { return (path, content) -> { }; }
            @Override public java.time.InstantSource clock() { return java.time.InstantSource.system(); }
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.close();
        pool.shutdownNow();
    }

    /** The floor: the handler called directly. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void plainCall(Blackhole bh) throws Exception {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(handler.apply(plainContext));
        }
    }

    /** A raw thread pool: submit every step, then wait for all. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void threadPoolSubmit(Blackhole bh) throws Exception {
        List<Future<HandlerResult>> futures = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            futures.add(pool.submit(() -> handler.apply(plainContext)));
        }
        for (Future<HandlerResult> f : futures) {
            bh.consume(f.get());
        }
    }

    /** The full guarded path: a plan of independent steps through the DAG executor. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void guardedStep(Blackhole bh) {
        bh.consume(executor.run(SyntheticRuns.run(executor, "exec-" + (runs++), plan, guard, handler)));
    }
}
