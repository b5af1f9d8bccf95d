package dev.continuity.core;

import dev.continuity.api.CommitPolicy;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileKind;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.UpdateType;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler with side effects outside the project (it "publishes" each file it updates) declares their undo
 * ({@code UpdateHandler.compensation}); the orchestrator runs the undos when the run ends uncommitted, latest first.
 */
class CompensationTest {
    @TempDir
    Path dir;

    /** Appends "# updated", publishes the file (a side effect outside the project), and declares its undo. */
    private static final class Publisher implements UpdateHandler {
        final List<String> published = new CopyOnWriteArrayList<>();
        final List<String> retracted = new CopyOnWriteArrayList<>();
        final AtomicReference<String> broken = new AtomicReference<>();

        final AtomicReference<String> stubborn = new AtomicReference<>();
        final java.util.concurrent.CountDownLatch inStubbornCall = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch letItFinish = new java.util.concurrent.CountDownLatch(1);
        volatile boolean writes = true;

        @Override
        public HandlerResult apply(StepContext c) {
            if (c.step().file().equals(broken.get())) {
                throw new IllegalStateException("service down");
            }
            if (c.step().file().equals(stubborn.get())) {
                inStubbornCall.countDown();
                boolean done = false;
                while (!done) {            // a call that does not stop when interrupted
                    try {
                        done = letItFinish.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        // finishes anyway
                    }
                }
            }
            published.add(c.step().file());
            if (!writes) {
                return HandlerResult.unchanged("published only");
            }
            c.writer().writeText(c.step().file(), c.project().text(c.step().file()).orElseThrow() + "# updated\n");
            return HandlerResult.updated("published");
        }

        @Override
        public Optional<Runnable> compensation(StepContext c) {
            return Optional.of(() -> retracted.add(c.step().file()));
        }

        @Override public String id() { return "publisher"; }
        @Override public boolean supports(FileKind k, EnhancedUpdateType t) { return true; }
        @Override public int priority() { return 1000; }
        @Override public double failureProbability() { return 0.3; }
        @Override public Duration estimatedDuration() { return Duration.ofSeconds(10); }
    }

    private Orchestrator orchestrator(Publisher handler) {
        return Orchestrators.builder(dir).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(RandomGenerator.of("L64X128MixRandom")).workers(1).handler(handler).build();
    }

    private static ConsistencyUpdateRequest.Builder plotChange() {
        return ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.PLOT_CHANGE).changedFile("20_プロット/全体構成.yaml");
    }

    private static final MLConfiguration ML = MLConfiguration.builder().confidenceThreshold(0.3).build();

    @Test
    void aRunThatRollsBackUndoesTheSideEffectsOfItsStepsLatestFirstAndACommittedRunKeepsThem() {
        Fixture.saga(dir);
        Map<String, String> original = Fixture.snapshot(dir);
        Publisher publisher = new Publisher();
        try (Orchestrator o = orchestrator(publisher)) {
            List<String> order = o.optimizeUpdateSequence(o.plan(plotChange().build(), ML), ML.optimizationGoals()).steps().stream()
                    .map(dev.continuity.api.UpdateStep::file).toList();
            publisher.broken.set(order.getLast());
            EnhancedUpdateResponse failed = o.executeIntelligentUpdate(plotChange().build(), ML);
            assertThat(failed.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
            assertThat(Fixture.snapshot(dir)).isEqualTo(original);
            assertThat(publisher.published).isNotEmpty();
            assertThat(publisher.retracted).as("every side effect undone, the latest first")
                    .containsExactlyElementsOf(publisher.published.reversed());

            publisher.published.clear();
            publisher.retracted.clear();
            publisher.broken.set(null);
            assertThat(o.executeIntelligentUpdate(plotChange().build(), ML).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(publisher.published).hasSameSizeAs(order);
            assertThat(publisher.retracted).as("committed: the side effects stay").isEmpty();
        }
    }

    @Test
    void aRunThatSucceedsWithoutWritingAFileKeepsItsSideEffects() {
        Fixture.saga(dir);
        Publisher publisher = new Publisher();
        publisher.writes = false;          // it only posts to a remote service
        try (Orchestrator o = orchestrator(publisher)) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(plotChange().build(), ML);
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.changedFiles()).isEmpty();
            assertThat(publisher.published).isNotEmpty();
            assertThat(publisher.retracted).as("the run succeeded: nothing is undone").isEmpty();

            publisher.published.clear();
            assertThat(o.executeIntelligentUpdate(plotChange().dryRun(true).build(), ML).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(publisher.retracted).as("a dry run undoes them").containsExactlyElementsOf(publisher.published.reversed());
        }
    }

    @Test
    void aCallThatFinishesAfterTheRunWasCancelledHasItsSideEffectsUndoneToo() throws Exception {
        Fixture.saga(dir);
        Map<String, String> original = Fixture.snapshot(dir);
        Publisher publisher = new Publisher();
        List<dev.continuity.api.ExecutionEvent> events = new CopyOnWriteArrayList<>();
        try (Orchestrator o = Orchestrators.builder(dir).workers(1).handler(publisher).listener(events::add).build()) {
            List<String> order = o.optimizeUpdateSequence(o.plan(plotChange().build(), ML), ML.optimizationGoals()).steps().stream()
                    .map(dev.continuity.api.UpdateStep::file).toList();
            publisher.stubborn.set(order.get(order.size() / 2));
            java.util.concurrent.CompletableFuture<EnhancedUpdateResponse> run = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> o.executeIntelligentUpdate(plotChange().build(), ML));
            assertThat(publisher.inStubbornCall.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String id = events.stream().filter(dev.continuity.api.ExecutionEvent.Started.class::isInstance).findFirst().orElseThrow().executionId();
            assertThat(o.cancel(id)).isTrue();
            publisher.letItFinish.countDown();          // it ignored the interrupt and publishes after the cancel

            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> run.get(30, java.util.concurrent.TimeUnit.SECONDS)))
                    .hasCauseInstanceOf(dev.continuity.api.ExecutionCancelledException.class);
            assertThat(publisher.published).contains(publisher.stubborn.get());
            assertThat(publisher.retracted).as("its side effect too").containsExactlyElementsOf(publisher.published.reversed());
            assertThat(Fixture.snapshot(dir)).isEqualTo(original);
        }
    }

    @Test
    void aDryRunUndoesItsSideEffectsAndACheckpointKeepsThoseOfTheStepsItCommitted() {
        Fixture.saga(dir);
        Publisher publisher = new Publisher();
        try (Orchestrator o = orchestrator(publisher)) {
            EnhancedUpdateResponse dry = o.executeIntelligentUpdate(plotChange().dryRun(true).build(), ML);
            assertThat(dry.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(publisher.retracted).as("a dry run changes nothing, outside the project either")
                    .containsExactlyElementsOf(publisher.published.reversed()).isNotEmpty();

            publisher.published.clear();
            publisher.retracted.clear();
            ConsistencyUpdateRequest checkpointed = plotChange().commitPolicy(CommitPolicy.CHECKPOINTED).build();
            dev.continuity.api.IntelligentUpdatePlan plan = o.optimizeUpdateSequence(o.plan(checkpointed, ML), ML.optimizationGoals());
            assertThat(plan.adaptiveCheckpoints()).isNotEmpty();
            publisher.broken.set(plan.steps().getLast().file());
            EnhancedUpdateResponse partial = o.executeIntelligentUpdate(checkpointed, ML);
            assertThat(partial.status()).isEqualTo(ExecutionStatus.PARTIALLY_SUCCEEDED);
            List<String> committed = partial.changedFiles().stream().map(dev.continuity.api.FileChange::path).toList();
            assertThat(committed).isNotEmpty();
            assertThat(publisher.retracted).as("only the steps after the last checkpoint are undone")
                    .doesNotContainAnyElementsOf(committed)
                    .containsExactlyElementsOf(publisher.published.stream().filter(f -> !committed.contains(f)).toList().reversed());
        }
    }
}
