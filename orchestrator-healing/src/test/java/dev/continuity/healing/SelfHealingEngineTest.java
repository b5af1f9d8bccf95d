package dev.continuity.healing;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FileKind;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.core.heal.HealingStage;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectScanner;
import dev.continuity.healing.detect.BrokenReferenceDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static dev.continuity.healing.MiniSaga.replace;
import static org.assertj.core.api.Assertions.assertThat;

class SelfHealingEngineTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z"));
    private static final String CH3 = "20_プロット/第1巻/第3章.yaml";

    @TempDir
    Path dir;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private SelfHealingEngine engine(ProjectScanner scanner, FixStrategyRegistry registry) {
        return SelfHealingEngine.builder(scanner).detectors(BuiltIns.detectors()).registry(registry).clock(CLOCK).meterRegistry(meters).build();
    }

    private static FixStrategyRegistry registry(FixStrategy... first) {
        FixStrategyRegistry.Builder b = FixStrategyRegistry.builder();
        for (FixStrategy s : first) {
            b.register(s);
        }
        return b.builtIns().build();
    }

    /** Heals everything detected; returns the outcome. Nothing is written to disk by the engine itself. */
    private HealingStage.Outcome heal(FixStrategyRegistry registry) {
        ProjectScanner scanner = MiniSaga.scanner(dir);
        Project base = scanner.scan();
        SelfHealingEngine engine = engine(scanner, registry);
        return engine.heal(base, Map.of(), engine.detect(base));
    }

    @Test
    void anAppliedFixIsVerifiedOnTheStagedStateAndNothingIsWrittenToDisk() {
        MiniSaga.write(dir);
        replace(dir, CH3, "characters: [勇者]", "characters: [アレンン]");
        Map<String, String> before = MiniSaga.snapshot(dir);

        HealingStage.Outcome o = heal(registry());

        assertThat(o.actions()).singleElement().satisfies(a -> {
            assertThat(a.autoFixApplied()).isTrue();
            assertThat(a.verificationResult()).isTrue();
            assertThat(a.manualInterventionRequired()).isFalse();
            assertThat(a.strategyId()).isEqualTo("reference-repair");
            assertThat(a.detectedAt()).isEqualTo(CLOCK.instant());
            assertThat(a.changedFiles()).containsExactly(CH3);
        });
        assertThat(new String(o.writes().get(CH3), StandardCharsets.UTF_8)).isEqualTo(before.get(CH3).replace("アレンン", "アレン"));
        assertThat(MiniSaga.snapshot(dir)).isEqualTo(before);
    }

    @Test
    void aStrategySeesTheProjectAsItIsStagedNotAsItIsOnDisk() {
        MiniSaga.write(dir);
        ProjectScanner scanner = MiniSaga.scanner(dir);
        Project base = scanner.scan();
        String staged = MiniSaga.read(dir, CH3).replace("characters: [勇者]", "characters: [アレンン]");
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        FixStrategy looking = new FixStrategy() {
            @Override public FixResult apply(ConsistencyIssue issue, FixContext context) {
                seen.add(context.project().text(CH3).orElseThrow());
                seen.add(new String(context.writer().read(CH3).orElseThrow(), StandardCharsets.UTF_8));
                return FixResult.notApplicable("only looking");
            }
            @Override public String id() { return "looking"; }
            @Override public int priority() { return 1_000; }
        };
        SelfHealingEngine engine = engine(scanner, registry(looking));
        Map<String, byte[]> layer = Map.of(CH3, staged.getBytes(StandardCharsets.UTF_8));
        HealingStage.Outcome o = engine.heal(base, layer, engine.detect(scanner.overlay(base, layer)));
        assertThat(o.actions()).singleElement().satisfies(a -> assertThat(a.strategyId()).isEqualTo("reference-repair"));
        assertThat(seen).containsExactly(staged, staged);
    }

    @Test
    void aFixThatLeavesItsIssueIsRevertedAndTheNextStrategyTried() {
        MiniSaga.write(dir);
        replace(dir, CH3, "characters: [勇者]", "characters: [アレンン]");
        FixStrategy liar = new Named("liar", 100, (issue, ctx) -> {
            ctx.writer().writeText(CH3, ctx.project().text(CH3).orElseThrow() + "# fixed!\n");
            return FixResult.applied("appended a comment");
        });
        HealingStage.Outcome o = heal(registry(liar));
        assertThat(o.actions()).singleElement().satisfies(a -> {
            assertThat(a.strategyId()).isEqualTo("reference-repair");
            assertThat(a.autoFixApplied()).isTrue();
            assertThat(a.fixDescription()).contains("liar: appended a comment — reverted: the issue is still detected after the fix");
        });
        assertThat(new String(o.writes().get(CH3), StandardCharsets.UTF_8)).doesNotContain("# fixed!");
    }

    @Test
    void aStrategyThatWritesToDiskDirectlyFailsNamingTheFile() {
        MiniSaga.write(dir);
        replace(dir, CH3, "characters: [勇者]", "characters: [アレンン]");
        FixStrategy sneaky = new Named("sneaky", 100, (issue, ctx) -> {
            String fixed = ctx.project().text(CH3).orElseThrow().replace("アレンン", "アレン");
            ctx.writer().writeText(CH3, fixed);
            java.nio.file.Files.writeString(dir.resolve(CH3), fixed + "# written behind the writer's back\n");
            return FixResult.applied("fixed the name, twice");
        });
        HealingStage.Outcome o = heal(registry(sneaky));
        assertThat(o.actions()).singleElement().satisfies(a -> {
            assertThat(a.strategyId()).isNotEqualTo("sneaky");
            assertThat(a.autoFixApplied()).isFalse();
            assertThat(a.fixDescription()).contains("sneaky: failed: strategy sneaky changed " + CH3 + " on disk while it ran");
        });
        assertThat(meters.counter("continuity.plugin.failures", "plugin", "sneaky").count()).isEqualTo(1.0);
    }

    @Test
    void aFixThatCreatesAnotherIssueIsReverted() {
        MiniSaga.write(dir);
        replace(dir, CH3, "characters: [勇者]", "characters: [アレンン]");
        FixStrategy breaker = new Named("breaker", 100, (issue, ctx) -> {
            ctx.writer().writeText(CH3, ctx.project().text(CH3).orElseThrow().replace("アレンン", "アレン").replace("title: 第3章\n", ""));
            return FixResult.applied("fixed the name and dropped the title");
        });
        HealingStage.Outcome o = heal(registry(breaker));
        assertThat(o.actions()).singleElement().satisfies(a -> {
            assertThat(a.strategyId()).isEqualTo("reference-repair");
            assertThat(a.fixDescription()).contains("breaker").contains("reverted: it introduced schema-violation:" + CH3 + "#title");
        });
        assertThat(new String(o.writes().get(CH3), StandardCharsets.UTF_8)).contains("title: 第3章");
    }

    @Test
    void strategyExceptionsAndTimeoutsAreContainedCountedAndTheirWritesDropped() {
        MiniSaga.write(dir);
        replace(dir, CH3, "characters: [勇者]", "characters: [アレンン]");
        CountDownLatch never = new CountDownLatch(1);
        FixStrategy thrower = new Named("thrower", 300, (issue, ctx) -> {
            ctx.writer().writeText(CH3, "garbage");
            throw new IllegalStateException("boom");
        });
        FixStrategy hanger = new Named("hanger", 200, (issue, ctx) -> {
            ctx.writer().writeText(CH3, "half-written");
            never.await();
            return FixResult.applied("never");
        });
        FixStrategyRegistry registry = FixStrategyRegistry.builder().register(thrower).register(hanger).builtIns()
                .policy(HealingPolicy.defaults().toBuilder().strategyTimeout(Duration.ofMillis(300)).build()).build();

        HealingStage.Outcome o = heal(registry);

        assertThat(o.actions()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(FixOutcome.APPLIED);
            assertThat(a.fixDescription()).contains("thrower: failed: strategy thrower threw IllegalStateException: boom")
                    .contains("hanger: failed: strategy hanger did not finish within 300 ms");
        });
        assertThat(new String(o.writes().get(CH3), StandardCharsets.UTF_8)).contains("characters: [アレン]");
        assertThat(meters.counter("continuity.plugin.failures", "plugin", "thrower").count()).isEqualTo(1.0);
        assertThat(meters.counter("continuity.plugin.failures", "plugin", "hanger").count()).isEqualTo(1.0);
    }

    @Test
    void withAReviewFolderTheHealingMarkGoesThere() throws Exception {
        MiniSaga.write(dir);
        java.nio.file.Files.writeString(dir.resolve("continuity.yaml"), "review: { folder: notes/.review }\n", java.nio.file.StandardOpenOption.APPEND);
        replace(dir, "40_原稿/第1巻/第1話.md", "[[王都]]", "[[ルミナヌ]]");
        String sidecar = "notes/.review/40_原稿/第1巻/第1話.md.review.yaml";
        HealingStage.Outcome o = heal(registry());
        assertThat(o.actions()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(FixOutcome.NEEDS_HUMAN);
            assertThat(a.fixDescription()).contains("marked for review in " + sidecar);
            assertThat(a.changedFiles()).containsExactly(sidecar);
        });
        assertThat(o.writes()).containsOnlyKeys(sidecar);
        assertThat(new String(o.writes().get(sidecar), StandardCharsets.UTF_8)).contains("[broken-reference]");
    }

    @Test
    void thePolicyKeepsFixesOutOfManuscriptsUnlessOptedIn() {
        MiniSaga.write(dir);
        replace(dir, "40_原稿/第1巻/第1話.md", "[[王都]]", "[[ルミナヌ]]");
        HealingStage.Outcome o = heal(registry());
        assertThat(o.actions()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(FixOutcome.NEEDS_HUMAN);
            assertThat(a.manualInterventionRequired()).isTrue();
            assertThat(a.fixDescription()).contains("MANUSCRIPT file, which the healing policy does not let automatic fixes change")
                    .contains("marked for review in 40_原稿/第1巻/第1話.md.review.yaml");
            assertThat(a.changedFiles()).containsExactly("40_原稿/第1巻/第1話.md.review.yaml");
        });
        assertThat(new String(o.writes().get("40_原稿/第1巻/第1話.md.review.yaml"), StandardCharsets.UTF_8))
                .contains("continuity:\n  review:\n    - reason: \"[broken-reference]").contains("execution: \"heal:broken-reference:");

        FixStrategyRegistry optedIn = FixStrategyRegistry.builder().builtIns()
                .policy(HealingPolicy.defaults().toBuilder().allowManuscripts(true).build()).build();
        assertThat(heal(optedIn).actions()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(FixOutcome.APPLIED);
            assertThat(a.fixDescription()).contains("'ルミナヌ' with 'ルミナス' (王都)");
        });
    }

    @Test
    void aFixThatMakesTheIndexStaleIsFollowedByItsRegeneration() {
        MiniSaga.write(dir);
        MiniSaga.write(dir, "40_原稿/第1巻/第4話.md", "---\ntitle: 第4話\ncharacters: [賢老]\n---\n風が吹いた。\n");
        FixStrategyRegistry registry = FixStrategyRegistry.builder().builtIns()
                .policy(HealingPolicy.defaults().toBuilder().allowManuscripts(true).build()).build();
        ProjectScanner scanner = MiniSaga.scanner(dir);
        Project base = scanner.scan();
        SelfHealingEngine engine = engine(scanner, registry);
        ConsistencyIssue broken = engine.detect(base).stream().filter(i -> i.type().equals(IssueTypes.BROKEN_REFERENCE)).findFirst().orElseThrow();
        // with the threshold lowered, '賢老' is repaired to '賢者', which adds a reference the index does not list yet
        MiniSaga.write(dir, "continuity.yaml", MiniSaga.read(dir, "continuity.yaml") + "healing:\n  references: { similarity: 0.5 }\n");
        scanner = MiniSaga.scanner(dir);
        base = scanner.scan();
        engine = engine(scanner, registry);
        List<ConsistencyIssue> issues = engine.detect(base);
        assertThat(issues).extracting(ConsistencyIssue::id).containsExactly(broken.id());

        HealingStage.Outcome o = engine.heal(base, Map.of(), issues);

        assertThat(o.actions()).singleElement().satisfies(a -> {
            assertThat(a.autoFixApplied()).isTrue();
            assertThat(a.fixDescription()).contains("then regenerated " + MiniSaga.INDEX);
            assertThat(a.changedFiles()).containsExactlyInAnyOrder("40_原稿/第1巻/第4話.md", MiniSaga.INDEX);
        });
    }

    @Test
    void reviewMarksAreKeptAndASecondHealAddsNone() {
        MiniSaga.write(dir);
        replace(dir, "30_設定集/キャラクター/勇者.yaml", "age_at_start: 20", "age_at_start: 19");
        ProjectScanner scanner = MiniSaga.scanner(dir);
        Project base = scanner.scan();
        SelfHealingEngine engine = engine(scanner, registry());
        HealingStage.Outcome first = engine.heal(base, Map.of(), engine.detect(base));
        assertThat(first.actions()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(FixOutcome.NEEDS_HUMAN);
            assertThat(a.fixDescription()).contains("born on 1000-04-01");
        });
        byte[] mark = first.writes().get("30_設定集/キャラクター/勇者.yaml.review.yaml");
        assertThat(mark).isNotNull();
        // as if committed: the second heal sees the mark and adds nothing
        HealingStage.Outcome second = engine.heal(base, first.writes(), engine.detect(base));
        assertThat(second.writes()).isEmpty();
        assertThat(second.actions()).singleElement().satisfies(a -> assertThat(a.fixDescription()).contains("already marked for review"));
    }

    @Test
    void issuesNoLongerPresentAreReportedAsResolved() {
        MiniSaga.write(dir);
        ProjectScanner scanner = MiniSaga.scanner(dir);
        Project base = scanner.scan();
        SelfHealingEngine engine = engine(scanner, registry());
        ConsistencyIssue gone = new BrokenReferenceDetector().detect(base).stream().findFirst()
                .orElse(new ConsistencyIssue("broken-reference:" + CH3 + "#x", "broken-reference", dev.continuity.api.Severity.WARNING, CH3, 1,
                        java.util.Optional.of("x"), "x", List.of(), java.util.Optional.empty(), "broken-reference"));
        SelfHealingAction a = engine.heal(base, Map.of(), List.of(gone)).actions().getFirst();
        assertThat(a.outcome()).isEqualTo(FixOutcome.NOT_APPLICABLE);
        assertThat(a.verificationResult()).isTrue();
        assertThat(a.manualInterventionRequired()).isFalse();
    }

    @Test
    void anAuthoritativeFileIsNotFixedButMarkedForReview() {
        MiniSaga.write(dir);
        replace(dir, CH3, "characters: [勇者]", "characters: [アレンン]");
        Map<String, String> before = MiniSaga.snapshot(dir);
        ProjectScanner scanner = MiniSaga.scanner(dir);
        Project base = scanner.scan();
        SelfHealingEngine engine = engine(scanner, registry());

        HealingStage.Outcome o = engine.heal(base, Map.of(), engine.detect(base), java.util.Set.of(CH3));

        assertThat(o.actions()).singleElement().satisfies(a -> {
            assertThat(a.autoFixApplied()).isFalse();
            assertThat(a.outcome()).isEqualTo(FixOutcome.NEEDS_HUMAN);
            assertThat(a.manualInterventionRequired()).isTrue();
            assertThat(a.fixDescription()).contains(CH3 + " was changed by the author in this run").contains("marked for review in " + CH3 + ".review.yaml");
            assertThat(a.changedFiles()).containsExactly(CH3 + ".review.yaml");
        });
        assertThat(o.writes()).containsOnlyKeys(CH3 + ".review.yaml");
        assertThat(new String(o.writes().get(CH3 + ".review.yaml"), StandardCharsets.UTF_8)).contains("[broken-reference]").contains("アレンン")
                .contains("was changed by the author in this run");
        assertThat(MiniSaga.snapshot(dir)).isEqualTo(before);
    }

    @Test
    void needsHumanIsFinalNoLowerStrategyAppliesAFixAndTheFileIsMarkedWithTheStrategysReason() {
        MiniSaga.write(dir);
        replace(dir, CH3, "characters: [勇者]", "characters: [アレンン]");
        FixStrategy careful = new Named("careful", 100, (issue, ctx) -> FixResult.needsHuman("two heroes could be meant: ask the writer"));

        HealingStage.Outcome o = heal(registry(careful));

        assertThat(o.actions()).singleElement().satisfies(a -> {
            assertThat(a.autoFixApplied()).isFalse();
            assertThat(a.outcome()).isEqualTo(FixOutcome.NEEDS_HUMAN);
            assertThat(a.manualInterventionRequired()).isTrue();
            assertThat(a.strategyId()).isEqualTo("careful");
            assertThat(a.fixDescription()).contains("careful: two heroes could be meant").contains("marked for review in " + CH3 + ".review.yaml")
                    .doesNotContain("reference-repair");
            assertThat(a.changedFiles()).containsExactly(CH3 + ".review.yaml");
        });
        assertThat(o.writes()).containsOnlyKeys(CH3 + ".review.yaml");
        assertThat(new String(o.writes().get(CH3 + ".review.yaml"), StandardCharsets.UTF_8))
                .contains("(careful: two heroes could be meant: ask the writer)").contains("source: \"fix strategy careful\"");
    }

    @Test
    void aFixToAReadOnlyFileIsNotAppliedButMarkedAndTheOtherFixesProceed() throws Exception {
        MiniSaga.write(dir);
        String ch2 = "20_プロット/第1巻/第2章.yaml";
        replace(dir, CH3, "characters: [勇者]", "characters: [アレンン]");
        replace(dir, ch2, "characters: [勇者, 賢者]", "characters: [アレンン, 賢者]");
        java.nio.file.Files.setPosixFilePermissions(dir.resolve(CH3), java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));

        HealingStage.Outcome o = heal(registry());

        assertThat(o.actions()).hasSize(2);
        assertThat(o.actions()).filteredOn(a -> a.issue().file().equals(CH3)).singleElement().satisfies(a -> {
            assertThat(a.autoFixApplied()).isFalse();
            assertThat(a.outcome()).isEqualTo(FixOutcome.NEEDS_HUMAN);
            assertThat(a.fixDescription()).contains(CH3 + " is read-only (no owner write permission), so the fix is not applied")
                    .contains("marked for review in " + CH3 + ".review.yaml");
            assertThat(a.changedFiles()).containsExactly(CH3 + ".review.yaml");
        });
        assertThat(o.actions()).filteredOn(a -> a.issue().file().equals(ch2)).singleElement()
                .satisfies(a -> assertThat(a.autoFixApplied()).isTrue());
        assertThat(o.writes()).containsOnlyKeys(CH3 + ".review.yaml", ch2);
        assertThat(new String(o.writes().get(CH3 + ".review.yaml"), StandardCharsets.UTF_8)).contains("[broken-reference]").contains("is read-only");
    }

    /** Twenty notes, each with a misspelt character name that the built-in repair fixes. */
    private List<String> notesWithMisspeltNames() {
        MiniSaga.write(dir);
        List<String> notes = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String note = "50_管理資料/メモ" + i + ".yaml";
            MiniSaga.write(dir, note, "title: メモ" + i + "\ncharacters: [アレンン]\n");
            notes.add(note);
        }
        return notes;
    }

    /** A detector that finds nothing and counts how often it ran: once per detection of the whole project. */
    private static final class Counting implements dev.continuity.api.spi.IssueDetector {
        final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public List<ConsistencyIssue> detect(dev.continuity.api.spi.ProjectSnapshot project) {
            runs.incrementAndGet();
            return List.of();
        }

        @Override
        public String id() {
            return "counting";
        }
    }

    @Test
    void independentFixesInDifferentFilesAreVerifiedTogetherWithOneDetection() {
        List<String> notes = notesWithMisspeltNames();
        ProjectScanner scanner = MiniSaga.scanner(dir);
        Project base = scanner.scan();
        Counting counting = new Counting();
        SelfHealingEngine engine = SelfHealingEngine.builder(scanner).detectors(BuiltIns.detectors()).detector(counting).registry(registry())
                .clock(CLOCK).meterRegistry(meters).build();
        List<ConsistencyIssue> issues = engine.detect(base);
        counting.runs.set(0);

        HealingStage.Outcome o = engine.heal(base, Map.of(), issues);

        assertThat(o.actions()).hasSize(20).allSatisfy(a -> {
            assertThat(a.outcome()).isEqualTo(FixOutcome.APPLIED);
            assertThat(a.verificationResult()).isTrue();
            assertThat(a.fixDescription()).contains("replaced 'アレンン' with 'アレン'");
        });
        assertThat(o.writes()).containsOnlyKeys(notes);
        notes.forEach(n -> assertThat(new String(o.writes().get(n), StandardCharsets.UTF_8)).contains("characters: [アレン]"));
        // the state healing starts from, and the twenty fixes at once; one each would be 21
        assertThat(counting.runs.get()).isEqualTo(2);
    }

    @Test
    void aFixThatDoesNotHoldAmongFixesVerifiedTogetherIsFoundAndRevertedAndTheOthersKept() {
        List<String> notes = notesWithMisspeltNames();
        String bad = notes.get(6);
        // a project rule, as a writer's own detector would state it: メモ7 must not name the hero
        dev.continuity.api.spi.IssueDetector rule = new dev.continuity.api.spi.IssueDetector() {
            @Override
            public List<ConsistencyIssue> detect(dev.continuity.api.spi.ProjectSnapshot project) {
                return project.text(bad).filter(t -> t.contains("アレン]")).map(t -> List.of(new ConsistencyIssue("house-rule:" + bad, "house-rule",
                        dev.continuity.api.Severity.WARNING, bad, 2, java.util.Optional.empty(), "メモ7 must not name the hero", List.of(),
                        java.util.Optional.empty(), "house-rule"))).orElse(List.of());
            }

            @Override
            public String id() {
                return "house-rule";
            }
        };
        ProjectScanner scanner = MiniSaga.scanner(dir);
        Project base = scanner.scan();
        SelfHealingEngine engine = SelfHealingEngine.builder(scanner).detectors(BuiltIns.detectors()).detector(rule).registry(registry())
                .clock(CLOCK).meterRegistry(meters).build();

        HealingStage.Outcome o = engine.heal(base, Map.of(), engine.detect(base));

        assertThat(o.actions()).hasSize(20);
        assertThat(o.actions()).filteredOn(a -> !a.issue().file().equals(bad)).hasSize(19)
                .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(FixOutcome.APPLIED));
        assertThat(o.actions()).filteredOn(a -> a.issue().file().equals(bad)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(FixOutcome.NEEDS_HUMAN);
            assertThat(a.fixDescription()).contains("reverted: it introduced house-rule:" + bad);
        });
        assertThat(o.writes()).doesNotContainKey(bad).containsKey(bad + ".review.yaml");
        notes.stream().filter(n -> !n.equals(bad))
                .forEach(n -> assertThat(new String(o.writes().get(n), StandardCharsets.UTF_8)).contains("characters: [アレン]"));
    }

    @Test
    void aFileKindCanBeWrittenOnlyIfThePolicyAllowsIt() {
        HealingPolicy p = HealingPolicy.defaults();
        assertThat(p.mayWrite("20_プロット/a.yaml", FileKind.PLOT)).isTrue();
        assertThat(p.mayWrite("40_原稿/a.md", FileKind.MANUSCRIPT)).isFalse();
        assertThat(p.mayWrite("40_原稿/a.md.review.yaml", FileKind.MANUSCRIPT)).isTrue();
        assertThat(p.toBuilder().protectedGlobs(List.of("20_*/**")).build().mayWrite("20_プロット/a.yaml", FileKind.PLOT)).isFalse();
    }

    /** A strategy from a lambda. */
    private record Named(String id, int priority, Body body) implements FixStrategy {
        interface Body {
            FixResult apply(ConsistencyIssue issue, FixContext ctx) throws Exception;
        }

        @Override
        public FixResult apply(ConsistencyIssue issue, FixContext context) {
            try {
                return body.apply(issue, context);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
