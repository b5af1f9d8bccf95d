package dev.continuity.examples.cli;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.UpdateType;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import dev.continuity.core.report.ReportFormat;
import dev.continuity.core.report.ReportStore;
import dev.continuity.core.report.RunReport;
import dev.continuity.examples.demo.SampleProjects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Reproduces the specification's usage example on a working copy of {@code large_fantasy_saga}: a major change of
 * {@code 20_プロット/全体構成.yaml} that affects volumes 3–5, shifts the timeline and touches the arcs of 主人公, 宿敵
 * and 導師.
 */
@Command(name = "demo", description = {"Run the specification's example on a fresh working copy of the sample saga, then write its HTML "
        + "report and print the report's path.", "With --quiet only the report's path is printed (and, with --json, the JSON after it)."},
        footer = {"%nExamples:%n  continuity demo%n  continuity demo --workdir /tmp/saga%n  xdg-open \"$(continuity demo --quiet)\""})
final class DemoCommand implements Callable<Integer> {
    static final String CHANGED = "20_プロット/全体構成.yaml";

    @Option(names = "--workdir", paramLabel = "DIR", description = "where to put the working copy (must not exist or be empty; default: a new temp folder)")
    Path workdir;

    @Option(names = "--json", description = "print the response as JSON at the end, after the report's path")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "print only the path of the HTML report (and, with --json, the JSON after it)")
    boolean quiet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter out = quiet ? ProjectOptions.NOWHERE : stdout;
        Style style = Style.current();
        Path dir = prepare();
        out.println("working copy: " + dir);
        Map<String, byte[]> before = snapshot(dir);
        LiveProgress progress = new LiveProgress(out, quiet ? null : ContinuityCli.terminal, !quiet, !quiet);
        try (progress; Orchestrator orchestrator = progress.register(Orchestrators.builder(dir).workers(4).discoverPlugins().recordReports(), false).build()) {
            progress.attach(orchestrator);
            orchestrator.scanAndRecord();
            // the author's edit: a major plot change to volumes 3-5
            Files.write(dir.resolve(CHANGED), SampleProjects.resource("samples/demo/全体構成.after.yaml"));
            before.put(CHANGED, Files.readAllBytes(dir.resolve(CHANGED)));

            MLConfiguration ml = MLConfiguration.builder().modelType("ensemble").confidenceThreshold(0.85).enableOnlineLearning(true)
                    .optimizationGoals(OptimizationGoal.MINIMIZE_TIME, OptimizationGoal.MAXIMIZE_SAFETY).anomalyDetectionSensitivity(0.9).build();
            ConsistencyUpdateRequest request = ConsistencyUpdateRequest.builder()
                    .projectName("large_fantasy_saga")
                    .updateType(UpdateType.PLOT_CHANGE)
                    .changedFile(CHANGED)
                    .context("change_magnitude", "major")
                    .context("affected_volumes", List.of(3, 4, 5))
                    .context("timeline_shift", true)
                    .context("character_arc_impact", List.of("主人公", "宿敵", "導師"))
                    .build();

            PredictiveImpactAnalysis impact = orchestrator.predictUpdateImpact(
                    new ChangeContext(request.changedFiles(), request.updateType(), request.updateContext()), 0.8);
            out.println();
            out.println("=== 予測的影響分析 (predictive impact analysis) ===");
            out.printf("予測影響ファイル数: %d%n", impact.predictedFiles().size());
            out.printf("平均信頼度: %.2f%n", impact.meanConfidence());
            out.printf("推定複雑度: %.2f%n", impact.estimatedComplexity());
            out.println();
            out.println("リスク評価 (top 5):");
            impact.impactedFiles().stream().sorted(Comparator.comparing(ImpactedFile::risk).reversed().thenComparing(ImpactedFile::confidence, Comparator.reverseOrder()))
                    .limit(5).forEach(f -> out.printf("  %s: %s  (%.2f; %s)%n", f.path(), style.level(f.risk()), f.confidence(), f.reasons().getFirst()));
            out.println();
            out.println("最適化提案:");
            impact.optimizationSuggestions().forEach(s -> out.println("  - " + s));

            out.println();
            out.println("=== 実行 (execution) ===");
            EnhancedUpdateResponse response = orchestrator.executeIntelligentUpdate(request, ml);
            RealTimeMonitor monitor = orchestrator.monitorRealTimeProgress(response.executionId());
            out.println();
            out.println("=== リアルタイム監視 (final monitor snapshot) ===");
            out.printf("実行 %s: %s (%s)%n", response.executionId(), style.status(monitor.status()), monitor.takenAt());
            out.printf("アクティブ操作: %d%n", monitor.activeOperations().size());
            out.println("現在のパフォーマンス:");
            monitor.performanceMetrics().forEach((k, v) -> out.printf("  %s: %.2f%n", k, v));
            out.println("ヘルス (health):");
            monitor.healthIndicators().forEach((k, v) -> out.printf("  %s: %s%n", k, style.status(v)));
            out.println("予測 (predictions):");
            monitor.predictions().forEach((k, v) -> out.printf("  %s: %s%n", k, v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.2f", d) : v));
            if (!monitor.alerts().isEmpty()) {
                out.println("⚠️ アラート:");
                monitor.alerts().forEach(a -> out.printf("  [%s] %s%n", style.level(a.severity()), a.message()));
            }
            if (!response.detectedIssues().isEmpty()) {
                out.println();
                out.println("=== 自動修復 (self-healing) ===");
                out.printf("検出された問題: %d%n", response.detectedIssues().size());
                response.healingActions().forEach(a -> out.printf("%s %s: %s%n", a.autoFixApplied() ? "✅" : "⚠️", a.issueType(),
                        a.autoFixApplied() ? a.fixDescription() : "手動介入が必要 — " + a.fixDescription()));
            }
            out.println();
            out.println("=== 学習フィードバック (learning) ===");
            if (response.learningInsights().isEmpty()) {
                out.println("  (no model was retrained in this run; nothing measured to report)");
            } else {
                response.learningInsights().forEach(i -> out.println("  - " + i));
            }
            response.modelImprovement().ifPresent(d -> out.printf("モデル精度の改善 (held-out MAP): %+.2f points%n", d));
            out.println();
            out.println("=== 代替アプローチ (alternatives) ===");
            int i = 1;
            for (var alt : impact.alternativeApproaches()) {
                out.printf("アプローチ %d: %s%n  予測時間: %.2f 秒  リスクレベル: %s  ファイル数: %d%n  利点: %s%n", i++, alt.method(), alt.estimatedTimeSeconds(),
                        style.level(alt.riskLevel()), alt.filesUpdated(), String.join("; ", alt.advantages()));
            }
            out.println();
            out.println("=== 変更されたファイル (what changed) ===");
            Map<String, byte[]> after = snapshot(dir);
            int changed = 0;
            for (Map.Entry<String, byte[]> e : after.entrySet()) {
                byte[] old = before.get(e.getKey());
                if (old == null || !java.util.Arrays.equals(old, e.getValue())) {
                    changed++;
                    int delta = lines(e.getValue()) - (old == null ? 0 : lines(old));
                    out.printf("  %s %s (%+d lines)%n", old == null ? "added  " : "changed", e.getKey(), delta);
                }
            }
            out.printf("%d file(s) changed in %s; the sample itself is untouched.%n", changed, dir);
            Path html = writeHtmlReport(dir, response.executionId());
            out.println();
            out.println("=== レポート (report) ===");
            stdout.println(quiet ? html.toString() : "report: " + html);
            if (json) {
                // last, so that everything after the report's line is the JSON (with --quiet: the path, then the JSON)
                stdout.println(Json.write(response));
            }
            return response.status() == dev.continuity.api.ExecutionStatus.SUCCEEDED ? 0 : ContinuityCli.FAILED;
        }
    }

    /** Renders the run's stored report as HTML beside it: {@code .continuity/reports/<execution-id>.html}. */
    private static Path writeHtmlReport(Path dir, String executionId) throws IOException {
        ReportStore store = ReportStore.of(dir);
        RunReport report = store.load(executionId);
        Path html = store.directory().resolve(executionId + "." + ReportFormat.HTML.extension());
        Files.writeString(html, ReportFormat.HTML.render(report), java.nio.charset.StandardCharsets.UTF_8);
        return html.toAbsolutePath().normalize();
    }

    private Path prepare() throws IOException {
        Path dir = workdir != null ? workdir : Files.createTempDirectory("continuity-demo-");
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("--workdir " + dir + " is not empty; the demo needs a fresh folder");
                }
            }
        }
        return SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
    }

    private static Map<String, byte[]> snapshot(Path dir) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith(".continuity/")) {
                    out.put(rel, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static int lines(byte[] b) {
        int n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }
}
