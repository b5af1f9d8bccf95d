package dev.continuity.core.execute;

import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileKind;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.spi.UpdateHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The ETA of a run against the time the run really has left. The tracker is driven the way the executor drives it —
 * steps started in priority order under the worker limit and each service's bulkhead — on a monotonic clock the test
 * moves, so every duration is exact and nothing sleeps.
 */
class EtaTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private DagExecutor executor;

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
    }

    private ExecutionTracker track(int workers, Map<String, ServiceConfig> services, List<UpdateStep> steps) {
        executor = DagExecutor.builder(workers).services(services).timer(new ManualTimer(Duration.ofMinutes(1))).nanoTime(now::get)
                .meterRegistry(new SimpleMeterRegistry()).build();
        ExecutionTracker t = executor.track("exec-eta", Plans.plan(steps));
        t.status(ExecutionStatus.RUNNING);
        return t;
    }

    private static UpdateStep step(String id, String handler, String service, Duration estimate, String... dependsOn) {
        return new UpdateStep(id, "files/" + id + ".md", FileKind.MANUSCRIPT, handler, service, List.of(dependsOn), estimate, RiskLevel.LOW, 0.01,
                List.of("test"));
    }

    private static double eta(ExecutionTracker t) {
        return ((Number) t.snapshot().predictions().get("etaSeconds")).doubleValue();
    }

    /** The step's first attempt starts, on its own service. */
    private static void start(ExecutionTracker t, int step) {
        t.started(step, 1, t.graph().steps[step].service());
    }

    private void advance(double seconds) {
        now.addAndGet(Math.round(seconds * SECOND));
    }

    private static ServiceConfig bulkhead(int calls) {
        return ServiceConfig.remoteDefaults().toBuilder().maxConcurrentCalls(calls).build();
    }

    @Test
    void throughputIsOfTheStepsPhaseTheHealingAndCommitAfterTheLastStepDoNotLowerIt() {
        ExecutionTracker t = track(2, Map.of(), List.of(step("a", "rewrite", "local", Duration.ofSeconds(1)),
                step("b", "rewrite", "local", Duration.ofSeconds(1))));
        start(t, 0);
        start(t, 1);
        advance(1);
        t.succeeded(0, SECOND);
        assertThat(t.snapshot().performanceMetrics().get("throughputStepsPerSecond")).isCloseTo(1.0, within(1e-9));
        t.succeeded(1, SECOND);
        advance(3);              // healing and the commit
        t.status(ExecutionStatus.SUCCEEDED);
        Map<String, Double> m = t.snapshot().performanceMetrics();
        assertThat(m.get("throughputStepsPerSecond")).as("2 steps in 1 s").isCloseTo(2.0, within(1e-9));
        assertThat(m.get("elapsedSeconds")).as("the whole run").isCloseTo(4.0, within(1e-9));
    }

    @Test
    void theEtaCountsTheStepsQueuedBehindAServicesBulkhead() {
        // 20 remote steps of 1 s through a service that allows 2 calls at once, with 4 workers: 10 rounds of 2, 10 s
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            steps.add(step("r" + i, "rewrite", "llm", Duration.ofSeconds(1)));
        }
        ExecutionTracker t = track(4, Map.of("llm", bulkhead(2)), steps);
        for (int round = 0; round < 10; round++) {
            start(t, 2 * round);
            start(t, 2 * round + 1);
            assertThat(eta(t)).as("at the start of round %d", round).isCloseTo(10.0 - round, within(0.01));
            advance(0.5);
            assertThat(eta(t)).as("in the middle of round %d", round).isCloseTo(9.5 - round, within(0.01));
            advance(0.5);
            t.succeeded(2 * round, SECOND);
            t.succeeded(2 * round + 1, SECOND);
        }
        assertThat(eta(t)).isZero();
    }

    @Test
    void aServiceIsTimedByItsOwnMeasuredStepsNotByTheQuickStepsOfAnother() {
        // remote steps first in priority (2 at once), quick local ones beside them on the other 2 workers
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            steps.add(step("r" + i, "rewrite", "llm", Duration.ofSeconds(1)));
        }
        for (int i = 0; i < 10; i++) {
            steps.add(step("l" + i, "index", "local", Duration.ofSeconds(1)));
        }
        ExecutionTracker t = track(4, Map.of("llm", bulkhead(2)), steps);
        start(t, 0);
        start(t, 1);
        for (int i = 10; i < 20; i += 2) {
            start(t, i);
            start(t, i + 1);
            advance(0.01);
            t.succeeded(i, SECOND / 100);
            t.succeeded(i + 1, SECOND / 100);
        }
        // 0.05 s in: the local steps are done, 10 remote steps are left and none has finished; the plan says 1 s each
        assertThat(eta(t)).isCloseTo(4.95, within(0.01));
        advance(1.95);
        t.succeeded(0, 2 * SECOND);
        t.succeeded(1, 2 * SECOND);
        start(t, 2);
        start(t, 3);
        // the remote steps take 2 s, not the 1 s planned (and surely not the locals' 10 ms): 4 rounds of 2 s are left
        assertThat(eta(t)).isCloseTo(8.0, within(0.01));
        assertThat(t.snapshot().predictions().get("remainingCriticalPathSeconds")).isEqualTo(2.0);
    }

    /**
     * The attempts a step is expected to make when {@code failed} of its service's {@code attempts} failed so far: the
     * rate shrunk by 2 attempts towards none, at most 4 attempts (the remote default).
     */
    private static double expectedAttempts(int failed, int attempts) {
        double p = failed / (attempts + 2.0);
        return (1 - Math.pow(p, 4)) / (1 - p);
    }

    @Test
    void aRetrysBackoffAndTheServicesFailedAttemptsCountInTheEta() {
        // r1 needs r0; r0's first attempt fails after 1 s, and its retry is due 2 s later
        List<UpdateStep> steps = List.of(step("r0", "rewrite", "llm", Duration.ofSeconds(1)), step("r1", "rewrite", "llm", Duration.ofSeconds(1), "r0"));
        ExecutionTracker t = track(2, Map.of("llm", bulkhead(2)), steps);
        start(t, 0);
        assertThat(eta(t)).as("no attempt has failed yet").isCloseTo(2.0, within(0.01));
        advance(1);
        t.attemptFailed(0);
        t.retrying(0, 2 * SECOND);
        // the backoff, then r0's attempt, then r1, each attempt expected to be retried as often as the service's have been
        double e = expectedAttempts(1, 1);
        assertThat(eta(t)).isCloseTo(2 + 2 * e, within(0.01));
        assertThat((double) t.snapshot().predictions().get("remainingCriticalPathSeconds")).isCloseTo(2 + 2 * e, within(0.01));
        advance(2);
        t.started(0, 2, "llm");
        advance(1);
        t.succeeded(0, SECOND);
        assertThat(eta(t)).isCloseTo(expectedAttempts(1, 2), within(0.01));
    }

    @Test
    void aStepInItsBackoffHoldsNoSlot() {
        // one worker; r0 waits 1 s for its retry, and r1 runs meanwhile, as the executor lets it
        List<UpdateStep> steps = List.of(step("r0", "rewrite", "llm", Duration.ofSeconds(1)), step("r1", "rewrite", "llm", Duration.ofSeconds(1)),
                step("r2", "rewrite", "llm", Duration.ofSeconds(1)));
        ExecutionTracker t = track(1, Map.of("llm", bulkhead(1)), steps);
        start(t, 0);
        advance(1);
        t.attemptFailed(0);
        t.retrying(0, SECOND);
        // r1 first, r0 (due at 1 s, first in priority) once r1 is done, then r2: three steps back to back
        assertThat(eta(t)).isCloseTo(3 * expectedAttempts(1, 1), within(0.01));
    }

    @Test
    void theWorkersBoundTheStepsThatRunAtOnceAndDependenciesOrderThem() {
        // six independent local steps of 1 s on two workers, then one that needs them all: 3 s + 1 s
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            steps.add(step("s" + i, "index", "local", Duration.ofSeconds(1)));
        }
        steps.add(step("last", "index", "local", Duration.ofSeconds(1), "s0", "s1", "s2", "s3", "s4", "s5"));
        ExecutionTracker t = track(2, Map.of(), steps);
        start(t, 0);
        start(t, 1);
        assertThat(eta(t)).isCloseTo(4.0, within(0.01));
    }

    @Test
    void anIsolatedRunIsTimedOneStepAtATime() {
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            steps.add(step("s" + i, "index", "local", Duration.ofSeconds(1)));
        }
        ExecutionTracker t = track(4, Map.of(), steps);
        start(t, 0);
        t.isolated();
        assertThat(eta(t)).isCloseTo(6.0, within(0.01));
    }

    @Test
    void aRateLimitedServiceStartsNoMoreCallsThanItsPermitsPerPeriod() {
        // 2 permits a second, 10 calls of 0.1 s each, 4 workers: the 10th call starts 4 s from now
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            steps.add(step("r" + i, "rewrite", "api", Duration.ofMillis(100)));
        }
        ServiceConfig limited = ServiceConfig.remoteDefaults().toBuilder().rateLimit(2, Duration.ofSeconds(1), Duration.ofSeconds(30)).build();
        ExecutionTracker t = track(4, Map.of("api", limited), steps);
        assertThat(eta(t)).isCloseTo(4.1, within(0.01));
    }

    @Test
    void stepsReplayedFromTheJournalAreNotTimedAsIfTheyTookNoTime(@TempDir Path root) {
        // a re-driven run: r1 and r2 were done by the first run and are replayed; r3 and r4 call the service again
        AtomicBoolean broken = new AtomicBoolean(true);
        List<Double> etaAtR4 = new ArrayList<>();
        AtomicReference<ExecutionTracker> current = new AtomicReference<>();
        UpdateHandler remote = Handlers.of("rewrite", "llm", c -> {
            if (c.step().id().equals("r4")) {
                etaAtR4.add(eta(current.get()));
            }
            if (broken.get() && c.step().id().compareTo("r3") >= 0) {
                throw new IllegalStateException("quota exhausted");
            }
            advance(1);   // a remote call takes 1 s; the plan says 0.1 s
            return Handlers.write(c);
        });
        List<UpdateStep> steps = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            steps.add(step("r" + i, "rewrite", "llm", Duration.ofMillis(100)));
        }
        executor = DagExecutor.builder(1).timer(new ManualTimer(Duration.ofMinutes(1))).nanoTime(now::get).stateRoot(root)
                .meterRegistry(new SimpleMeterRegistry()).build();
        DagExecutor.Run first = Plans.run(executor, "exec-redrive", Plans.plan(steps), root, Map.of("rewrite", remote));
        current.set(first.tracker());
        executor.run(first);
        broken.set(false);
        etaAtR4.clear();
        DagExecutor.Run again = Plans.run(executor, "exec-redrive", Plans.plan(steps), root, Map.of("rewrite", remote));
        current.set(again.tracker());
        again.tracker().status(ExecutionStatus.RUNNING);
        executor.run(again);

        assertThat(again.tracker().snapshot().performanceMetrics()).containsEntry("succeededSteps", 4.0).containsEntry("p50StepMillis", 1000.0);
        assertThat(again.tracker().snapshot().predictions()).containsEntry("speedFactor", 10.0);
        // r3 took 1 s, ten times its estimate: r4 is expected to take 1 s too, not a third of it
        assertThat(etaAtR4).singleElement().satisfies(eta -> assertThat(eta).isCloseTo(1.0, within(0.01)));
    }
}
