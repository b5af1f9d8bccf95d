package dev.continuity.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The evaluation of {@code orchestrator-ml} ({@link dev.continuity.ml.eval.EvalImpactCommand}) as a command: the options
 * are declared here so that {@code --help} lists them all; they are handed on as the evaluation's own arguments.
 */
@Command(name = "eval-impact", description = "Evaluate impact predictors on a real git history the way the change-mining literature does: "
        + "time-ordered walk-forward, one query per file of each test transaction; predictors model, cochange (ROSE), graph and popularity; "
        + "MAP, Recall@5/10, top-3 hit rate, Precision@1, no-prediction share, Brier score and ECE, with 95%% "
        + "bootstrap intervals (over the test transactions) of the model's MAP ratio to ROSE and of its ECE.",
        footer = {"%nProgress goes to standard error every ten seconds unless --quiet.",
                "%nExamples:%n  continuity eval-impact --git my-novel --include 'chapters/.*\\.md'",
                "  continuity eval-impact --git my-novel --include 'chapters/.*\\.md' --model random-forest --predictions p.jsonl"})
final class EvalImpactCommand implements Callable<Integer> {
    /** What eval-impact's exit codes mean (its {@code --help} lists these instead of the update's). */
    static final Map<String, String> EXIT_CODES = exitCodes();

    /** The history evaluated: a repository and the files to evaluate on (both required), or a synthetic history. */
    @ArgGroup(exclusive = true, multiplicity = "1")
    History history;

    static final class History {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Repository repository;

        @Option(names = "--synthetic", paramLabel = "SEED:FILES:TRANSACTIONS", hidden = true, required = true,
                description = "a synthetic history (development only)")
        String synthetic;
    }

    static final class Repository {
        @Option(names = "--git", paramLabel = "REPO", required = true, description = "the git repository (a work tree, also a linked one, or a bare repository)")
        Path git;

        @Option(names = "--include", paramLabel = "REGEX", required = true,
                description = "the files to evaluate on: a regular expression that must match a file's whole path in the repository "
                        + "(e.g. '.*\\.xhtml' or 'chapters/.*\\.md', not '\\.xhtml$')")
        String include;
    }

    @Option(names = "--test-fraction", paramLabel = "F", description = "the share of the history (the newest) to test on (default: 0.25)")
    String testFraction;

    @Option(names = "--predictions", paramLabel = "FILE.jsonl", description = "also write every prediction of the test period, one JSON line per query")
    Path predictions;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Option(names = "--dev", description = "evaluate the period before the test period instead (for tuning without looking at the test period)")
    boolean development;

    @Option(names = "--dev-fraction", paramLabel = "F", description = "with --dev, the share of the history before the test period to evaluate (default: 0.25)")
    String devFraction;

    @Option(names = "--retrain-days", paramLabel = "D", description = "retrain the model after this many days of history (default: 60)")
    String retrainDays;

    @Option(names = "--retrain-transactions", paramLabel = "N", description = "or after this many transactions (default: 50)")
    String retrainTransactions;

    @Option(names = "--model", paramLabel = "M", converter = ModelNames.EvalModel.class,
            description = "auto (chosen on validation), logistic, random-forest or ensemble (default: auto)")
    String model;

    @Option(names = "--seed", paramLabel = "S", description = "seed of every random choice (default: 42)")
    String seed;

    @Option(names = "--no-links", description = "leave out the links between files (the graph predictor and the model's link features)")
    boolean noLinks;

    @Option(names = {"-q", "--quiet"}, description = "no progress on standard error")
    boolean quiet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path git = history.repository == null ? null : history.repository.git;
        if (git != null) {
            if (!Files.exists(git)) {
                throw new IllegalArgumentException("git repository " + git + " does not exist");
            }
            if (!Files.isDirectory(git)) {
                throw new IllegalArgumentException(git + " is a file, not a git repository");
            }
            if (!Files.exists(git.resolve(".git")) && !(Files.isRegularFile(git.resolve("HEAD")) && Files.isDirectory(git.resolve("objects")))) {
                throw new IllegalArgumentException(git + " is not a git repository (neither a work tree with .git nor a bare repository)");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.io.PrintWriter console = spec.commandLine().getErr();
        int code = dev.continuity.ml.eval.EvalImpactCommand.run(arguments().toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), line -> {
                    // progress is shown as it happens; the report and any error are printed at the end
                    console.println(line);
                    console.flush();
                });
        spec.commandLine().getOut().print(out.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        String e = err.toString(StandardCharsets.UTF_8).strip();
        if (!e.isEmpty()) {
            spec.commandLine().getErr().println(code == 0 ? e : "continuity: error: " + e.lines().findFirst().orElse(e));
        }
        return code == 0 ? 0 : code == 2 ? ContinuityCli.BAD_INPUT : ContinuityCli.FAILED;
    }

    /** The options given, as the evaluation's own arguments. */
    private List<String> arguments() {
        List<String> a = new ArrayList<>();
        if (history.repository != null) {
            add(a, "--git", history.repository.git.toString());
            add(a, "--include", history.repository.include);
        }
        add(a, "--synthetic", history.synthetic);
        add(a, "--test-fraction", testFraction);
        add(a, "--predictions", predictions == null ? null : predictions.toString());
        add(a, "--dev-fraction", devFraction);
        add(a, "--retrain-days", retrainDays);
        add(a, "--retrain-transactions", retrainTransactions);
        add(a, "--model", model == null ? null : model.toLowerCase(Locale.ROOT));
        add(a, "--seed", seed);
        if (json) {
            a.add("--json");
        }
        if (development) {
            a.add("--dev");
        }
        if (noLinks) {
            a.add("--no-links");
        }
        if (quiet) {
            a.add("--quiet");
        }
        return a;
    }

    /**
     * Gives {@code sub} (this command as the CLI has it) its own exit codes and a synopsis that shows {@code --git} and
     * {@code --include} as required: picocli writes the group of the two, inside the group that also holds the hidden
     * {@code --synthetic}, as {@code ((--git=REPO --include=REGEX))}.
     */
    static void configure(CommandLine sub) {
        sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        sub.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS,
                help -> help.synopsis(help.synopsisHeadingLength()).replace("((", "(").replace("))", ")"));
    }

    /** A usage error of this command in its words: picocli names the group of the history options as above. */
    static String usageError(String message) {
        if (message.startsWith("expected only one match")) {
            return "--synthetic cannot be combined with --git and --include";
        }
        return message.replace("((", "(").replace("))", ")").replace(" (specify one of these)", "");
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "success: the report was printed");
        codes.put("1", "the evaluation failed, e.g. the Java heap is too small for the history (the error says how to give it more)");
        codes.put("2", "bad input: usage, a missing or damaged git repository, a HEAD that is no commit, a history too short to evaluate "
                + "(e.g. no file matches --include)");
        codes.put("3", "internal error");
        return java.util.Collections.unmodifiableMap(codes);
    }

    private static void add(List<String> args, String option, String value) {
        if (value != null) {
            args.add(option);
            args.add(value);
        }
    }
}
