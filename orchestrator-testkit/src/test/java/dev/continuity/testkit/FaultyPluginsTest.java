package dev.continuity.testkit;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.FileKind;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.UpdateType;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.core.Orchestrators;
import dev.continuity.healing.BuiltIns;
import dev.continuity.healing.HealingPolicy;
import dev.continuity.healing.SelfHealingEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.continuity.testkit.ContinuityAssertions.assertThat;
import static dev.continuity.testkit.ContinuityAssertions.assertThatHealing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultyPluginsTest {
    private static final ConsistencyUpdateRequest PLOT_CHANGE = ConsistencyUpdateRequest.builder().projectName("tiny").updateType(UpdateType.PLOT_CHANGE)
            .changedFile("20_plot/ch1.yaml").build();

    private static TestProject project(Consumer<Orchestrators.Builder> configure) {
        return TestProject.copyOf(ProjectTemplate.classpath("templates/tiny"), TestClock.fixed(), configure);
    }

    @Test
    void failTimesFailsTheFirstRunsThenWorks() {
        FaultyHandler flaky = FaultyHandler.builder("flaky-llm").kinds(FileKind.MANUSCRIPT).failTimes(1)
                .then(c -> HandlerResult.unchanged("fine")).build();
        try (TestProject p = project(b -> b.handler(flaky))) {
            Map<String, byte[]> before = p.snapshot();
            assertThat(p.update(PLOT_CHANGE)).rolledBack();
            assertThat(TestProject.changedBetween(before, p.snapshot())).as("a rolled-back run writes nothing").isEmpty();
            assertThat(p.update(PLOT_CHANGE)).succeeded();
            assertThat(flaky.failures()).isEqualTo(1);
            assertThat(flaky.calls()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aRetryableFaultOnARemoteServiceIsRetriedAndTheRunRecovers() {
        FaultyHandler flaky = FaultyHandler.builder("flaky-llm").kinds(FileKind.MANUSCRIPT).onlyOn(path -> path.equals("40_chapters/ch1.md"))
                .service("llm").failTimes(2).retryable().then(c -> HandlerResult.unchanged("fine")).build();
        try (TestProject p = project(b -> b.handler(flaky))) {
            assertThat(p.update(PLOT_CHANGE)).succeeded();
            assertThat(flaky.failures()).isEqualTo(2);
            assertThat(flaky.calls()).as("two faults, then the third attempt works").isEqualTo(3);
        }
    }

    @Test
    void withoutRetryableAFaultFailsTheStepAtOnceEvenOnARemoteService() {
        FaultyHandler flaky = FaultyHandler.builder("flaky-llm").kinds(FileKind.MANUSCRIPT).onlyOn(path -> path.equals("40_chapters/ch1.md"))
                .service("llm").failTimes(2).then(c -> HandlerResult.unchanged("fine")).build();
        try (TestProject p = project(b -> b.handler(flaky))) {
            assertThat(p.update(PLOT_CHANGE)).rolledBack();
            assertThat(flaky.calls()).isEqualTo(1);
        }
    }

    @Test
    void theMonitorOfARunTellsItsAlertsByKind() {
        FaultyHandler broken = FaultyHandler.builder("broken").kinds(FileKind.MANUSCRIPT).failAlways().build();
        try (TestProject p = project(b -> b.handler(broken))) {
            dev.continuity.api.RealTimeMonitor monitor = p.orchestrator().monitorRealTimeProgress(p.update(PLOT_CHANGE).executionId());
            assertThat(monitor).hasStatus(dev.continuity.api.ExecutionStatus.ROLLED_BACK).raisedAlert(dev.continuity.api.Alert.Kind.STEP_FAILED)
                    .raisedNoAlert(dev.continuity.api.Alert.Kind.CIRCUIT_OPEN);
            assertThatThrownBy(() -> assertThat(monitor).raisedNoAlertAtLeast(dev.continuity.api.Severity.ERROR))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("STEP_FAILED").hasMessageContaining("broken");
            assertThatThrownBy(() -> assertThat(monitor).raisedAlert(dev.continuity.api.Alert.Kind.ISOLATED_MODE))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("expected an alert of kind ISOLATED_MODE");
            assertThatThrownBy(() -> assertThat(monitor).hasOverallHealth("HEALTHY")).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void failAlwaysNamesThePluginInTheFailedStep() {
        FaultyHandler broken = FaultyHandler.builder("broken").kinds(FileKind.MANUSCRIPT).failAlways().build();
        try (TestProject p = project(b -> b.handler(broken))) {
            assertThatThrownBy(() -> assertThat(p.update(PLOT_CHANGE)).succeeded())
                    .isInstanceOf(AssertionError.class).hasMessageContaining("ROLLED_BACK").hasMessageContaining("broken").hasMessageContaining("injected fault #1");
        }
    }

    @Test
    void slowAdvancesTheTestClockInsteadOfSleeping() {
        TestClock clock = TestClock.fixed();
        FaultyHandler slow = FaultyHandler.builder("slow").kinds(FileKind.MANUSCRIPT).slow(Duration.ofMinutes(5), clock).build();
        try (TestProject p = TestProject.copyOf(ProjectTemplate.classpath("templates/tiny"), clock, b -> b.handler(slow))) {
            assertThat(p.update(PLOT_CHANGE)).succeeded();
            assertThat(clock.instant()).isEqualTo(TestClock.DEFAULT_START.plus(Duration.ofMinutes(5L * slow.calls())));
        }
    }

    @Test
    void hangBlocksUntilReleasedOrInterrupted() throws Exception {
        FaultyStrategy hanging = FaultyStrategy.builder("hanging").hang().build();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                hanging.apply(null, null);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InjectedFault.class).hasMessageContaining("hanging was interrupted");

        FaultyStrategy released = FaultyStrategy.builder("released").hang().build();
        released.release();
        assertThat(released.apply(null, null).outcome()).isEqualTo(FixOutcome.NOT_APPLICABLE);
    }

    @Test
    void aHangingStrategyIsCutOffByTheHealingTimeLimit() {
        FaultyStrategy hanging = FaultyStrategy.builder("hanging").hang().build();
        try (TestProject p = project(b -> {
            BuiltIns.detectors().forEach(b::issueDetector);
            b.fixStrategy(hanging);
            BuiltIns.strategies().forEach(b::fixStrategy);
            b.healing(SelfHealingEngine.factory(HealingPolicy.defaults().toBuilder().strategyTimeout(Duration.ofMillis(200)).build()));
        })) {
            p.replace("20_plot/ch2.yaml", "characters: [Bob]", "characters: [Bobb]");
            List<ConsistencyIssue> issues = p.detectIssues();
            List<SelfHealingAction> actions = p.orchestrator().applySelfHealing(issues);
            assertThatHealing(actions).allVerified().fixed("broken-reference");
            assertThat(actions.getFirst()).wasApplied().byStrategy("reference-repair").describes("hanging: failed: strategy hanging did not finish within 200 ms");
            assertThat(hanging.calls()).isEqualTo(1);
        }
    }
}
