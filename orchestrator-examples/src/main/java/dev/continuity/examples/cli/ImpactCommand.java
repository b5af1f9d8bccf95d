package dev.continuity.examples.cli;

import dev.continuity.api.AlternativeApproach;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.core.Orchestrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "impact", description = "Predict which files a change impacts, with confidence, risk and the reason. A file that cannot be read is left out and named, with its cause, on standard error (--json adds a diagnostics array); a changed file that cannot be read is an error (exit code 2).",
        footer = {"%nExamples:%n  continuity impact my-novel --changed 30_設定集/キャラクター/主人公.yaml%n"
                + "  continuity impact my-novel --changed 20_プロット/全体構成.yaml --context character_arc_impact=主人公,宿敵 --json"})
final class ImpactCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions options;
    @Mixin
    ChangeOptions change;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (Orchestrator o = options.open()) {
            PredictiveImpactAnalysis a = o.impact(change.request(options.project, o, true), change.ml());
            java.util.List<dev.continuity.api.Diagnostic> diagnostics = options.reportUnreadable(o);
            PrintWriter out = options.out();
            if (options.json) {
                out.println(Json.writeWithDiagnostics(a, diagnostics));
            } else {
                print(out, a, Integer.MAX_VALUE);
            }
            return 0;
        }
    }

    /** Prints an analysis for people. */
    static void print(PrintWriter out, PredictiveImpactAnalysis a, int limit) {
        Style style = Style.current();
        out.printf("impacted files: %d   mean confidence: %.2f   complexity: %.2f%n", a.predictedFiles().size(), a.meanConfidence(), a.estimatedComplexity());
        if (!a.seedEntities().isEmpty()) {
            out.println("entities touched: " + String.join(", ", a.seedEntities()));
        }
        int n = 0;
        for (ImpactedFile f : a.impactedFiles()) {
            if (n++ >= limit) {
                out.printf("  ... and %d more%n", a.impactedFiles().size() - limit);
                break;
            }
            out.printf("  %.2f %s %s%n         %s%n", f.confidence(), Style.padded(f.risk().name(), 8, style::level), f.path(), f.reasons().getFirst());
        }
        out.println("suggestions:");
        a.optimizationSuggestions().forEach(s -> out.println("  - " + s));
        out.println("alternatives:");
        for (AlternativeApproach alt : a.alternativeApproaches()) {
            out.printf("  %-22s %6.2f s  risk %s %3d files  %s%n", alt.method(), alt.estimatedTimeSeconds(), Style.padded(alt.riskLevel().name(), 6, style::level),
                    alt.filesUpdated(),
                    String.join("; ", alt.advantages()));
        }
    }
}
