package dev.continuity.examples.cli;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.core.Orchestrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "heal", description = "Detect consistency issues, fix what is safely fixable (verified, or reverted), and mark the rest for review.",
        footer = {"%nExamples:%n  continuity heal my-novel --dry-run%n  continuity heal my-novel --json"})
final class HealCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions options;
    @Option(names = "--dry-run", description = "detect, fix and verify on the staged state, but write nothing")
    boolean dryRun;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * What {@code heal} did, as printed with {@code --json}.
     *
     * @param fixed       issues fixed and verified
     * @param needHuman   issues left for a human (with the evidence, marked for review where possible)
     * @param resolved    issues that an earlier fix of the same run resolved
     */
    record HealReport(String root, boolean dryRun, int fixed, int needHuman, int resolved, List<ConsistencyIssue> issues, List<SelfHealingAction> actions) {}

    @Override
    public Integer call() {
        try (Orchestrator o = options.open()) {
            List<ConsistencyIssue> issues = o.detectIssues();
            List<SelfHealingAction> actions = o.applySelfHealing(issues, dryRun);
            int fixed = (int) actions.stream().filter(a -> a.autoFixApplied() && a.verificationResult()).count();
            int human = (int) actions.stream().filter(SelfHealingAction::manualInterventionRequired).count();
            int resolved = actions.size() - fixed - human;
            HealReport report = new HealReport(options.project.toString(), dryRun, fixed, human, resolved, issues, actions);
            PrintWriter out = options.out();
            if (options.json) {
                out.println(Json.write(report));
            } else {
                print(out, report);
            }
            return 0;
        }
    }

    static void print(PrintWriter out, HealReport r) {
        Style style = Style.current();
        out.printf("%s: %d issue(s): %d fixed and verified, %d need a human, %d resolved by other fixes%s%n", r.root(), r.issues().size(), r.fixed(),
                r.needHuman(), r.resolved(), r.dryRun() ? "  (dry run: nothing written)" : "");
        for (SelfHealingAction a : r.actions()) {
            String label = a.autoFixApplied() ? "FIXED" : a.manualInterventionRequired() ? (a.outcome() == FixOutcome.FAILED ? "FAILED" : "NEEDS_HUMAN") : "RESOLVED";
            ConsistencyIssue i = a.issue();
            out.printf("  %s %-24s %s%s  [%s] %s%n", Style.padded(label, 11, style::status), i.type(), i.file(), i.line() > 0 ? ":" + i.line() : "",
                    a.strategyId(), a.fixDescription());
        }
    }
}
