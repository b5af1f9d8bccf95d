package dev.continuity.examples.cli;

import dev.continuity.api.AdaptiveCheckpoint;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizedStep;
import dev.continuity.api.UpdatePlan;
import dev.continuity.core.Orchestrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "plan", description = "Plan and order the update steps for a change, without running them. A file that cannot be read is left out and named, with its cause, on standard error (--json adds a diagnostics array); a changed file that cannot be read is an error (exit code 2).",
        footer = {"%nExample:%n  continuity plan my-novel --changed 20_プロット/全体構成.yaml --json"})
final class PlanCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions options;
    @Mixin
    ChangeOptions change;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (Orchestrator o = options.open()) {
            UpdatePlan plan = o.plan(change.request(options.project, o, true), change.ml());
            IntelligentUpdatePlan optimized = o.optimizeUpdateSequence(plan, change.ml().optimizationGoals());
            java.util.List<dev.continuity.api.Diagnostic> diagnostics = options.reportUnreadable(o);
            PrintWriter out = options.out();
            if (options.json) {
                out.println(Json.writeWithDiagnostics(optimized, diagnostics));
            } else {
                print(out, optimized);
            }
            return 0;
        }
    }

    static void print(PrintWriter out, IntelligentUpdatePlan plan) {
        out.printf("plan %s: %d steps, %d workers, optimiser %s%n", plan.planId(), plan.mlOptimizedSteps().size(), plan.workers(), plan.optimizerId());
        plan.performancePredictions().forEach((k, v) -> out.printf("  %s: %.3f%n", k, v));
        for (OptimizedStep s : plan.mlOptimizedSteps()) {
            out.printf("  %s  w%d %7.3f-%7.3f s  %-18s %s%s%n", s.step().id(), s.worker(), s.plannedStart(), s.plannedFinish(), s.step().handlerId(),
                    s.step().file(), s.step().dependsOn().isEmpty() ? "" : "  after " + s.step().dependsOn());
        }
        for (AdaptiveCheckpoint c : plan.adaptiveCheckpoints()) {
            out.printf("  checkpoint after %s: %s%n", c.afterStepId(), c.reason());
        }
        plan.riskMitigationStrategies().forEach(m -> out.println("  - " + m));
    }
}
