package dev.continuity.core.execute;

import dev.continuity.api.ExecutionEvent;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.RetryableException;
import dev.continuity.api.Severity;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.spi.ExecutionListener;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.UpdateHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGeneratorFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Fault injection on the DAG executor: seeded, and driven by a manual timer instead of sleeps. */
@org.junit.jupiter.api.Timeout(120)
class DagExecutorTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z"));
    private static final long SEED = 20261121L;

    @TempDir
    Path root;
    private final ManualTimer timer = new ManualTimer(Duration.ofMinutes(1));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
    private DagExecutor executor;

    private DagExecutor executor(int workers, Map<String, ServiceConfig> services, ExecutionConfig config, ExecutionListener... listeners) {
        List<ExecutionListener> all = new ArrayList<>(List.of(listeners));
        all.add(events::add);
        executor = DagExecutor.builder(workers).services(services).config(config).listeners(all).timer(timer).clock(CLOCK)
                .random(RandomGeneratorFactory.of("L64X128MixRandom").create(SEED)).meterRegistry(meters).stateRoot(root).build();
        return executor;
    }

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
    }

    private static Map<String, UpdateHandler> handlers(UpdateHandler... hs) {
        Map<String, UpdateHandler> m = new java.util.LinkedHashMap<>();
        for (UpdateHandler h : hs) {
            m.put(h.id(), h);
        }
        return m;
    }

    @Test
    void stepsAreReleasedWhenTheirDependenciesFinishAndTakenInPriorityOrder() {
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        UpdateHandler h = Handlers.of("h", "local", c -> {
            started.add(c.step().id());
            return Handlers.write(c);
        });
        // priority order: a, b, c, d, e; c depends on d (later in priority), e depends on a
        IntelligentUpdatePlan plan = Plans.plan(List.of(Plans.step("a", "h", "local"), Plans.step("b", "h", "local"),
                Plans.step("d", "h", "local"), Plans.step("c", "h", "local", "d"), Plans.step("e", "h", "local", "a")));
        DagExecutor ex = executor(1, Map.of(), ExecutionConfig.defaults());
        List<StepResult> results = ex.run(Plans.run(ex, "exec-order", plan, root, handlers(h)));

        assertThat(results).extracting(StepResult::outcome).containsOnly(StepOutcome.UPDATED);
        // with one worker: a (0) first; then e (4) is ready but b (1) comes first, then d (2), then c (3), then e (4)
        assertThat(started).containsExactly("a", "b", "d", "c", "e");
    }

    @Test
    void concurrencyIsBoundedGloballyAndPerService() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch fourRunning = new CountDownLatch(4);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger runningA = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger maxA = new AtomicInteger();
        Handlers.Body body = c -> {
            int r = running.incrementAndGet();
            maxRunning.accumulateAndGet(r, Math::max);
            if (c.step().service().equals("a")) {
                maxA.accumulateAndGet(runningA.incrementAndGet(), Math::max);
            }
            fourRunning.countDown();
            release.await();
            if (c.step().service().equals("a")) {
                runningA.decrementAndGet();
            }
            running.decrementAndGet();
            return Handlers.write(c);
        };
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            steps.add(Plans.step("a" + i, "ha", "a"));
            steps.add(Plans.step("b" + i, "hb", "b"));
        }
        DagExecutor ex = executor(4, Map.of("a", ServiceConfig.remoteDefaults().toBuilder().maxConcurrentCalls(2).build()), ExecutionConfig.defaults());
        FutureTask<List<StepResult>> task = new FutureTask<>(() -> ex.run(Plans.run(ex, "exec-bounds", Plans.plan(steps), root,
                handlers(Handlers.of("ha", "a", body), Handlers.of("hb", "b", body)))));
        Thread.ofVirtual().start(task);
        assertThat(fourRunning.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(running.get()).isEqualTo(4);
        assertThat(runningA.get()).isEqualTo(2);
        release.countDown();
        List<StepResult> results = task.get(30, TimeUnit.SECONDS);

        assertThat(results).hasSize(40).extracting(StepResult::outcome).containsOnly(StepOutcome.UPDATED);
        assertThat(maxRunning.get()).isEqualTo(4);
        assertThat(maxA.get()).isEqualTo(2);
    }

    @Test
    void transientFailuresAreRetriedWithJitteredCappedBackoffUntilEveryStepCompletes() {
        double p = 0.3;
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        UpdateHandler flaky = Handlers.of("flaky", "remote", c -> {
            calls.incrementAndGet();
            if (new SplittableRandom(SEED ^ (c.step().id().hashCode() * 1_000_003L + c.attempt())).nextDouble() < p) {
                failures.incrementAndGet();
                throw new RetryableException("503 from the remote service");
            }
            return Handlers.write(c);
        });
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            steps.add(Plans.step(String.format("s%03d", i), "flaky", "remote"));
        }
        ServiceConfig remote = ServiceConfig.remoteDefaults().toBuilder().maxAttempts(12).backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2))
                .jitter(0.25).slidingWindow(100, 100).failureRateThreshold(90).build();
        DagExecutor ex = executor(8, Map.of("remote", remote), ExecutionConfig.builder().isolation(0.8, 50).build());
        List<StepResult> results = ex.run(Plans.run(ex, "exec-transient", Plans.plan(steps), root, handlers(flaky)));

        assertThat(results).hasSize(200).extracting(StepResult::outcome).containsOnly(StepOutcome.UPDATED);
        assertThat(failures.get()).as("some attempts failed").isGreaterThan(30);
        assertThat(calls.get()).isEqualTo(200 + failures.get());
        assertThat(results.stream().mapToInt(StepResult::attempts).sum()).isEqualTo(calls.get());
        List<ExecutionEvent.StepRetried> retried = events.stream().filter(ExecutionEvent.StepRetried.class::isInstance)
                .map(ExecutionEvent.StepRetried.class::cast).toList();
        assertThat(retried).hasSize(failures.get());
        assertThat(retried).allSatisfy(r -> {
            double base = 100 * Math.pow(2, r.failedAttempt() - 1);
            assertThat((double) r.delay().toMillis()).isBetween(Math.min(0.75 * base, 2000) - 1, Math.min(1.25 * base, 2000) + 1);
        });
        assertThat(retried.stream().map(r -> r.delay().toMillis()).distinct().count()).as("jitter spreads the delays").isGreaterThan(10);
        assertThat(ex.deadLetterStore().orElseThrow().pending()).isEmpty();
        assertThat(meters.get("continuity.step.retries").tag("service", "remote").counter().count()).isEqualTo(failures.get());
        assertThat(meters.get("resilience4j.retry.calls").tag("name", "remote").tag("kind", "successful_with_retry").functionCounter().count())
                .isPositive();
    }

    @Test
    void aServiceThatAlwaysFailsOpensItsCircuitAndDeadLettersItsStepsWhileOtherServicesComplete() {
        AtomicInteger downCalls = new AtomicInteger();
        UpdateHandler down = Handlers.of("down-rewrite", "down", c -> {
            downCalls.incrementAndGet();
            throw new RetryableException("connection reset by the down service");
        });
        UpdateHandler local = Handlers.of("local-index", "local", Handlers::write);
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            steps.add(Plans.step("down" + i, "down-rewrite", "down"));
            steps.add(Plans.step("local" + i, "local-index", "local"));
        }
        steps.add(Plans.step("after-down", "local-index", "local", "down0"));
        ServiceConfig downConfig = ServiceConfig.remoteDefaults().toBuilder().maxAttempts(3).backoff(Duration.ofMillis(10), 2, Duration.ofSeconds(1))
                .slidingWindow(6, 6).failureRateThreshold(50).waitInOpenState(Duration.ofHours(1)).build();
        DagExecutor ex = executor(2, Map.of("down", downConfig), ExecutionConfig.defaults());
        DagExecutor.Run run = Plans.run(ex, "exec-down", Plans.plan(steps), root, handlers(down, local));
        List<StepResult> results = ex.run(run);

        assertThat(results).filteredOn(r -> r.stepId().startsWith("local")).hasSize(10).extracting(StepResult::outcome).containsOnly(StepOutcome.UPDATED);
        assertThat(results).filteredOn(r -> r.stepId().startsWith("down")).hasSize(10).extracting(StepResult::outcome).containsOnly(StepOutcome.FAILED);
        assertThat(results).filteredOn(r -> r.stepId().equals("after-down")).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(StepOutcome.SKIPPED));
        assertThat(results).filteredOn(r -> r.stepId().startsWith("down")).anySatisfy(r -> assertThat(r.error().orElseThrow())
                .contains("the circuit breaker of service 'down' refused the call"));
        assertThat(downCalls.get()).as("an open circuit fails fast: far fewer calls than 10 steps x 3 attempts").isLessThan(15);

        List<DeadLetter> letters = ex.deadLetterStore().orElseThrow().pending();
        assertThat(letters).hasSize(10).allSatisfy(l -> {
            assertThat(l.service()).isEqualTo("down");
            assertThat(l.attempts()).isBetween(1, 3);
            assertThat(l.cause()).contains("down-rewrite");
            assertThat(l.changedFiles()).containsExactly("plot.yaml");
        });
        RealTimeMonitor m = run.tracker().snapshot();
        assertThat(m.healthIndicators().get("down")).startsWith("circuit OPEN").contains("bulkhead 0/16");
        assertThat(m.healthIndicators()).containsEntry("mode", "ISOLATED");
        assertThat(m.alerts()).anySatisfy(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.kind()).isEqualTo(dev.continuity.api.Alert.Kind.ISOLATED_MODE);
            assertThat(a.message()).contains("isolated mode").contains("circuit of service 'down' opened");
        });
        assertThat(m.alerts()).anySatisfy(a -> {
            assertThat(a.kind()).isEqualTo(dev.continuity.api.Alert.Kind.CIRCUIT_OPEN);
            assertThat(a.message()).contains("circuit of service 'down' is OPEN");
        });
        assertThat(m.alerts()).filteredOn(a -> a.message().contains("failed for good")).isNotEmpty()
                .allSatisfy(a -> assertThat(a.kind()).isEqualTo(dev.continuity.api.Alert.Kind.STEP_FAILED));
        assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "down").tag("state", "open").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("continuity.circuit.state").tag("service", "down").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("continuity.dead.letters").tag("service", "down").counter().count()).isEqualTo(10);
    }

    @Test
    void aHangingStepIsInterruptedByItsTimeLimit() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        UpdateHandler hanging = Handlers.of("hang", "slow", c -> {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return Handlers.write(c);
        });
        ServiceConfig slow = ServiceConfig.remoteDefaults().toBuilder().maxAttempts(1).timeout(Duration.ofHours(1)).build();
        DagExecutor ex = executor(2, Map.of("slow", slow), ExecutionConfig.defaults());
        IntelligentUpdatePlan plan = Plans.plan(List.of(Plans.step("hang", "hang", "slow")));
        FutureTask<List<StepResult>> task = new FutureTask<>(() -> ex.run(Plans.run(ex, "exec-hang", plan, root, handlers(hanging))));
        Thread.ofVirtual().start(task);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(timer.fireAll()).isEqualTo(1);

        List<StepResult> results = task.get(10, TimeUnit.SECONDS);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the hanging thread was interrupted").isTrue();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(StepOutcome.FAILED);
            assertThat(r.error().orElseThrow()).contains("exceeded the time limit");
        });
        assertThat(meters.get("resilience4j.timelimiter.calls").tag("name", "slow").tag("kind", "timeout").counter().count()).isEqualTo(1);
    }

    @Test
    void anAnswerThatArrivesAfterTheTimeoutNeverWrites() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        AtomicReference<Throwable> writeError = new AtomicReference<>();
        UpdateHandler late = Handlers.of("late", "slow", c -> {
            entered.countDown();
            boolean done = false;
            while (!done) {
                try {
                    answer.await();
                    done = true;
                } catch (InterruptedException ignored) {
                    // a careless client: ignores the interrupt and answers anyway
                }
            }
            try {
                c.writer().writeText(c.step().file(), "late answer");
            } catch (RuntimeException e) {
                writeError.set(e);
            }
            answered.countDown();
            return HandlerResult.updated("late");
        }, "review");
        UpdateHandler review = Handlers.of("review", "local", c -> {
            c.writer().writeText(c.step().file(), "marked for review");
            return HandlerResult.updated("marked for review");
        });
        ServiceConfig slow = ServiceConfig.remoteDefaults().toBuilder().maxAttempts(1).timeout(Duration.ofHours(1)).build();
        DagExecutor ex = executor(2, Map.of("slow", slow), ExecutionConfig.defaults());
        IntelligentUpdatePlan plan = Plans.plan(List.of(Plans.step("late", "late", "slow")));
        DagExecutor.Run run = Plans.run(ex, "exec-late", plan, root, handlers(late, review));
        FutureTask<List<StepResult>> task = new FutureTask<>(() -> ex.run(run));
        Thread.ofVirtual().start(task);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        timer.fireAll();
        List<StepResult> results = task.get(10, TimeUnit.SECONDS);

        // the step fell back to review marking, which wrote; then the late answer arrives
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(StepOutcome.UPDATED);
            assertThat(r.handlerId()).isEqualTo("review");
        });
        answer.countDown();
        assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(writeError.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("abandoned");
        assertThat(new String(run.writer().staged().get("files/late.md"), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("marked for review");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ExecutionEvent.StepFellBack.class, f -> {
            assertThat(f.fromHandler()).isEqualTo("late");
            assertThat(f.toHandler()).isEqualTo("review");
            assertThat(f.cause()).contains("exceeded the time limit");
        }));
    }

    @Test
    void serviceConfiguredFallbacksRunWhenTheHandlerFailsForGood() {
        UpdateHandler llm = Handlers.of("llm-rewrite", "llm", c -> {
            throw new IllegalStateException("model refused the prompt");
        });
        UpdateHandler review = Handlers.of("review", "local", Handlers::write);
        DagExecutor ex = executor(2, Map.of("llm", ServiceConfig.remoteDefaults().toBuilder().fallbacks(List.of("missing", "review")).build()),
                ExecutionConfig.defaults());
        List<StepResult> results = ex.run(Plans.run(ex, "exec-fallback", Plans.plan(List.of(Plans.step("x", "llm-rewrite", "llm"))), root,
                handlers(llm, review)));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(StepOutcome.UPDATED);
            assertThat(r.handlerId()).isEqualTo("review");
            assertThat(r.attempts()).as("a non-retryable failure is not retried").isEqualTo(2);
        });
    }

    @Test
    void aFailingListenerIsContained() {
        AtomicInteger calls = new AtomicInteger();
        ExecutionListener broken = new ExecutionListener() {
            @Override public void onEvent(ExecutionEvent event) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }
            @Override public String id() { return "broken-listener"; }
        };
        DagExecutor ex = executor(2, Map.of(), ExecutionConfig.defaults(), broken);
        List<StepResult> results = ex.run(Plans.run(ex, "exec-listener", Plans.plan(List.of(Plans.step("a", "h", "local"), Plans.step("b", "h", "local"))),
                root, handlers(Handlers.of("h", "local", Handlers::write))));

        assertThat(results).extracting(StepResult::outcome).containsOnly(StepOutcome.UPDATED);
        assertThat(calls.get()).isGreaterThanOrEqualTo(5);
        assertThat(meters.get("continuity.plugin.failures").tag("plugin", "broken-listener").counter().count()).isEqualTo(calls.get());
        assertThat(events).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void theMonitorIsLiveWhileTheRunGoesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch twoRunning = new CountDownLatch(2);
        UpdateHandler blocking = Handlers.of("h", "local", c -> {
            if (c.step().id().startsWith("slow")) {
                twoRunning.countDown();
                release.await();
            }
            return Handlers.write(c);
        });
        List<UpdateStep> steps = List.of(Plans.step("fast1", "h", "local"), Plans.step("fast2", "h", "local"), Plans.step("fast3", "h", "local"),
                Plans.step("slow1", "h", "local"), Plans.step("slow2", "h", "local"), Plans.step("last", "h", "local", "slow1", "slow2"));
        DagExecutor ex = executor(2, Map.of(), ExecutionConfig.defaults());
        DagExecutor.Run run = Plans.run(ex, "exec-live", Plans.plan(steps), root, handlers(blocking));
        run.tracker().status(ExecutionStatus.RUNNING);
        FutureTask<List<StepResult>> task = new FutureTask<>(() -> ex.run(run));
        Thread.ofVirtual().start(task);
        assertThat(twoRunning.await(10, TimeUnit.SECONDS)).isTrue();

        RealTimeMonitor during = run.tracker().snapshot();
        assertThat(during.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(during.activeOperations()).containsOnlyKeys("slow1", "slow2")
                .allSatisfy((id, op) -> assertThat(op.state()).isEqualTo("RUNNING"))
                .allSatisfy((id, op) -> assertThat(op.startedAt()).as("by the run's clock").isEqualTo(CLOCK.instant()));
        assertThat(during.performanceMetrics()).containsEntry("completedSteps", 3.0).containsEntry("totalSteps", 6.0)
                .containsKeys("throughputStepsPerSecond", "p50StepMillis", "p95StepMillis", "errorRate", "retries");
        assertThat(during.predictions()).containsKeys("etaSeconds", "completionProbability", "remainingCriticalPathSeconds");
        assertThat((double) during.predictions().get("etaSeconds")).isPositive();
        assertThat((double) during.predictions().get("completionProbability")).isBetween(0.9, 1.0);
        assertThat(during.healthIndicators()).containsKey("local").containsEntry("overall", "HEALTHY");

        release.countDown();
        assertThat(task.get(10, TimeUnit.SECONDS)).hasSize(6);
        run.tracker().status(ExecutionStatus.SUCCEEDED);
        RealTimeMonitor after = run.tracker().snapshot();
        assertThat(after.activeOperations()).isEmpty();
        assertThat(after.predictions()).containsEntry("etaSeconds", 0.0).containsEntry("completionProbability", 1.0);
        assertThat(events).first().isInstanceOf(ExecutionEvent.Started.class);
        assertThat(events).last().isInstanceOfSatisfying(ExecutionEvent.Finished.class, f -> assertThat(f.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
    }

    @Test
    void aStepOurOwnBookkeepingFailsOnIsReportedFailedAndItsDependentsSkippedByTheMonitor() throws Exception {
        // the idempotency journal cannot be written (its folder is a file): finishing the remote step fails inside the
        // executor, not in the handler
        java.nio.file.Files.createDirectories(root.resolve(".continuity"));
        java.nio.file.Files.writeString(root.resolve(IdempotencyJournal.DIR), "not a folder");
        UpdateHandler remote = Handlers.of("llm", "llm", Handlers::write);
        IntelligentUpdatePlan plan = Plans.plan(List.of(Plans.step("r1", "llm", "llm"), Plans.step("after", "h", "local", "r1"),
                Plans.step("other", "h", "local")));
        DagExecutor ex = executor(2, Map.of(), ExecutionConfig.defaults());
        DagExecutor.Run run = Plans.run(ex, "exec-internal", plan, root, handlers(remote, Handlers.of("h", "local", Handlers::write)));
        run.tracker().status(ExecutionStatus.RUNNING);
        List<StepResult> results = ex.run(run);

        assertThat(results).extracting(StepResult::stepId, StepResult::outcome).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("r1", StepOutcome.FAILED), org.assertj.core.groups.Tuple.tuple("after", StepOutcome.SKIPPED),
                org.assertj.core.groups.Tuple.tuple("other", StepOutcome.UPDATED));
        RealTimeMonitor after = run.tracker().snapshot();
        assertThat(after.activeOperations()).as("nothing is left running").isEmpty();
        assertThat(after.performanceMetrics()).containsEntry("completedSteps", 3.0).containsEntry("failedSteps", 1.0)
                .containsEntry("skippedSteps", 1.0).containsEntry("succeededSteps", 1.0);
        assertThat(after.predictions()).containsEntry("remainingSteps", 0).containsEntry("completionProbability", 0.0);
        assertThat(events).filteredOn(ExecutionEvent.StepFailed.class::isInstance).extracting(e -> ((ExecutionEvent.StepFailed) e).stepId())
                .containsExactly("r1");
        assertThat(events).filteredOn(ExecutionEvent.StepSkipped.class::isInstance).extracting(e -> ((ExecutionEvent.StepSkipped) e).stepId())
                .containsExactly("after");
        assertThat(meters.get("continuity.steps").tag("outcome", "failed").tag("service", "llm").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aRunsHealthNamesItsOwnServicesAndIsKeptAsItWasWhenTheRunEnded() {
        UpdateHandler local = Handlers.of("local-index", "local", Handlers::write);
        DagExecutor ex = executor(2, Map.of("down", ServiceConfig.remoteDefaults().toBuilder().maxAttempts(1).slidingWindow(2, 2)
                .failureRateThreshold(50).waitInOpenState(Duration.ofHours(1)).build()), ExecutionConfig.defaults());
        DagExecutor.Run quiet = Plans.run(ex, "exec-quiet", Plans.plan(List.of(Plans.step("a", "local-index", "local"))), root, handlers(local));
        quiet.tracker().status(ExecutionStatus.RUNNING);
        ex.run(quiet);
        quiet.tracker().status(ExecutionStatus.SUCCEEDED);
        RealTimeMonitor atTheEnd = quiet.tracker().snapshot();

        // a later run of the same orchestrator breaks another service
        UpdateHandler down = Handlers.of("down-rewrite", "down", c -> {
            throw new IllegalStateException("down");
        });
        DagExecutor.Run broken = Plans.run(ex, "exec-broken", Plans.plan(List.of(Plans.step("d1", "down-rewrite", "down"),
                Plans.step("d2", "down-rewrite", "down"), Plans.step("d3", "down-rewrite", "down"))), root, handlers(down));
        ex.run(broken);
        assertThat(broken.tracker().snapshot().healthIndicators().get("down")).startsWith("circuit OPEN");

        RealTimeMonitor later = quiet.tracker().snapshot();
        assertThat(later.healthIndicators()).as("the services of the run, as they were when it ended")
                .isEqualTo(atTheEnd.healthIndicators()).containsOnlyKeys("local", "mode", "overall").containsEntry("overall", "HEALTHY");
    }

    @Test
    void aServiceWithAFailureBeforeItsCircuitHasARateDoesNotReadZeroPercent() {
        UpdateHandler llm = Handlers.of("llm-rewrite", "llm", c -> {
            if (c.step().id().equals("r2")) {
                throw new IllegalStateException("the model refused");
            }
            return Handlers.write(c);
        });
        DagExecutor ex = executor(1, Map.of(), ExecutionConfig.defaults());
        DagExecutor.Run run = Plans.run(ex, "exec-rate", Plans.plan(List.of(Plans.step("r1", "llm-rewrite", "llm"), Plans.step("r2", "llm-rewrite", "llm"))),
                root, handlers(llm));
        ex.run(run);
        // the circuit judges a rate from 5 calls (the remote defaults); 1 of the 2 so far failed
        assertThat(run.tracker().snapshot().healthIndicators().get("llm")).isEqualTo("circuit CLOSED, bulkhead 0/16, failure rate 50% (1 of 2 calls)");
    }

    @Test
    void aResumedExecutionReplaysJournaledRemoteStepsInsteadOfCallingTheServiceAgain() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        AtomicBoolean brokenLocal = new AtomicBoolean(true);
        UpdateHandler remote = Handlers.of("llm", "llm", c -> {
            calls.computeIfAbsent(c.step().id(), k -> new AtomicInteger()).incrementAndGet();
            assertThat(c.idempotencyKey()).isEqualTo("exec-resume:" + c.step().id());
            c.writer().writeText(c.step().file(), "rewritten " + c.idempotencyKey());
            return HandlerResult.updated("rewritten");
        });
        UpdateHandler local = Handlers.of("index", "local", c -> {
            if (brokenLocal.get()) {
                throw new IllegalStateException("disk full");
            }
            return Handlers.write(c);
        });
        IntelligentUpdatePlan plan = Plans.plan(List.of(Plans.step("r1", "llm", "llm"), Plans.step("r2", "llm", "llm"), Plans.step("i1", "index", "local")));
        DagExecutor ex = executor(2, Map.of(), ExecutionConfig.defaults());
        List<StepResult> first = ex.run(Plans.run(ex, "exec-resume", plan, root, handlers(remote, local)));
        assertThat(first).filteredOn(r -> r.outcome() == StepOutcome.FAILED).extracting(StepResult::stepId).containsExactly("i1");

        brokenLocal.set(false);
        DagExecutor.Run again = Plans.run(ex, "exec-resume", plan, root, handlers(remote, local));
        List<StepResult> second = ex.run(again);

        assertThat(second).extracting(StepResult::outcome).containsOnly(StepOutcome.UPDATED);
        assertThat(calls).containsOnlyKeys("r1", "r2").allSatisfy((id, n) -> assertThat(n.get()).as(id).isEqualTo(1));
        assertThat(second).filteredOn(r -> r.stepId().startsWith("r")).allSatisfy(r -> {
            assertThat(r.summary()).startsWith("replayed from the idempotency journal (exec-resume:" + r.stepId() + ")");
            assertThat(r.attempts()).isZero();
        });
        assertThat(new String(again.writer().staged().get("files/r1.md"), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("rewritten exec-resume:r1");
        again.tracker().status(ExecutionStatus.SUCCEEDED);
        assertThat(root.resolve(IdempotencyJournal.DIR).resolve("exec-resume.jsonl")).doesNotExist();
    }

    @Test
    void aJournaledResultIsNotReplayedOntoAChangedInput() {
        AtomicInteger calls = new AtomicInteger();
        UpdateHandler remote = Handlers.of("llm", "llm", c -> {
            calls.incrementAndGet();
            return Handlers.write(c);
        });
        UpdateHandler broken = Handlers.of("index", "local", c -> {
            throw new IllegalStateException("disk full");
        });
        IntelligentUpdatePlan plan = Plans.plan(List.of(Plans.step("r1", "llm", "llm"), Plans.step("i1", "index", "local")));
        DagExecutor ex = executor(2, Map.of(), ExecutionConfig.defaults());
        ex.run(Plans.run(ex, "exec-input", plan, root, handlers(remote, broken)));
        assertThat(calls.get()).isEqualTo(1);

        DagExecutor.Run base = Plans.run(ex, "exec-input", plan, root, handlers(remote, broken));
        dev.continuity.api.spi.ProjectSnapshot edited = new dev.continuity.api.spi.ProjectSnapshot() {
            @Override public List<String> files() { return List.of("files/r1.md"); }
            @Override public java.util.Optional<dev.continuity.api.FileKind> kind(String path) { return java.util.Optional.empty(); }
            @Override public java.util.Optional<String> text(String path) {
                return path.equals("files/r1.md") ? java.util.Optional.of("the author edited this meanwhile") : java.util.Optional.empty();
            }
            @Override public List<dev.continuity.api.EntityInfo> entities() { return List.of(); }
            @Override public java.util.Optional<dev.continuity.api.EntityInfo> entity(String n) { return java.util.Optional.empty(); }
            @Override public List<dev.continuity.api.Reference> referencesFrom(String path) { return List.of(); }
            @Override public List<dev.continuity.api.Reference> referencesTo(String target) { return List.of(); }
        };
        ex.run(new DagExecutor.Run(base.executionId(), plan, base.change(), base.types(), base.impact(), edited, base.writer(), base.handlers(),
                base.tracker(), base.mlConfig()));
        assertThat(calls.get()).as("a stale result is not replayed: the service is called again").isEqualTo(2);
    }

    @Test
    void checkpointsAreReportedWhenEveryStepUpToThemSucceeded() {
        List<UpdateStep> steps = List.of(Plans.step("a", "h", "local"), Plans.step("b", "h", "local"), Plans.step("c", "h", "local", "b"));
        IntelligentUpdatePlan base = Plans.plan(steps);
        IntelligentUpdatePlan plan = new IntelligentUpdatePlan(base.planId(), base.mlOptimizedSteps(), base.dynamicDependencies(), Map.of(), List.of(),
                List.of(new dev.continuity.api.AdaptiveCheckpoint("b", 1, "test", 0.2, 0.02)), Map.of(), "test", base.goals(), 1);
        DagExecutor ex = executor(1, Map.of(), ExecutionConfig.defaults());
        ex.run(Plans.run(ex, "exec-cp", plan, root, handlers(Handlers.of("h", "local", Handlers::write))));

        assertThat(events).filteredOn(ExecutionEvent.CheckpointReached.class::isInstance).singleElement()
                .isInstanceOfSatisfying(ExecutionEvent.CheckpointReached.class, c -> {
                    assertThat(c.afterStepId()).isEqualTo("b");
                    assertThat(c.completedSteps()).isEqualTo(2);
                });
    }

    @Test
    void aRisingErrorRateIsAnAnomalyThatRaisesAnAlert() {
        UpdateHandler h = Handlers.of("h", "svc", c -> {
            if (Integer.parseInt(c.step().id().substring(1)) >= 30) {
                throw new IllegalStateException("quota exhausted");
            }
            return Handlers.write(c);
        });
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 0; i < 34; i++) {
            steps.add(Plans.step("s" + i, "h", "svc"));
        }
        DagExecutor ex = executor(1, Map.of("svc", ServiceConfig.remoteDefaults().toBuilder().circuitBreakerEnabled(false).build()),
                ExecutionConfig.defaults());
        DagExecutor.Run run = Plans.run(ex, "exec-anomaly", Plans.plan(steps), root, handlers(h));
        ex.run(run);
        assertThat(run.tracker().snapshot().alerts()).anySatisfy(a -> {
            assertThat(a.source()).isEqualTo("svc");
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.kind()).isEqualTo(dev.continuity.api.Alert.Kind.ERROR_RATE_ANOMALY);
            assertThat(a.message()).contains("error rate of service 'svc' is anomalous");
        });
    }

}
