package dev.continuity.examples.cli;

import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileChange;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.core.Orchestrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "run", description = {"Predict, plan and run the update for a change; the project is changed all-or-nothing.",
        "On a terminal (without --json) a live progress bar shows the ETA; alerts are printed as they arrive."},
        footer = {"%nExamples:%n  continuity run my-novel --changed 30_設定集/キャラクター/導師.yaml%n"
                + "  continuity run my-novel --changed 30_設定集/キャラクター/導師.yaml --context rename.from=導師 --context rename.to=老師"})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions options;
    @Mixin
    ChangeOptions change;
    @Option(names = "--dry-run", description = "plan and run the handlers, but write nothing")
    boolean dryRun;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LiveProgress progress = new LiveProgress(out, options.json ? null : ContinuityCli.terminal, false, !options.json);
        try (progress; Orchestrator o = options.open(b -> progress.register(b, options.json))) {
            progress.attach(o);
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(change.request(options.project, dryRun), change.ml());
            if (options.json) {
                out.println(Json.write(r));
            } else {
                print(out, r);
            }
            return r.status() == ExecutionStatus.SUCCEEDED ? 0 : ContinuityCli.FAILED;
        }
    }

    static void print(PrintWriter out, EnhancedUpdateResponse r) {
        out.printf("execution %s: %s in %d ms, %d steps, %d files changed%n", r.executionId(), r.status(), r.duration().toMillis(), r.stepResults().size(),
                r.changedFiles().size());
        for (StepResult s : r.stepResults()) {
            if (s.outcome() != StepOutcome.UNCHANGED) {
                out.printf("  %-9s %s  %s%s%n", s.outcome(), s.file(), s.summary(), s.error().map(e -> "  " + e).orElse(""));
            }
        }
        for (FileChange c : r.changedFiles()) {
            out.printf("  changed %s  %s -> %s%n", c.path(), c.beforeHash().isEmpty() ? "(new)" : c.beforeHash().substring(0, 12), c.afterHash().substring(0, 12));
        }
    }
}
