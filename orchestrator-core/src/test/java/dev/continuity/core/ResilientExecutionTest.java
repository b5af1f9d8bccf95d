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
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public HandlerResult apply(StepContext c) throws Exception {
            calls.computeIfAbsent(c.step().file(), k -> new AtomicInteger()).incrementAndGet();
            gate.await();
            if (alwaysFail.get() || (failSecondChapter.get() && c.step().file().contains("第2話"))) {
                throw new IllegalStateException("the model refused");
            }
            String text = c.project().text(c.step().file()).orElseThrow();
            c.writer().writeText(c.step().file(), text + "\n<!-- rewritten under " + c.idempotencyKey() + " -->\n");
            return HandlerResult.updated("rewritten");
        }

        @Override public String id() { return "llm-rewrite"; }
        @Override public String service() { return "llm"; }
        @Override public int priority() { return 100; }
        @Override public boolean supports(FileKind kind, EnhancedUpdateType type) { return kind == FileKind.MANUSCRIPT; }
    }

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
}
