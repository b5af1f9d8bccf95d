package dev.continuity.healing;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.UpdateType;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.core.project.ScanState;
import dev.continuity.healing.fix.ReferenceRepairStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static dev.continuity.healing.MiniSaga.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The healing module through the orchestrator facade: discovery, explicit registration, healing inside an update. */
class OrchestratorHealingTest {
    @TempDir
    Path dir;

    private Orchestrators.Builder builder() {
        return Orchestrators.builder(dir).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z"))).random(RandomGenerator.of("L64X128MixRandom"));
    }

    /** The healing engine, the built-in detectors and strategies registered one by one, without discovery. */
    private Orchestrators.Builder builtInsRegistered() {
        Orchestrators.Builder b = builder().healing(SelfHealingEngine.factory(HealingPolicy.defaults()));
        BuiltIns.detectors().forEach(b::issueDetector);
        BuiltIns.strategies().forEach(b::fixStrategy);
        return b;
    }

    @Test
    void discoverPluginsFindsTheDetectorsStrategiesAndEngine() {
        MiniSaga.write(dir);
        replace(dir, "20_プロット/第1巻/第3章.yaml", "characters: [勇者]", "characters: [アレンン]");
        try (Orchestrator o = builder().discoverPlugins().build()) {
            List<ConsistencyIssue> issues = o.detectIssues();
            assertThat(issues).extracting(ConsistencyIssue::type).containsExactly("broken-reference");
            List<SelfHealingAction> actions = o.applySelfHealing(issues);
            assertThat(actions).singleElement().satisfies(a -> assertThat(a.autoFixApplied() && a.verificationResult()).isTrue());
            assertThat(o.detectIssues()).isEmpty();
        }
        assertThat(MiniSaga.read(dir, "20_プロット/第1巻/第3章.yaml")).contains("characters: [アレン]");
    }

    @Test
    void explicitRegistrationWithoutDiscoveryAndADryRun() {
        MiniSaga.write(dir);
        replace(dir, "20_プロット/第1巻/第3章.yaml", "characters: [勇者]", "characters: [アレンン]");
        Map<String, String> before = MiniSaga.snapshot(dir);
        try (Orchestrator o = builtInsRegistered().build()) {
            List<SelfHealingAction> actions = o.applySelfHealing(o.detectIssues(), true);
            assertThat(actions).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo(FixOutcome.APPLIED));
        }
        assertThat(MiniSaga.snapshot(dir)).isEqualTo(before);
    }

    @Test
    void anUpdateHealsWhatItLeftBehindAndCommitsItWithItsSteps() {
        MiniSaga.write(dir);
        MiniSaga.write(dir, "50_管理資料/メモ.md", "勇者の台詞を考える。\n");
        ScanState.of(MiniSaga.scanner(dir).scan()).save(dir);
        replace(dir, "30_設定集/キャラクター/勇者.yaml", "name: 勇者", "name: 勇者様");
        replace(dir, "50_管理資料/伏線リスト.yaml", "payoff: 20_プロット/第1巻/第3章.yaml", "payoff: null");
        try (Orchestrator o = builder().discoverPlugins().build()) {
            // a high threshold leaves the memo (a note that merely mentions the hero) out of the plan
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("mini")
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile("30_設定集/キャラクター/勇者.yaml").build(),
                    MLConfiguration.builder().confidenceThreshold(0.95).build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.detectedIssues()).extracting(ConsistencyIssue::id).contains("stale-rename:50_管理資料/メモ.md#勇者")
                    .as("the open foreshadowing is not this update's business").noneMatch(id -> id.startsWith("unresolved-foreshadowing"));
            assertThat(r.healingActions()).allSatisfy(a -> assertThat(a.autoFixApplied() && a.verificationResult()).as(a.fixDescription()).isTrue());
            assertThat(r.changedFiles()).anySatisfy(c -> assertThat(c.stepId()).isEqualTo("heal:rename-completion"));
        }
        assertThat(MiniSaga.read(dir, "50_管理資料/メモ.md")).isEqualTo("勇者様の台詞を考える。\n");
        assertThat(MiniSaga.snapshot(dir).entrySet()).filteredOn(e -> !e.getKey().equals("30_設定集/キャラクター/勇者.yaml"))
                .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).doesNotContainPattern("勇者(?!様)"));
    }

    @Test
    void aRunWhoseStepsWriteNothingStillReportsWhatIsWrongInTheChange() {
        MiniSaga.write(dir);
        // the writer's own edit breaks a link; no step of the update has anything to write
        replace(dir, "40_原稿/第1巻/第3話.md", "plot: 20_プロット/第1巻/第3章.yaml", "plot: 20_プロット/第1巻/第3章.yml");
        try (Orchestrator o = builder().discoverPlugins().build()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("mini")
                    .updateType(UpdateType.MANUSCRIPT_CHANGE).changedFile("40_原稿/第1巻/第3話.md").build(),
                    MLConfiguration.builder().confidenceThreshold(0.99).build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.detectedIssues()).extracting(ConsistencyIssue::type, ConsistencyIssue::file)
                    .contains(org.assertj.core.api.Assertions.tuple("broken-reference", "40_原稿/第1巻/第3話.md"));
            // the changed file is the writer's: it is marked for review, not rewritten
            assertThat(r.healingActions()).filteredOn(a -> a.issue().file().equals("40_原稿/第1巻/第3話.md"))
                    .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(FixOutcome.NEEDS_HUMAN));
        }
        assertThat(MiniSaga.read(dir, "40_原稿/第1巻/第3話.md")).contains("plot: 20_プロット/第1巻/第3章.yml");
    }

    @Test
    void healingTheIssuesOfARunAfterwardsDoesNotUndoTheAuthorsChange() {
        MiniSaga.write(dir);
        // the author moves E2 after its effect E3; the chapters still tell E2 on its old date
        replace(dir, MiniSaga.TIMELINE, "date: 1020-06-01", "date: 1020-09-01");
        String moved = MiniSaga.read(dir, MiniSaga.TIMELINE);
        // the healing engine, detectors and strategies without the timeline-realign handler: the chapters keep E2's old date
        try (Orchestrator o = builtInsRegistered().build()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("mini")
                    .updateType(UpdateType.TIMELINE_CHANGE).changedFile(MiniSaga.TIMELINE).build(), MLConfiguration.defaults());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.detectedIssues()).extracting(ConsistencyIssue::type).contains("timeline-cause-order");
            assertThat(MiniSaga.read(dir, MiniSaga.TIMELINE)).isEqualTo(moved);

            // the specification's flow: heal what the run detected
            List<SelfHealingAction> again = o.applySelfHealing(r.detectedIssues());
            assertThat(again).filteredOn(a -> a.issue().type().equals("timeline-cause-order")).isNotEmpty().allSatisfy(a -> {
                assertThat(a.outcome()).isEqualTo(FixOutcome.NEEDS_HUMAN);
                assertThat(a.fixDescription()).contains("held for the author");
            });
            assertThat(MiniSaga.read(dir, MiniSaga.TIMELINE)).as("the author's date stays").isEqualTo(moved);

            // the author removes the review entry: healing may fix it (here back to the date the chapters tell)
            java.nio.file.Path sidecar = dir.resolve(MiniSaga.TIMELINE + ".review.yaml");
            MiniSaga.write(dir, MiniSaga.TIMELINE + ".review.yaml", "continuity:\n  review: []\n");
            assertThat(o.applySelfHealing(o.detectIssues())).filteredOn(a -> a.issue().type().equals("timeline-cause-order"))
                    .isNotEmpty().allSatisfy(a -> assertThat(a.outcome()).isEqualTo(FixOutcome.APPLIED));
            assertThat(sidecar).exists();
        }
        assertThat(MiniSaga.read(dir, MiniSaga.TIMELINE)).contains("date: 1020-06-01");
    }

    @Test
    void whenTheAuthorMovesAnEventTheChaptersThatOpenWithItFollowAndAnEffectLeftBeforeItIsMarked() {
        MiniSaga.write(dir);
        replace(dir, MiniSaga.TIMELINE, "date: 1020-06-01", "date: 1020-07-15");      // E2, before its effect E3 still
        String chapter1 = MiniSaga.read(dir, "20_プロット/第1巻/第1章.yaml");
        try (Orchestrator o = builder().discoverPlugins().build()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("mini")
                    .updateType(UpdateType.TIMELINE_CHANGE).changedFile(MiniSaga.TIMELINE).build(), MLConfiguration.defaults());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.stepResults()).as(r.impact().impactedFiles().toString()).filteredOn(s -> s.file().equals("20_プロット/第1巻/第2章.yaml")).singleElement()
                    .satisfies(s -> assertThat(s.handlerId()).isEqualTo("timeline-realign"))
                    .satisfies(s -> assertThat(s.summary()).contains("from 1020-06-01 to 1020-07-15").contains("E2"));
            assertThat(MiniSaga.read(dir, "20_プロット/第1巻/第2章.yaml")).contains("story_date: 1020-07-15").doesNotContain("1020-06-01");
            assertThat(MiniSaga.read(dir, "20_プロット/第1巻/第1章.yaml")).as("E1 did not move").isEqualTo(chapter1);

            replace(dir, MiniSaga.TIMELINE, "date: 1020-07-15", "date: 1020-09-01");  // now after its effect E3
            EnhancedUpdateResponse later = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("mini")
                    .updateType(UpdateType.TIMELINE_CHANGE).changedFile(MiniSaga.TIMELINE).build(), MLConfiguration.defaults());
            assertThat(MiniSaga.read(dir, "20_プロット/第1巻/第2章.yaml")).contains("story_date: 1020-09-01");
            assertThat(later.healingActions()).filteredOn(a -> a.issue().type().equals("timeline-cause-order")).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(FixOutcome.NEEDS_HUMAN));
            assertThat(MiniSaga.read(dir, MiniSaga.TIMELINE)).contains("date: 1020-09-01").contains("date: 1020-08-01");
        }
    }

    @Test
    void aQualityDrivenUpdateAlsoHealsTheOlderIssuesOfTheFilesItTouches() {
        MiniSaga.write(dir);
        MiniSaga.write(dir, "40_原稿/第1巻/第1話.md", MiniSaga.read(dir, "40_原稿/第1巻/第1話.md") + "[[王都の外れ]]\n");   // an old broken link, unrelated
        replace(dir, "20_プロット/第1巻/第1章.yaml", "title: 第1章", "title: 旅立ちの章");
        ConsistencyUpdateRequest.Builder change = ConsistencyUpdateRequest.builder().projectName("mini").updateType(UpdateType.PLOT_CHANGE)
                .changedFile("20_プロット/第1巻/第1章.yaml").dryRun(true);
        MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.3).build();
        try (Orchestrator o = builder().discoverPlugins().build()) {
            EnhancedUpdateResponse plain = o.executeIntelligentUpdate(change.build(), ml);
            assertThat(plain.plan().steps()).extracting(s -> s.file()).contains("40_原稿/第1巻/第1話.md");
            assertThat(plain.detectedIssues()).as("not this update's business").noneMatch(i -> i.file().equals("40_原稿/第1巻/第1話.md"));

            EnhancedUpdateResponse quality = o.executeIntelligentUpdate(change.enhancedType(dev.continuity.api.EnhancedUpdateType.QUALITY_DRIVEN).build(), ml);
            assertThat(quality.detectedIssues()).anySatisfy(i -> {
                assertThat(i.type()).isEqualTo("broken-reference");
                assertThat(i.file()).isEqualTo("40_原稿/第1巻/第1話.md");
            });
        }
    }

    /** A strategy that only says no, under any id. */
    private record Refusing(String id) implements FixStrategy {
        @Override
        public FixResult apply(ConsistencyIssue issue, FixContext context) {
            return FixResult.needsHuman(id + " refuses");
        }
    }

    @Test
    void aSecondStrategyWithTheSameIdIsRefusedNamingTheId() {
        Orchestrators.Builder b = builder().fixStrategy(new Refusing("place-naming"));
        assertThatThrownBy(() -> b.fixStrategy(new Refusing("place-naming"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'place-naming'");
        Orchestrators.Builder builtIns = builder();
        BuiltIns.strategies().forEach(builtIns::fixStrategy);
        assertThatThrownBy(() -> builtIns.fixStrategy(new ReferenceRepairStrategy())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'reference-repair'");
    }

    @Test
    void anExplicitStrategyReplacesTheDiscoveredOneWithItsId() {
        MiniSaga.write(dir);
        replace(dir, "20_プロット/第1巻/第3章.yaml", "characters: [勇者]", "characters: [アレンン]");
        try (Orchestrator o = builder().discoverPlugins().fixStrategy(new Refusing("reference-repair")).build()) {
            assertThat(o.applySelfHealing(o.detectIssues(), true)).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo(FixOutcome.NEEDS_HUMAN);
                assertThat(a.fixDescription()).contains("reference-repair refuses");
            });
        }
    }
}
