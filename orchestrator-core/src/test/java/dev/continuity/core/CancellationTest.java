package dev.continuity.core;

import dev.continuity.api.CommitPolicy;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.ExecutionCancelledException;
import dev.continuity.api.ExecutionEvent;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileKind;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.UpdateType;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.tx.ProjectTransaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A writer presses "Cancel" while a run calls a slow remote service. */
class CancellationTest {
    @TempDir
    Path dir;

    /**
     * A remote handler for every step (risky by its estimate, so the plan gets checkpoints) that appends "# updated" to
     * its file, except that on the file {@code blocker} holds it blocks until it is interrupted, like an LLM call.
     */
    private static final class SlowService implements UpdateHandler {
        final AtomicReference<String> blocker = new AtomicReference<>();
        final CountDownLatch blocking = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();

        @Override
        public HandlerResult apply(StepContext c) throws Exception {
            if (c.step().file().equals(blocker.get())) {
                blocking.countDown();
                try {
                    new CountDownLatch(1).await();       // like a call in flight: only an interrupt ends it
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
            }
            c.writer().writeText(c.step().file(), c.project().text(c.step().file()).orElseThrow() + "# updated\n");
            return HandlerResult.updated("appended");
        }

        @Override public String id() { return "slow-llm"; }
        @Override public String service() { return "llm"; }
        @Override public boolean supports(FileKind k, EnhancedUpdateType t) { return true; }
        @Override public int priority() { return 1000; }
        @Override public double failureProbability() { return 0.3; }
        @Override public Duration estimatedDuration() { return Duration.ofSeconds(10); }
    }

    private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    private Orchestrator orchestrator(SlowService handler, List<ExecutionEvent> events) {
        return Orchestrators.builder(dir).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(RandomGenerator.of("L64X128MixRandom")).workers(1).handler(handler).listener(events::add).meterRegistry(meters).build();
    }

    private static ConsistencyUpdateRequest plotChange(CommitPolicy policy) {
        return ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.PLOT_CHANGE).changedFile("20_プロット/全体構成.yaml")
                .commitPolicy(policy).build();
    }

    private static final MLConfiguration ML = MLConfiguration.builder().confidenceThreshold(0.3).build();

    /** The slow service, the run's events and the plot change: each test has its own (a new instance per test). */
    private final SlowService llm = new SlowService();
    private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
    private final ConsistencyUpdateRequest request = plotChange(CommitPolicy.ALL_OR_NOTHING);

    /** Writes the sample saga; returns its files as written, to compare the project with after the run. */
    private Map<String, String> saga() {
        Fixture.saga(dir);
        return Fixture.snapshot(dir);
    }

    /** The files of the run's steps, in the order the optimised plan runs them. */
    private static List<String> stepFiles(Orchestrator o, ConsistencyUpdateRequest request) {
        return o.optimizeUpdateSequence(o.plan(request, ML), ML.optimizationGoals()).steps().stream().map(dev.continuity.api.UpdateStep::file).toList();
    }

    private static String started(List<ExecutionEvent> events) {
        return events.stream().filter(ExecutionEvent.Started.class::isInstance).map(ExecutionEvent::executionId).reduce((a, b) -> b).orElseThrow();
    }

    /** Puts the project back as {@code snapshot} has it: its files' bytes, no other file. */
    private void restore(Map<String, String> snapshot) throws java.io.IOException {
        for (String f : Fixture.snapshot(dir).keySet()) {
            if (!snapshot.containsKey(f)) {
                java.nio.file.Files.delete(dir.resolve(f));
            }
        }
        for (Map.Entry<String, String> e : snapshot.entrySet()) {
            java.nio.file.Files.write(dir.resolve(e.getKey()), java.util.HexFormat.of().parseHex(e.getValue()));
        }
    }

    @Test
    void aCancelledRunInterruptsItsCallsCommitsNothingAndLeavesNoDeadLetterAndTheNextRunSucceeds() throws Exception {
        Map<String, String> original = saga();
        try (Orchestrator o = orchestrator(llm, events)) {
            List<String> order = stepFiles(o, request);
            assertThat(order).hasSizeGreaterThan(3);
            llm.blocker.set(order.get(order.size() / 2));          // some steps have run, some wait

            CompletableFuture<EnhancedUpdateResponse> run = CompletableFuture.supplyAsync(() -> o.executeIntelligentUpdate(request, ML));
            assertThat(llm.blocking.await(30, TimeUnit.SECONDS)).as("the slow call started").isTrue();
            String id = started(events);
            assertThat(o.cancel("exec-unknown")).isFalse();
            assertThat(o.cancel(id)).isTrue();
            assertThat(o.cancel(id)).as("once").isFalse();

            assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(ExecutionCancelledException.class, e -> {
                        assertThat(e.executionId()).isEqualTo(id);
                        assertThat(e.getMessage()).contains("was cancelled", "nothing of it is committed");
                    });
            assertThat(llm.interrupted).as("the call in flight was interrupted").isTrue();
            assertThat(Fixture.snapshot(dir)).as("nothing of the run is written").isEqualTo(original);
            assertThat(o.deadLetters()).as("a cancelled step is no failure to re-drive").isEmpty();
            dev.continuity.api.RealTimeMonitor monitor = o.monitorRealTimeProgress(id);
            assertThat(monitor.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
            assertThat(monitor.healthIndicators()).as("an interrupted call is not the service's failure")
                    .hasEntrySatisfying("llm", health -> assertThat(health).contains("CLOSED"));
            assertThat(events).filteredOn(e -> e instanceof ExecutionEvent.StepSkipped s && s.reason().equals("the run was cancelled"))
                    .as("the steps that had not run, and the one that was running").hasSizeGreaterThanOrEqualTo(2);
            assertThat(events).noneMatch(e -> e instanceof ExecutionEvent.StepFailed || e instanceof ExecutionEvent.StepRetried);
            assertThat(meters.get("continuity.steps").tag("outcome", "skipped").counters().stream().mapToDouble(c -> c.count()).sum())
                    .as("counted like any skipped step").isEqualTo(events.stream().filter(ExecutionEvent.StepSkipped.class::isInstance).count());

            // the lock and the worker slot are free again
            llm.blocker.set(null);
            EnhancedUpdateResponse again = o.executeIntelligentUpdate(request, ML);
            assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(o.cancel(again.executionId())).as("finished").isFalse();
            for (String f : order) {
                assertThat(new String(java.util.HexFormat.of().parseHex(Fixture.snapshot(dir).get(f)), StandardCharsets.UTF_8))
                        .as(f).endsWith("# updated\n").doesNotEndWith("# updated\n# updated\n");
            }
        }
    }

    @Test
    void cancellingTheFutureOfARunningSubmittedRequestCancelsItsRun() throws Exception {
        Map<String, String> original = saga();
        try (Orchestrator o = orchestrator(llm, events)) {
            List<String> order = stepFiles(o, request);
            llm.blocker.set(order.getLast());
            CompletableFuture<EnhancedUpdateResponse> submitted = o.submit(request, ML, dev.continuity.api.RequestPriority.NORMAL);
            assertThat(llm.blocking.await(30, TimeUnit.SECONDS)).isTrue();

            assertThat(submitted.cancel(true)).isTrue();

            String id = started(events);
            // the run stops: its Finished event comes, and the project is as it was
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (events.stream().noneMatch(e -> e instanceof ExecutionEvent.Finished) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(o.monitorRealTimeProgress(id).status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
            assertThat(llm.interrupted).isTrue();
            assertThat(Fixture.snapshot(dir)).isEqualTo(original);
            llm.blocker.set(null);
            assertThat(o.submit(request, ML, dev.continuity.api.RequestPriority.NORMAL).get(30, TimeUnit.SECONDS).status())
                    .as("the queue goes on").isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }

    @Test
    void aCancelAtAnyMomentLeavesTheProjectAsBeforeOrAsAfterTheRunNeverBetween() throws Exception {
        Map<String, String> original = saga();
        java.util.concurrent.Semaphore calls = new java.util.concurrent.Semaphore(0);
        UpdateHandler gated = new UpdateHandler() {
            @Override
            public HandlerResult apply(StepContext c) throws Exception {
                calls.acquire();                 // one call per permit the test hands out
                c.writer().writeText(c.step().file(), c.project().text(c.step().file()).orElseThrow() + "# updated\n");
                return HandlerResult.updated("appended");
            }
            @Override public String id() { return "gated"; }
            @Override public String service() { return "llm"; }
            @Override public boolean supports(FileKind k, EnhancedUpdateType t) { return true; }
            @Override public int priority() { return 1000; }
        };
        int steps;
        try (Orchestrator o = Orchestrators.builder(dir).handler(gated).build()) {
            steps = o.plan(request, ML).steps().size();
        }
        assertThat(steps).isGreaterThan(3);
        // cancel after k calls were let through, for every k: before the first, between any two, after the last
        for (int k = 0; k <= steps; k++) {
            calls.drainPermits();
            List<ExecutionEvent> runEvents = new CopyOnWriteArrayList<>();
            try (Orchestrator o = Orchestrators.builder(dir).workers(2).handler(gated).listener(runEvents::add).build()) {
                CompletableFuture<EnhancedUpdateResponse> run = CompletableFuture.supplyAsync(() -> o.executeIntelligentUpdate(request, ML));
                calls.release(k);
                while (!run.isDone() && (runEvents.stream().noneMatch(ExecutionEvent.Started.class::isInstance)
                        || runEvents.stream().filter(ExecutionEvent.StepSucceeded.class::isInstance).count() < k)) {
                    Thread.onSpinWait();         // until the steps started and the k calls have finished (or the run has)
                }
                String id = runEvents.stream().filter(ExecutionEvent.Started.class::isInstance).map(ExecutionEvent::executionId).findFirst().orElseThrow();
                boolean cancelled = o.cancel(id);
                if (k < steps) {
                    assertThat(cancelled).as("a step still waits: cancel after " + k + " call(s)").isTrue();
                }
                try {
                    EnhancedUpdateResponse r = run.get(30, TimeUnit.SECONDS);
                    assertThat(cancelled).as("a run that was cancelled does not complete").isFalse();
                    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                    assertThat(Fixture.snapshot(dir)).isNotEqualTo(original);
                    restore(original);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ExecutionCancelledException.class);
                    assertThat(cancelled).isTrue();
                    assertThat(Fixture.snapshot(dir)).as("cancelled after " + k + " call(s)").isEqualTo(original);
                }
            }
        }
    }

    @Test
    void aCheckpointedRunCancelledAfterACheckpointKeepsItAndCanBeResumed() throws Exception {
        saga();
        CountDownLatch checkpointed = new CountDownLatch(1);
        List<ExecutionEvent> watched = new CopyOnWriteArrayList<>() {
            @Override
            public boolean add(ExecutionEvent e) {
                if (e instanceof ExecutionEvent.CheckpointReached) {
                    checkpointed.countDown();
                }
                return super.add(e);
            }
        };
        ConsistencyUpdateRequest checkpointedRun = plotChange(CommitPolicy.CHECKPOINTED);
        try (Orchestrator o = orchestrator(llm, watched)) {
            dev.continuity.api.IntelligentUpdatePlan optimized = o.optimizeUpdateSequence(o.plan(checkpointedRun, ML), ML.optimizationGoals());
            assertThat(optimized.adaptiveCheckpoints()).isNotEmpty();
            List<String> order = optimized.steps().stream().map(dev.continuity.api.UpdateStep::file).toList();
            llm.blocker.set(order.getLast());

            CompletableFuture<EnhancedUpdateResponse> run = CompletableFuture.supplyAsync(() -> o.executeIntelligentUpdate(checkpointedRun, ML));
            assertThat(llm.blocking.await(30, TimeUnit.SECONDS)).isTrue();
            // the orchestrator's own listener commits a checkpoint before ours hears of it
            assertThat(checkpointed.await(30, TimeUnit.SECONDS)).as("a checkpoint committed").isTrue();
            String id = started(watched);
            assertThat(o.cancel(id)).isTrue();
            assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(ExecutionCancelledException.class,
                    e -> assertThat(e.getMessage()).contains("checkpoints committed before stays", "resume"));
            assertThat(o.monitorRealTimeProgress(id).status()).isEqualTo(ExecutionStatus.PARTIALLY_SUCCEEDED);
            assertThat(ProjectTransaction.resumeInfo(dir, id)).as("resumable").isPresent();
            assertThat(new String(java.util.HexFormat.of().parseHex(Fixture.snapshot(dir).get(order.getFirst())), StandardCharsets.UTF_8))
                    .as("a checkpoint committed the first step").endsWith("# updated\n");

            llm.blocker.set(null);
            EnhancedUpdateResponse resumed = o.resume(id);

            assertThat(resumed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            for (String f : order) {
                assertThat(new String(java.util.HexFormat.of().parseHex(Fixture.snapshot(dir).get(f)), StandardCharsets.UTF_8))
                        .as(f).endsWith("# updated\n").doesNotEndWith("# updated\n# updated\n");
            }
        }
    }

    /**
     * Runs the update on a platform thread of its own (interrupted before the call when {@code interruptFirst}); what
     * it throws goes to {@code thrown}, and whether the thread is interrupted after the call to {@code stillInterrupted}.
     */
    private static Thread onItsOwnThread(Orchestrator o, ConsistencyUpdateRequest request, boolean interruptFirst, AtomicReference<Throwable> thrown,
                                         AtomicBoolean stillInterrupted) {
        return Thread.ofPlatform().start(() -> {
            if (interruptFirst) {
                Thread.currentThread().interrupt();
            }
            try {
                o.executeIntelligentUpdate(request, ML);
            } catch (Throwable e) {
                thrown.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
    }

    @Test
    void interruptingTheThreadThatRunsTheUpdateCancelsIt() throws Exception {
        Map<String, String> original = saga();
        try (Orchestrator o = orchestrator(llm, events)) {
            List<String> order = stepFiles(o, request);
            llm.blocker.set(order.get(order.size() / 2));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            // a UI's background task, cancelled the way JavaFX's Task.cancel() and SwingWorker.cancel(true) cancel
            Thread worker = onItsOwnThread(o, request, false, thrown, stillInterrupted);
            assertThat(llm.blocking.await(30, TimeUnit.SECONDS)).isTrue();
            worker.interrupt();
            worker.join(30_000);
            assertThat(worker.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOfSatisfying(ExecutionCancelledException.class,
                    e -> assertThat(e.executionId()).isEqualTo(started(events)));
            assertThat(stillInterrupted).as("the interrupt is kept for the caller").isTrue();
            assertThat(llm.interrupted).isTrue();
            assertThat(Fixture.snapshot(dir)).isEqualTo(original);
        }
    }

    @Test
    void aThreadInterruptedBeforeTheStepsStartCancelsTheRunWithNothingWritten() throws Exception {
        Map<String, String> original = saga();
        try (Orchestrator o = orchestrator(llm, events)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            // cancelled while it was about to scan
            onItsOwnThread(o, request, true, thrown, stillInterrupted).join(30_000);
            assertThat(thrown.get()).isInstanceOf(ExecutionCancelledException.class).hasMessageContaining("before its steps started");
            assertThat(stillInterrupted).isTrue();
            assertThat(llm.blocking.getCount()).as("no step ran").isEqualTo(1);
            assertThat(Fixture.snapshot(dir)).isEqualTo(original);
            assertThat(o.executeIntelligentUpdate(request, ML).status()).as("the next run, not interrupted")
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }
}
