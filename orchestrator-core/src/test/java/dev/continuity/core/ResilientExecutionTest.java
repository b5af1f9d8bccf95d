package dev.continuity.core;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.ExecutionEvent;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileKind;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.RequestPriority;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.api.UpdateType;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.execute.DeadLetter;
import dev.continuity.core.execute.ManualTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The executor inside the orchestrator: live monitoring from another thread, dead letters and their re-drive, services from continuity.yaml. */
@org.junit.jupiter.api.Timeout(120)
class ResilientExecutionTest {
    @TempDir
    Path dir;
    private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** An LLM rewrite of manuscripts; what it does is up to the test. */
    private static final class LlmRewrite implements UpdateHandler {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final AtomicBoolean failSecondChapter = new AtomicBoolean();
        final AtomicBoolean alwaysFail = new AtomicBoolean();
        final AtomicBoolean failLastChapter = new AtomicBoolean();
        /** The author saves 第2話 while its step runs. */
        final AtomicBoolean authorEditsSecondChapter = new AtomicBoolean();
        volatile Path root;
        volatile CountDownLatch gate = new CountDownLatch(0);
        /** Risky and slow enough for the planner to put checkpoints in a CHECKPOINTED run. */
        volatile boolean risky;

        @Override
        public HandlerResult apply(StepContext c) throws Exception {
            calls.computeIfAbsent(c.step().file(), k -> new AtomicInteger()).incrementAndGet();
            gate.await();
            if (alwaysFail.get() || (failSecondChapter.get() && c.step().file().contains("第2話"))
                    || (failLastChapter.get() && c.step().file().equals(LAST_CHAPTER))) {
                throw new IllegalStateException("the model refused");
            }
            if (authorEditsSecondChapter.get() && c.step().file().contains("第2話")) {
                Path onDisk = root.resolve(c.step().file());
                Files.writeString(onDisk, Files.readString(onDisk) + "\n作者が書き足した一行。\n");
            }
            String text = dev.continuity.core.handlers.ScannedText.unchanged(c, c.step().file(), "the rewrite");
            c.writer().writeText(c.step().file(), text + "\n<!-- rewritten under " + c.idempotencyKey() + " -->\n");
            return HandlerResult.updated("rewritten");
        }

        @Override public String id() { return "llm-rewrite"; }
        @Override public String service() { return "llm"; }
        @Override public int priority() { return 100; }
        @Override public boolean supports(FileKind kind, EnhancedUpdateType type) { return kind == FileKind.MANUSCRIPT; }
        @Override public double failureProbability() { return risky ? 0.3 : UpdateHandler.super.failureProbability(); }
        @Override public Duration estimatedDuration() { return risky ? Duration.ofSeconds(10) : UpdateHandler.super.estimatedDuration(); }
    }

    /** The manuscript the checkpointed tests fail: set by the test to the plan's last step. */
    private static volatile String LAST_CHAPTER = "";

    private Orchestrator orchestrator(UpdateHandler handler) {
        return Orchestrators.builder(dir).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(RandomGeneratorFactory.of("L64X128MixRandom").create(20261121L)).workers(2).handler(handler).listener(events::add).meterRegistry(meters)
                .timer(new ManualTimer(Duration.ofMinutes(1))).build();
    }

    private static ConsistencyUpdateRequest plotChange() {
        return ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.PLOT_CHANGE).changedFile("20_プロット/全体構成.yaml").build();
    }

    private static MLConfiguration ml() {
        return MLConfiguration.builder().confidenceThreshold(0.5).build();
    }

    @Test
    void aRunIsObservableFromAnotherThreadWhileItGoesOn() throws Exception {
        Fixture.saga(dir);
        LlmRewrite llm = new LlmRewrite();
        llm.gate = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<String> id = new AtomicReference<>();
        events.clear();
        try (Orchestrator o = Orchestrators.builder(dir).workers(2).handler(llm).timer(new ManualTimer(Duration.ofMinutes(1)))
                .listener(e -> {
                    if (e instanceof ExecutionEvent.Started s) {
                        id.set(s.executionId());
                        started.countDown();
                    }
                }).build()) {
            FutureTask<EnhancedUpdateResponse> run = new FutureTask<>(() -> o.executeIntelligentUpdate(plotChange(), ml()));
            Thread.ofVirtual().start(run);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            RealTimeMonitor during = o.monitorRealTimeProgress(id.get());
            assertThat(during.status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(during.executionId()).isEqualTo(id.get());
            assertThat(during.performanceMetrics().get("totalSteps")).isPositive();
            assertThat(during.predictions()).containsKeys("etaSeconds", "completionProbability");

            llm.gate.countDown();
            EnhancedUpdateResponse r = run.get(30, TimeUnit.SECONDS);
            assertThat(r.executionId()).isEqualTo(id.get());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            RealTimeMonitor after = o.monitorRealTimeProgress(id.get());
            assertThat(after.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(after.performanceMetrics()).containsEntry("completedSteps", (double) r.stepResults().size());
            assertThat(after.healthIndicators()).containsKeys("llm", "local", "overall");
        }
    }

    @Test
    void deadLettersAreReDrivenWithoutCallingTheServiceAgainForStepsThatHadSucceeded() throws Exception {
        Fixture.saga(dir);
        Map<String, String> before = Fixture.snapshot(dir);
        LlmRewrite llm = new LlmRewrite();
        llm.failSecondChapter.set(true);
        try (Orchestrator o = orchestrator(llm)) {
            EnhancedUpdateResponse first = o.executeIntelligentUpdate(plotChange(), ml());
            assertThat(first.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
            assertThat(Fixture.snapshot(dir)).isEqualTo(before);
            assertThat(o.deadLetters()).singleElement().satisfies(l -> {
                assertThat(l.executionId()).isEqualTo(first.executionId());
                assertThat(l.file()).isEqualTo("40_原稿/第1巻/第2話.md");
                assertThat(l.service()).isEqualTo("llm");
                assertThat(l.cause()).contains("the model refused");
                assertThat(l.attempts()).isEqualTo(1);
            });
            assertThat(llm.calls.get("40_原稿/第1巻/第1話.md").get()).isEqualTo(1);

            llm.failSecondChapter.set(false);
            List<EnhancedUpdateResponse> redriven = o.redriveDeadLetters();

            assertThat(redriven).singleElement().satisfies(r -> {
                assertThat(r.executionId()).isEqualTo(first.executionId());
                assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(r.stepResults()).filteredOn(s -> s.file().equals("40_原稿/第1巻/第1話.md")).singleElement()
                        .satisfies(s -> assertThat(s.summary()).startsWith("replayed from the idempotency journal"));
            });
            assertThat(llm.calls.get("40_原稿/第1巻/第1話.md").get()).as("journaled: not called again").isEqualTo(1);
            assertThat(llm.calls.get("40_原稿/第1巻/第2話.md").get()).isEqualTo(2);
            assertThat(o.deadLetters()).isEmpty();
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第1話.md"))).contains("rewritten under " + first.executionId() + ":");
            assertThat(dir.resolve(".continuity/dead-letters.jsonl")).exists();
        }
    }

    @Test
    void aDryRunKeepsNoDeadLetterAndALetterKeepsTheRequestsSettingsForItsReDrive() throws Exception {
        Fixture.saga(dir);
        Map<String, String> before = Fixture.snapshot(dir);
        LlmRewrite llm = new LlmRewrite();
        llm.failSecondChapter.set(true);
        MLConfiguration settings = ml().toBuilder().optimizationGoals(dev.continuity.api.OptimizationGoal.MAXIMIZE_SAFETY,
                dev.continuity.api.OptimizationGoal.MINIMIZE_TIME).enableOnlineLearning(false).anomalyDetectionSensitivity(0.9).build();
        try (Orchestrator o = orchestrator(llm)) {
            EnhancedUpdateResponse dry = o.executeIntelligentUpdate(plotChange().toBuilder().dryRun(true).build(), settings);
            assertThat(dry.stepResults()).anyMatch(r -> r.outcome() == StepOutcome.FAILED);
            assertThat(o.deadLetters()).as("a dry run changes nothing: a re-drive of it would write").isEmpty();

            EnhancedUpdateResponse real = o.executeIntelligentUpdate(plotChange(), settings);
            assertThat(real.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
            assertThat(o.deadLetters()).singleElement().satisfies(l -> {
                assertThat(l.goals()).containsExactly("MAXIMIZE_SAFETY", "MINIMIZE_TIME");
                assertThat(l.onlineLearning()).isFalse();
                assertThat(l.anomalySensitivity()).isEqualTo(0.9);
                assertThat(l.commitPolicy()).isEqualTo("ALL_OR_NOTHING");
            });
        }
        assertThat(Fixture.snapshot(dir)).isEqualTo(before);

        // the re-drive asks for what the run asked for
        AtomicReference<MLConfiguration> asked = new AtomicReference<>();
        AtomicReference<ConsistencyUpdateRequest> request = new AtomicReference<>();
        assertThatThrownBy(() -> DeadLetterRedrive.redrive(dev.continuity.core.execute.DeadLetterStore.of(dir), "t", id -> false, (r, m, id) -> {
            request.set(r);
            asked.set(m);
            throw new IllegalStateException("seen");
        })).hasMessage("seen");
        assertThat(asked.get()).isEqualTo(settings);
        assertThat(request.get().commitPolicy()).isEqualTo(dev.continuity.api.CommitPolicy.ALL_OR_NOTHING);
        assertThat(request.get().dryRun()).isFalse();
    }

    @Test
    void anAuthorsEditDuringTheRunRollsItBackKeepsTheEditAndTheReDriveAppliesTheUpdateToTheEditedText() throws Exception {
        Fixture.saga(dir);
        LlmRewrite llm = new LlmRewrite();
        llm.authorEditsSecondChapter.set(true);
        llm.root = dir;
        String second = "40_原稿/第1巻/第2話.md";
        try (Orchestrator o = orchestrator(llm)) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(plotChange(), ml());
            assertThat(r.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
            assertThat(r.stepResults()).filteredOn(s -> s.file().equals(second) && s.outcome() == StepOutcome.FAILED).singleElement()
                    .satisfies(s -> assertThat(s.error().orElseThrow()).contains(second, "run the update again"));
            assertThat(Files.readString(dir.resolve(second))).endsWith("作者が書き足した一行。\n").doesNotContain("rewritten under");
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第1話.md"))).doesNotContain("rewritten under");

            // the letter's re-drive scans again, so it runs the update on the text the author left
            assertThat(o.deadLetters()).singleElement().satisfies(l -> assertThat(l.file()).isEqualTo(second));
            llm.authorEditsSecondChapter.set(false);
            assertThat(o.redriveDeadLetters()).singleElement().satisfies(again -> assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
            assertThat(Files.readString(dir.resolve(second))).contains("作者が書き足した一行。\n").contains("rewritten under");
            assertThat(o.deadLetters()).isEmpty();
        }
    }

    @Test
    void servicesFromContinuityYamlAreHonouredFallbacksIncluded() throws Exception {
        Fixture.saga(dir);
        Files.writeString(dir.resolve("continuity.yaml"), """
                services:
                  llm:
                    retry: { maxAttempts: 1 }
                    fallbacks: [review-marking]
                """, StandardOpenOption.APPEND);
        LlmRewrite llm = new LlmRewrite();
        llm.alwaysFail.set(true);
        try (Orchestrator o = orchestrator(llm)) {
            EnhancedUpdateResponse r = o.submit(plotChange(), ml(), RequestPriority.HIGH).get(30, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.stepResults()).filteredOn(s -> s.file().startsWith("40_原稿/")).isNotEmpty().allSatisfy(s -> {
                assertThat(s.handlerId()).isEqualTo("review-marking");
                assertThat(s.outcome()).isEqualTo(StepOutcome.UPDATED);
            });
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第1話.md"))).contains("continuity:\n  review:");
            assertThat(events).filteredOn(ExecutionEvent.StepFellBack.class::isInstance).isNotEmpty();
            assertThat(o.deadLetters()).isEmpty();
            assertThat(meters.get("continuity.steps").tag("handler", "review-marking").tag("outcome", "updated").counters()).isNotEmpty();
            assertThat(r.stepResults()).extracting(StepResult::attempts).allSatisfy(a -> assertThat(a).isLessThanOrEqualTo(2));
        }
    }

    @Test
    void aCheckpointedRunThatSucceedsOnResumeResolvesItsDeadLettersAndIsNeverReDrivenAgain() throws Exception {
        Fixture.saga(dir);
        LlmRewrite llm = new LlmRewrite();
        llm.risky = true;
        try (Orchestrator o = orchestrator(llm)) {
            dev.continuity.api.IntelligentUpdatePlan plan = planFailingOnTheLastChapter(o, llm);
            assertThat(plan.adaptiveCheckpoints()).isNotEmpty();
            EnhancedUpdateResponse first = o.executeIntelligentUpdate(CHECKPOINTED_PLOT_CHANGE.get(), CHECKPOINTED_ML);
            assertThat(first.status()).isEqualTo(ExecutionStatus.PARTIALLY_SUCCEEDED);
            assertThat(o.deadLetters()).singleElement().satisfies(l -> assertThat(l.file()).isEqualTo(LAST_CHAPTER));

            llm.failLastChapter.set(false);
            EnhancedUpdateResponse resumed = o.resume(first.executionId());
            assertThat(resumed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(o.deadLetters()).as("the execution succeeded: nothing is left to re-drive").isEmpty();
            Map<String, String> afterResume = Fixture.snapshot(dir);
            Map<String, Integer> callsAfterResume = new java.util.TreeMap<>();
            llm.calls.forEach((f, n) -> callsAfterResume.put(f, n.get()));

            assertThat(o.redriveDeadLetters()).isEmpty();
            assertThat(Fixture.snapshot(dir)).as("a succeeded execution is not applied again").isEqualTo(afterResume);
            Map<String, Integer> callsNow = new java.util.TreeMap<>();
            llm.calls.forEach((f, n) -> callsNow.put(f, n.get()));
            assertThat(callsNow).isEqualTo(callsAfterResume);
        } finally {
            LAST_CHAPTER = "";
        }
    }

    @Test
    void reDrivingACheckpointedRunThatStoppedAfterACheckpointResumesIt() throws Exception {
        Fixture.saga(dir);
        LlmRewrite llm = new LlmRewrite();
        llm.risky = true;
        try (Orchestrator o = orchestrator(llm)) {
            dev.continuity.api.IntelligentUpdatePlan plan = planFailingOnTheLastChapter(o, llm);
            EnhancedUpdateResponse first = o.executeIntelligentUpdate(CHECKPOINTED_PLOT_CHANGE.get(), CHECKPOINTED_ML);
            assertThat(first.status()).isEqualTo(ExecutionStatus.PARTIALLY_SUCCEEDED);

            llm.failLastChapter.set(false);
            assertThat(o.redriveDeadLetters()).singleElement().satisfies(r -> {
                assertThat(r.executionId()).isEqualTo(first.executionId());
                assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(r.stepResults()).as("the committed steps are not run again").hasSizeLessThan(first.stepResults().size());
            });
            assertThat(o.deadLetters()).isEmpty();
            for (var step : plan.steps().stream().filter(st -> st.handlerId().equals("llm-rewrite")).toList()) {
                assertThat(Files.readString(dir.resolve(step.file()))).as(step.file()).containsOnlyOnce("rewritten under");
            }
        } finally {
            LAST_CHAPTER = "";
        }
    }

    private static final MLConfiguration CHECKPOINTED_ML = MLConfiguration.builder().confidenceThreshold(0.3).build();
    private static final java.util.function.Supplier<ConsistencyUpdateRequest> CHECKPOINTED_PLOT_CHANGE =
            () -> plotChange().toBuilder().commitPolicy(dev.continuity.api.CommitPolicy.CHECKPOINTED).build();

    /** The plan of the checkpointed plot change, with {@code llm} set to fail on its last LLM-rewritten chapter. */
    private static dev.continuity.api.IntelligentUpdatePlan planFailingOnTheLastChapter(Orchestrator o, LlmRewrite llm) {
        dev.continuity.api.IntelligentUpdatePlan plan = o.optimizeUpdateSequence(o.plan(CHECKPOINTED_PLOT_CHANGE.get(), CHECKPOINTED_ML),
                CHECKPOINTED_ML.optimizationGoals());
        LAST_CHAPTER = plan.steps().stream().filter(st -> st.handlerId().equals("llm-rewrite")).reduce((x, y) -> y).orElseThrow().file();
        llm.failLastChapter.set(true);
        return plan;
    }
}
