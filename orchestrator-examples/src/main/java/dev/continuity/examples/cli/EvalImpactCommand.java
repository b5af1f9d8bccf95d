package dev.continuity.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "eval-impact", description = "Evaluate impact predictors on a real git history the way the change-mining literature does: "
        + "time-ordered walk-forward, one query per file of each test transaction; predictors model, cochange (ROSE), graph and popularity; "
        + "MAP, Recall@5/10, top-3 hit rate, Precision@1, no-prediction share, Brier score and ECE, with 95%% "
        + "bootstrap intervals (over the test transactions) of the model's MAP ratio to ROSE and of its ECE.",
        footer = {"%nOptions: --git REPO --include REGEX [--test-fraction 0.25] [--predictions FILE.jsonl] [--json] [--dev] [--seed S] [--quiet]",
                "Progress goes to standard error every ten seconds unless --quiet.",
                "%nExample:%n  git clone ../shared/data/histories/sherlock-holmes.bundle sherlock",
                "  continuity eval-impact --git sherlock --include 'src/epub/text/.*\\.xhtml' --predictions sherlock.jsonl"})
final class EvalImpactCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.io.PrintWriter console = spec.commandLine().getErr();
        int code = dev.continuity.ml.eval.EvalImpactCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), line -> {
                    // progress is shown as it happens; the report and any error are printed at the end
                    console.println(line);
                    console.flush();
                });
        spec.commandLine().getOut().print(out.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        String e = err.toString(StandardCharsets.UTF_8).strip();
        if (!e.isEmpty()) {
            spec.commandLine().getErr().println(code == 0 ? e : "continuity: error: " + e.replace('\n', ' '));
        }
        return code == 0 ? 0 : code == 2 ? ContinuityCli.BAD_INPUT : ContinuityCli.FAILED;
    }
}
