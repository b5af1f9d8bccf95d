package dev.continuity.core.report;

import dev.continuity.api.Alert;
import dev.continuity.api.AlternativeApproach;
import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.DependencyEdge;
import dev.continuity.api.DependencyGraphView;
import dev.continuity.api.EdgeKind;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionEvent;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileChange;
import dev.continuity.api.FileKind;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.OptimizedStep;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.Severity;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.UpdateType;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A hand-made run with a bit of everything a report shows: a plot change through an entity, a retried step, a step
 * that fell back, a failed and a skipped step, a circuit alert, a checkpoint, a healed issue and one left for a human,
 * and the contents of the changed files; the run is PARTIALLY_SUCCEEDED (its completed work was committed, as a
 * checkpointed run's is). Names are Japanese, and one has HTML in it.
 */
final class SampleRun {
    static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");
    static final String ID = "exec-sample-1";
    static final String CHANGED = "20_プロット/全体構成.yaml";
    static final String M1 = "40_原稿/第1巻/第1話.md";
    static final String M2 = "40_原稿/第1巻/第2話.md";
    static final String C1 = "30_設定集/キャラクター/主人公.yaml";
    static final String ODD = "50_管理資料/<b>メモ</b>.md";

    private SampleRun() {}

    static ConsistencyUpdateRequest request() {
        return ConsistencyUpdateRequest.builder().projectName("灰の冠").updateType(UpdateType.PLOT_CHANGE).changedFile(CHANGED)
                .context("character_arc_impact", List.of("主人公")).build();
    }

    static ImpactedFile impacted(String path, FileKind kind, double confidence, RiskLevel risk, String reason) {
        return new ImpactedFile(path, kind, confidence, risk, 1, List.of(reason), "graph");
    }

    static PredictiveImpactAnalysis impact(List<ImpactedFile> files) {
        Map<String, Double> conf = new LinkedHashMap<>();
        Map<String, RiskLevel> risk = new LinkedHashMap<>();
        files.forEach(f -> {
            conf.put(f.path(), f.confidence());
            risk.put(f.path(), f.risk());
        });
        return new PredictiveImpactAnalysis(files.stream().map(ImpactedFile::path).toList(), conf, risk, List.of("mark manuscripts for review"), 3.5,
                List.of(new AlternativeApproach("sequential-safe", "one at a time", 2.0, RiskLevel.MEDIUM, files.size(), List.of("easy to follow"))),
                files, List.of(CHANGED), List.of("主人公"));
    }

    static UpdateStep step(String id, String file, FileKind kind, RiskLevel risk, List<String> deps) {
        return new UpdateStep(id, file, kind, "review-marking", "local", deps, Duration.ofMillis(500), risk, 0.01, List.of("because"));
    }

    static RunReport report() {
        RunRecorder recorder = new RunRecorder(() -> at(1000));
        events().forEach(recorder::onEvent);
        return recorder.report(request(), response(), monitor(), contents());
    }

    /** The sample's response and monitor, with the events the recorder holds and no contents. */
    static RunReport reportOf(RunRecorder recorder, String id) {
        if (!id.equals(ID)) {
            throw new IllegalArgumentException(id);
        }
        return recorder.report(request(), response(), monitor(), Map.of());
    }

    static EnhancedUpdateResponse response() {
        List<ImpactedFile> files = List.of(
                impacted(C1, FileKind.CHARACTER, 0.95, RiskLevel.MEDIUM, "entity:主人公 -[defines]-> " + C1),
                impacted(M1, FileKind.MANUSCRIPT, 0.9, RiskLevel.HIGH, "entity:主人公 -[mentions]-> " + M1),
                impacted(M2, FileKind.MANUSCRIPT, 0.81, RiskLevel.HIGH, CHANGED + " -[references]-> 20_プロット/第1巻/第2章.yaml -[rule]-> " + M2),
                impacted("20_プロット/第1巻/第2章.yaml", FileKind.PLOT, 0.9, RiskLevel.MEDIUM, CHANGED + " -[references]-> 20_プロット/第1巻/第2章.yaml"),
                new ImpactedFile(ODD, FileKind.NOTE, 0.7, RiskLevel.LOW, -1, List.of("predicted by the model: co-changed 4 times"), "model"));
        List<OptimizedStep> steps = List.of(
                new OptimizedStep(step("s001", C1, FileKind.CHARACTER, RiskLevel.MEDIUM, List.of()), 0, 0, 0.5, 0),
                new OptimizedStep(step("s002", "20_プロット/第1巻/第2章.yaml", FileKind.PLOT, RiskLevel.MEDIUM, List.of()), 1, 0, 0.5, 1),
                new OptimizedStep(step("s003", M1, FileKind.MANUSCRIPT, RiskLevel.HIGH, List.of("s001")), 2, 0.5, 1.0, 0),
                new OptimizedStep(step("s004", M2, FileKind.MANUSCRIPT, RiskLevel.HIGH, List.of("s002")), 3, 0.5, 1.0, 1),
                new OptimizedStep(step("s005", ODD, FileKind.NOTE, RiskLevel.LOW, List.of("s004")), 4, 1.0, 1.5, 1));
        IntelligentUpdatePlan plan = new IntelligentUpdatePlan("plan-1", steps,
                new DependencyGraphView(List.of("s001", "s002", "s003", "s004", "s005"), List.of(new DependencyEdge("s003", "s001", EdgeKind.REFERENCES))),
                Map.of("makespanSeconds", 1.5, "baselineMakespanSeconds", 1.5), List.of("risky steps first"), List.of(), Map.of("generations", 3),
                "critical-path", List.of(OptimizationGoal.MINIMIZE_TIME), 2);
        FileChange c1 = new FileChange(C1, "a".repeat(64), "b".repeat(64), "s001", "marked for review");
        FileChange c2 = new FileChange("20_プロット/第1巻/第2章.yaml", "c".repeat(64), "d".repeat(64), "s002", "marked for review");
        FileChange c3 = new FileChange(M1, "e".repeat(64), "f".repeat(64), "s003", "marked for review");
        FileChange heal = new FileChange(M1, "f".repeat(64), "0".repeat(64), "heal:rename-completion", "healed by rename-completion");
        ConsistencyIssue fixed = new ConsistencyIssue("stale-rename:" + M1 + "#勇者", "stale-rename", Severity.WARNING, M1, 3, Optional.of("主人公"),
                "the old name 勇者 is still used", List.of("line 3: 勇者は笑った"), Optional.of("主人公"), "stale-rename");
        ConsistencyIssue human = new ConsistencyIssue("timeline-order:年表", "timeline-order", Severity.ERROR, "30_設定集/年表.yaml", 12, Optional.empty(),
                "event 出発 is after 帰還", List.of("出発: 1203-04-01", "帰還: 1203-03-01"), Optional.empty(), "timeline");
        List<SelfHealingAction> actions = List.of(
                new SelfHealingAction("stale-rename", T0, Severity.WARNING, true, "replaced 勇者 with 主人公", true, false, FixOutcome.APPLIED,
                        "rename-completion", fixed, List.of(M1)),
                new SelfHealingAction("timeline-order", T0, Severity.ERROR, false, "two events disagree; a writer must choose", false, true,
                        FixOutcome.NEEDS_HUMAN, "none", human, List.of()));
        List<StepResult> results = List.of(
                new StepResult("s001", C1, "review-marking", StepOutcome.UPDATED, "marked", Duration.ofMillis(100), 1, Optional.empty(), List.of(c1)),
                new StepResult("s002", "20_プロット/第1巻/第2章.yaml", "review-marking", StepOutcome.UPDATED, "marked", Duration.ofMillis(120), 2,
                        Optional.empty(), List.of(c2)),
                new StepResult("s003", M1, "review-marking", StepOutcome.UPDATED, "marked, after a fallback", Duration.ofMillis(80), 2, Optional.empty(),
                        List.of(c3)),
                new StepResult("s004", M2, "llm-rewrite", StepOutcome.FAILED, "", Duration.ofMillis(300), 3, Optional.of("handler 'llm-rewrite' failed: 503"),
                        List.of()),
                new StepResult("s005", ODD, "review-marking", StepOutcome.SKIPPED, "not run", Duration.ZERO, 0, Optional.empty(), List.of()));
        return new EnhancedUpdateResponse(ID, ExecutionStatus.PARTIALLY_SUCCEEDED, impact(files), plan, results,
                List.of(c1, c2, c3, heal), actions.stream().map(SelfHealingAction::issue).toList(), actions, List.of("the model now ranks 第2話 higher"),
                OptionalDouble.of(1.25), Duration.ofMillis(900), List.of());
    }

    static Alert circuitAlert() {
        return new Alert(Severity.ERROR, "llm", "circuit of service 'llm' is OPEN (failure rate 100%, slow-call rate 0%): its calls fail fast",
                at(700));
    }

    static RealTimeMonitor monitor() {
        return new RealTimeMonitor("mon-1", ID, ExecutionStatus.PARTIALLY_SUCCEEDED, Map.of(),
                Map.of("totalSteps", 5.0, "retries", 2.0, "p50StepMillis", 100.0, "p95StepMillis", 300.0),
                Map.of("llm", "circuit OPEN, bulkhead 0/4", "overall", "DEGRADED", "mode", "NORMAL"), List.of(circuitAlert()),
                Map.of("etaSeconds", 0.0, "speedFactor", 0.4, "remainingSteps", 0), at(950));
    }

    static List<ExecutionEvent> events() {
        Alert circuit = circuitAlert();
        return List.of(
                new ExecutionEvent.Started(ID, 5, at(0)),
                new ExecutionEvent.StepStarted(ID, "s001", C1, "review-marking", "local", 1, at(10)),
                new ExecutionEvent.StepStarted(ID, "s002", "20_プロット/第1巻/第2章.yaml", "review-marking", "local", 1, at(10)),
                new ExecutionEvent.StepRetried(ID, "s002", 1, Duration.ofMillis(50), "timeout", at(60)),
                new ExecutionEvent.StepSucceeded(ID, "s001", StepOutcome.UPDATED, "review-marking", Duration.ofMillis(100), 1, false, at(110)),
                new ExecutionEvent.CheckpointReached(ID, "s001", 1, at(111)),
                new ExecutionEvent.StepStarted(ID, "s003", M1, "llm-rewrite", "llm", 1, at(120)),
                new ExecutionEvent.StepStarted(ID, "s002", "20_プロット/第1巻/第2章.yaml", "review-marking", "local", 2, at(110)),
                new ExecutionEvent.StepSucceeded(ID, "s002", StepOutcome.UPDATED, "review-marking", Duration.ofMillis(120), 2, false, at(230)),
                new ExecutionEvent.StepFellBack(ID, "s003", "llm-rewrite", "review-marking", "503", at(300)),
                new ExecutionEvent.StepStarted(ID, "s003", M1, "review-marking", "local", 2, at(300)),
                new ExecutionEvent.StepSucceeded(ID, "s003", StepOutcome.UPDATED, "review-marking", Duration.ofMillis(80), 2, false, at(380)),
                new ExecutionEvent.StepStarted(ID, "s004", M2, "llm-rewrite", "llm", 1, at(240)),
                new ExecutionEvent.StepRetried(ID, "s004", 1, Duration.ofMillis(100), "503", at(400)),
                new ExecutionEvent.StepStarted(ID, "s004", M2, "llm-rewrite", "llm", 2, at(500)),
                new ExecutionEvent.AlertRaised(ID, circuit),
                new ExecutionEvent.StepFailed(ID, "s004", "handler 'llm-rewrite' failed: 503", 3, true, at(800)),
                new ExecutionEvent.StepSkipped(ID, "s005", "step s004 it depends on failed", at(800)),
                new ExecutionEvent.Finished(ID, ExecutionStatus.PARTIALLY_SUCCEEDED, Duration.ofMillis(900), at(900)));
    }

    static Map<String, FileContents> contents() {
        Map<String, FileContents> contents = new LinkedHashMap<>();
        contents.put(C1, FileContents.of("name: 主人公\naliases: [レオン]\n", "name: 主人公\naliases: [レオン]\nreview: pending\n"));
        contents.put("20_プロット/第1巻/第2章.yaml", FileContents.of("title: 対決\n", "title: 対決\nreview: pending\n"));
        contents.put(M1, FileContents.of("---\ntitle: 旅立ち\n---\n勇者は笑った。\n", "---\ntitle: 旅立ち\nreview: pending\n---\n主人公は笑った。\n"));
        return contents;
    }

    static Instant at(long millis) {
        return T0.plusMillis(millis);
    }
}
