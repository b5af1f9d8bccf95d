package dev.continuity.examples;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.FileKind;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.UpdateType;
import dev.continuity.examples.demo.SampleProjects;
import dev.continuity.testkit.ContinuityExtension;
import dev.continuity.testkit.FaultyHandler;
import dev.continuity.testkit.ProjectTemplate;
import dev.continuity.testkit.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.continuity.testkit.ContinuityAssertions.assertThat;
import static dev.continuity.testkit.ContinuityAssertions.assertThatHealing;
import static dev.continuity.testkit.ContinuityAssertions.assertThatIssues;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JUnit harness that drives the orchestrator the way a writing tool's own integration tests would: a fresh copy of
 * the sample saga per test, plugins found on the class path (the built-in detectors and strategies, and this module's
 * place-naming rule), a clock that stands still.
 */
class NovelToolIntegrationTest {
    @RegisterExtension
    static ContinuityExtension continuity = ContinuityExtension.forTemplate(ProjectTemplate.classpath("samples/" + SampleProjects.LARGE_FANTASY_SAGA))
            .clock(Instant.parse("2026-11-21T09:00:00Z"))
            .configure(builder -> builder.discoverPlugins().workers(2))
            .build();

    private static ConsistencyUpdateRequest characterChange(String file) {
        return ConsistencyUpdateRequest.builder().projectName("saga").updateType(UpdateType.CHARACTER_CHANGE).changedFile(file).build();
    }

    @Test
    void aRenameReachesEveryFileAndLeavesNothingToHeal(TestProject project) {
        project.recordScan();
        project.replace("30_設定集/キャラクター/導師.yaml", "name: 導師", "name: 老師");

        EnhancedUpdateResponse response = project.orchestrator().executeIntelligentUpdate(characterChange("30_設定集/キャラクター/導師.yaml"),
                MLConfiguration.builder().confidenceThreshold(0.5).build());

        assertThat(response).succeeded().hasNoFailedSteps().hasNoUnresolvedIssues().changed("40_原稿/第1巻/第3話.md");
        assertThat(project).hasNoReferencesTo("導師").hasReferencesTo("老師");
    }

    @Test
    void whatAnUpdateLeavesBehindIsHealedAndCommittedWithIt(TestProject project) {
        project.recordScan();
        project.replace("30_設定集/キャラクター/鍛冶師ガルド.yaml", "name: 鍛冶師ガルド", "name: 鍛冶師ガルドン");

        // at 0.9 the impact analysis leaves out the village's description, which names the smith in prose
        EnhancedUpdateResponse response = project.orchestrator().executeIntelligentUpdate(characterChange("30_設定集/キャラクター/鍛冶師ガルド.yaml"),
                MLConfiguration.builder().confidenceThreshold(0.9).build());

        assertThat(response).succeeded().healed("stale-rename").hasNoUnresolvedIssues().changed("30_設定集/世界観/エルム村.yaml");
        assertThat(project.read("30_設定集/世界観/エルム村.yaml")).contains("鍛冶師ガルドン").doesNotContainPattern("鍛冶師ガルド(?!ン)");
    }

    @Test
    void aFailingLlmHandlerRollsTheUpdateBackAndNothingIsWritten() {
        FaultyHandler llm = FaultyHandler.builder("llm-rewrite").kinds(FileKind.MANUSCRIPT).service("llm")
                .onlyOn(f -> f.contains("第3巻")).failAlways().build();
        try (TestProject project = TestProject.copyOf(ProjectTemplate.classpath("samples/" + SampleProjects.LARGE_FANTASY_SAGA),
                dev.continuity.testkit.TestClock.fixed(), b -> b.handler(llm))) {
            Map<String, byte[]> before = project.snapshot();
            EnhancedUpdateResponse response = project.orchestrator().executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("saga")
                    .updateType(UpdateType.PLOT_CHANGE).changedFile("20_プロット/全体構成.yaml").build(), MLConfiguration.builder().confidenceThreshold(0.5).build());
            assertThat(response).rolledBack();
            assertThat(llm.failures()).as("independent steps still run after a failure; the run rolls back as a whole").isBetween(1, 4);
            assertThat(TestProject.changedBetween(before, project.snapshot())).isEmpty();
        }
    }

    @Test
    void theWritersCancelButtonStopsTheRunWhileTheLlmIsBusyAndNothingIsWritten() throws Exception {
        FaultyHandler llm = FaultyHandler.builder("llm-rewrite").kinds(FileKind.MANUSCRIPT).service("llm").hang().build();
        java.util.concurrent.atomic.AtomicReference<String> running = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch llmBusy = new java.util.concurrent.CountDownLatch(1);
        try (TestProject project = TestProject.copyOf(ProjectTemplate.classpath("samples/" + SampleProjects.LARGE_FANTASY_SAGA),
                dev.continuity.testkit.TestClock.fixed(), b -> b.handler(llm).listener(event -> {
                    // what a progress view would follow
                    if (event instanceof dev.continuity.api.ExecutionEvent.Started started) {
                        running.set(started.executionId());
                    } else if (event instanceof dev.continuity.api.ExecutionEvent.StepStarted step && step.handlerId().equals("llm-rewrite")) {
                        llmBusy.countDown();
                    }
                }))) {
            Map<String, byte[]> before = project.snapshot();
            java.util.concurrent.CompletableFuture<EnhancedUpdateResponse> update = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> project.orchestrator().executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("saga")
                            .updateType(UpdateType.PLOT_CHANGE).changedFile("20_プロット/全体構成.yaml").build(),
                            MLConfiguration.builder().confidenceThreshold(0.5).build()));
            assertThat(llmBusy.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            assertThat(project.orchestrator().cancel(running.get())).as("the Cancel button").isTrue();

            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> update.get(30, java.util.concurrent.TimeUnit.SECONDS)))
                    .hasCauseInstanceOf(dev.continuity.api.ExecutionCancelledException.class);
            assertThat(TestProject.changedBetween(before, project.snapshot())).isEmpty();
            assertThat(project.orchestrator().monitorRealTimeProgress(running.get()).status()).isEqualTo(dev.continuity.api.ExecutionStatus.ROLLED_BACK);
            assertThat(project.orchestrator().deadLetters()).isEmpty();
        }
    }

    @Test
    void healAppliesTheCustomPlaceNamingRuleFoundOnTheClassPath(TestProject project) {
        project.replace("20_プロット/第2巻/第4章.yaml", "locations: [王都]", "locations: [白亜の都]");
        assertThatIssues(project.detectIssues()).containsIssue("place-naming", "20_プロット/第2巻/第4章.yaml");

        List<SelfHealingAction> actions = project.heal();

        assertThatHealing(actions).fixed("place-naming");
        assertThat(actions.stream().filter(a -> a.issueType().equals("place-naming")).findFirst().orElseThrow())
                .wasApplied().isVerified().byStrategy("place-naming-convention").changedExactly("20_プロット/第2巻/第4章.yaml");
        assertThat(project.read("20_プロット/第2巻/第4章.yaml")).contains("locations: [王都]");
        assertThatHealing(project.heal()).as("a second heal").noneApplied();
    }
}
