package dev.continuity.ml.eval;

import dev.continuity.ml.MlOptions;
import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.git.GitRepositories;
import dev.continuity.ml.history.GitHistoryMiner;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.model.ModelType;
import org.eclipse.jgit.lib.Repository;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Command-line entry of the evaluation:
 * <pre>
 * eval-impact --git REPO --include REGEX [--test-fraction 0.25] [--predictions FILE.jsonl] [--json]
 *             [--dev [--dev-fraction F]] [--retrain-days 60] [--retrain-transactions 50] [--model auto|logistic|random-forest|ensemble]
 *             [--seed 42] [--no-links] [--quiet]
 * eval-impact --synthetic SEED:FILES:TRANSACTIONS [same options]   (a synthetic history, for development only)
 * </pre>
 * Progress (what was read, then how far the walk has got) goes to standard error every ten seconds unless
 * {@code --quiet}. Exit codes: 0 success; 2 bad input (usage, a path that is not a git repository, a damaged one, a HEAD
 * that resolves to no commit, a history too short to evaluate); 1 failure (a heap too small).
 */
public final class EvalImpactCommand {

    /** The parsed arguments. */
    public record Arguments(Optional<Path> git, Optional<String> include, Optional<long[]> synthetic,
                            EvaluationOptions options, Optional<Path> predictions, boolean json, boolean links,
                            boolean quiet) {
    }

    /** Progress lines are printed at most this often. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private EvalImpactCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command and returns the exit code; progress goes to {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, err::println);
    }

    /**
     * Runs the command and returns the exit code.
     *
     * @param out      the report
     * @param err      usage and error messages
     * @param progress progress lines (unless {@code --quiet}): what was read, then how far the walk has got, at most
     *                 every {@link #PROGRESS_EVERY}
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Consumer<String> progress) {
        Arguments a;
        try {
            a = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("eval-impact: " + e.getMessage());
            err.println("usage: eval-impact --git REPO --include REGEX [--test-fraction 0.25] [--predictions FILE.jsonl]"
                    + " [--json] [--dev [--dev-fraction F]] [--retrain-days 60] [--retrain-transactions 50]"
                    + " [--model auto|logistic|random-forest|ensemble] [--seed 42] [--no-links] [--quiet]"
                    + "\n       eval-impact --synthetic SEED:FILES:TRANSACTIONS [options]  (development only)");
            return 2;
        }
        try {
            EvaluationResult result = evaluate(a, a.quiet() ? line -> {
            } : progress);
            out.print(a.json() ? EvaluationReport.json(result) + "\n" : EvaluationReport.table(result));
            return 0;
        } catch (UnusableHistoryException e) {
            err.println("eval-impact: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("eval-impact: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            // what the evaluation held is unreachable once the stack has unwound, so there is room to say so
            err.println("eval-impact: the Java heap (" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB) is too small for this history: give the JVM more, e.g. CONTINUITY_JAVA_OPTS=-Xmx4g"
                    + " ./continuity eval-impact ... (or java -Xmx4g -jar continuity.jar eval-impact ...)");
            return 1;
        }
    }

    /** Mines the repository (or generates the synthetic history) and runs the evaluation. */
    public static EvaluationResult evaluate(Arguments a) {
        return evaluate(a, line -> {
        });
    }

    /** Mines the repository (or generates the synthetic history) and runs the evaluation, reporting progress. */
    public static EvaluationResult evaluate(Arguments a, Consumer<String> progress) {
        ImpactEvaluation.ProgressListener listener = new ProgressLines(progress);
        if (a.synthetic().isPresent()) {
            long[] spec = a.synthetic().get();
            SyntheticHistory h = SyntheticHistory.generate(spec[0], (int) spec[1], (int) spec[2]);
            ImpactEvaluation evaluation = new ImpactEvaluation(a.options(), FeaturePipeline.defaults(),
                    InstantSource.system());
            if (a.predictions().isEmpty()) {
                return evaluation.run(h.records(), h.snapshots(), ImpactEvaluation.PredictionSink.none(), listener);
            }
            try (PredictionsWriter writer = new PredictionsWriter(a.predictions().get())) {
                return evaluation.run(h.records(), h.snapshots(), writer, listener);
            }
        }
        GitMiningOptions mining = new GitMiningOptions(a.include().orElseThrow(), a.options().ml().maxTransactionFiles(),
                "HEAD");
        Repository opened;
        try {
            opened = GitRepositories.open(a.git().orElseThrow());
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            // not a repository, or one that cannot be read (a .git file naming no git directory): unusable
            throw new UnusableHistoryException(e.getMessage());
        }
        try (Repository repo = opened;
             GitSnapshots snapshots = new GitSnapshots(repo, mining, a.links())) {
            long t0 = System.nanoTime();
            GitHistoryMiner.MiningResult mined;
            try {
                mined = new GitHistoryMiner(mining).mine(a.git().orElseThrow());
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                // HEAD resolves to no commit, or the repository is damaged (missing objects): unusable, like a non-repository
                throw new UnusableHistoryException(e.getMessage());
            }
            if (mined.records().size() < MIN_TRANSACTIONS) {
                throw new UnusableHistoryException(tooLittleHistory(repo, mined, mining));
            }
            progress.accept(String.format(Locale.ROOT, "eval-impact: %,d transactions from %,d commits of %s (%.1f s)",
                    mined.records().size(), mined.commitsSeen(), a.git().orElseThrow(),
                    (System.nanoTime() - t0) / 1e9));
            ImpactEvaluation evaluation = new ImpactEvaluation(a.options(), FeaturePipeline.defaults(),
                    InstantSource.system());
            EvaluationResult result;
            if (a.predictions().isEmpty()) {
                result = evaluation.run(mined.records(), snapshots, ImpactEvaluation.PredictionSink.none(), listener);
            } else {
                try (PredictionsWriter writer = new PredictionsWriter(a.predictions().get())) {
                    result = evaluation.run(mined.records(), snapshots, writer, listener);
                }
            }
            if (result.queries() == 0) {
                throw new UnusableHistoryException(nothingToEvaluate(repo, result, a.options(), mining));
            }
            return result;
        }
    }

    /**
     * Why a history long enough to walk gave no query: no transaction of its evaluated period changes enough matching
     * files (a query is a file of a transaction that changes at least two).
     */
    private static String nothingToEvaluate(Repository repo, EvaluationResult result, EvaluationOptions options, GitMiningOptions mining) {
        String period = options.development()
                ? "the development period (--dev: the last " + percent(options.developmentFraction()) + " of the history before the test period)"
                : "the test period (the newest " + percent(options.testFraction()) + " of the " + result.transactions() + " transactions)";
        return repo.getDirectory() + ": nothing to evaluate: " + period + " holds no transaction that changes "
                + options.minTestFiles() + " to " + options.maxTestFiles() + " files matching --include '" + mining.includeRegex()
                + "', so there is no query to ask. A history with such commits (a change to several files at once), a larger "
                + (options.development() ? "--dev-fraction" : "--test-fraction") + " or a wider --include gives it some";
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }

    /**
     * Turns progress into a line at most every {@link #PROGRESS_EVERY}: transactions walked, trainings, elapsed time
     * and, once in the test period (where each transaction is also scored), the time left at the rate seen there. The
     * rate is measured from the end of the first training: that training, on all the history before the test period,
     * costs far more than the scoring and the later retrainings of any one transaction.
     */
    static final class ProgressLines implements ImpactEvaluation.ProgressListener {
        private final Consumer<String> out;
        private Duration nextAt = PROGRESS_EVERY;
        private Duration testStartedAt;
        private int doneAtTestStart;
        private boolean afterFirstTraining;

        ProgressLines(Consumer<String> out) {
            this.out = out;
        }

        @Override
        public void progress(ImpactEvaluation.Progress p) {
            if (testStartedAt == null && p.transactionsDone() >= p.testStart()
                    || !afterFirstTraining && p.trainings() > 0) {
                testStartedAt = p.elapsed();
                doneAtTestStart = p.transactionsDone();
                afterFirstTraining = p.trainings() > 0;
            }
            if (p.elapsed().compareTo(nextAt) < 0 || p.transactionsDone() == p.transactions()) {
                return;
            }
            nextAt = p.elapsed().plus(PROGRESS_EVERY);
            out.accept(line(p, testStartedAt, doneAtTestStart));
        }

        static String line(ImpactEvaluation.Progress p, Duration testStartedAt, int doneAtTestStart) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "eval-impact: %,d of %,d transactions, %,d test transactions scored, %d model(s) trained, %d s",
                    p.transactionsDone(), p.transactions(), p.testTransactions(), p.trainings(),
                    p.elapsed().toSeconds()));
            int testDone = p.transactionsDone() - doneAtTestStart;
            if (testStartedAt != null && testDone > 0) {
                double perTx = (p.elapsed().toNanos() - testStartedAt.toNanos()) / 1e9 / testDone;
                line.append(String.format(Locale.ROOT, ", about %d s left",
                        Math.round(perTx * (p.transactions() - p.transactionsDone()))));
            } else {
                line.append(String.format(Locale.ROOT, " (test period from transaction %,d)", p.testStart() + 1));
            }
            return line.toString();
        }
    }

    /**
     * The repository given cannot be evaluated: it is not one, it is damaged, its HEAD is no commit or its history is too
     * short. Bad input (exit 2).
     */
    static final class UnusableHistoryException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnusableHistoryException(String message) {
            super(message);
        }
    }

    /** Fewer mined transactions than this cannot give a test period after a history to train on. */
    static final int MIN_TRANSACTIONS = 8;

    private static String tooLittleHistory(Repository repo, GitHistoryMiner.MiningResult mined,
                                           GitMiningOptions mining) {
        boolean shallow = mined.shallowSkipped() > 0;
        return repo.getDirectory() + ": " + mined.records().size() + " transaction(s) to evaluate, at least "
                + MIN_TRANSACTIONS + " needed. Of " + mined.commitsSeen() + " commit(s) read from "
                + mining.startRef() + ", " + mined.mergesSkipped() + " are merges, " + mined.emptySkipped()
                + " change no file matching --include '" + mining.includeRegex() + "' and " + mined.largeDropped()
                + " change more than " + mining.maxFilesPerCommit() + " of them"
                + (shallow ? " (and " + mined.shallowSkipped() + " are the boundary of a shallow clone, whose change is unknown)" : "")
                + (mined.records().isEmpty() && mined.largeDropped() == 0 && mined.emptySkipped() > 0
                ? ". No commit changes a file matching --include: the pattern must match a file's whole path (for a part"
                + " of it, e.g. '" + wholePath(mining.includeRegex()) + "')" : "")
                + (shallow ? ". The repository is a shallow clone: `git fetch --unshallow` gets its history" : "")
                + (mined.commitsSeen() == 0 ? unbornHead(repo) : "");
    }

    /**
     * Why HEAD gave no commit when it names a branch without one while other branches have some (a bare repository made
     * with {@code git init --bare} whose HEAD names {@code master}, pushed to as {@code main}): which, and how to point
     * HEAD at another.
     */
    private static String unbornHead(Repository repo) {
        try {
            org.eclipse.jgit.lib.Ref head = repo.exactRef(org.eclipse.jgit.lib.Constants.HEAD);
            List<String> branches = repo.getRefDatabase().getRefsByPrefix(org.eclipse.jgit.lib.Constants.R_HEADS).stream()
                    .filter(r -> r.getObjectId() != null).map(r -> org.eclipse.jgit.lib.Repository.shortenRefName(r.getName()))
                    .sorted().toList();
            if (head == null || !head.isSymbolic() || head.getObjectId() != null || branches.isEmpty()) {
                return "";
            }
            return ". HEAD names the branch '" + org.eclipse.jgit.lib.Repository.shortenRefName(head.getTarget().getName())
                    + "', which has no commit; the branches with commits are " + String.join(", ", branches)
                    + " (`git -C " + repo.getDirectory() + " symbolic-ref HEAD refs/heads/" + branches.get(0)
                    + "` evaluates the first)";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * What {@code regex} is as a pattern that must match a whole path ({@link GitMiningOptions#isContent}) when it was
     * meant to match a part of it: {@code \.xhtml$} becomes {@code .*\.xhtml}, {@code ^src/} {@code src/.*}.
     */
    static String wholePath(String regex) {
        String r = regex;
        boolean start = r.startsWith("^");
        boolean end = r.endsWith("$") && !r.endsWith("\\$");
        r = r.substring(start ? 1 : 0, r.length() - (end ? 1 : 0));
        return (start || r.startsWith(".*") ? "" : ".*") + r + (end || r.endsWith(".*") ? "" : ".*");
    }

    /** Parses the arguments (the first may be the sub-command name {@code eval-impact}). */
    public static Arguments parse(String[] args) {
        List<String> list = new ArrayList<>(List.of(args));
        if (!list.isEmpty() && list.get(0).equals("eval-impact")) {
            list.remove(0);
        }
        Optional<Path> git = Optional.empty();
        Optional<String> include = Optional.empty();
        Optional<long[]> synthetic = Optional.empty();
        Optional<Path> predictions = Optional.empty();
        boolean json = false;
        boolean links = true;
        boolean quiet = false;
        EvaluationOptions options = EvaluationOptions.defaults();
        MlOptions.Builder ml = MlOptions.builder();
        double retrainDays = options.retrainEvery().toHours() / 24.0;
        int retrainTx = options.retrainEveryTransactions();
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            switch (arg) {
                case "--git" -> git = Optional.of(Path.of(value(list, ++i, arg)));
                case "--include" -> include = Optional.of(value(list, ++i, arg));
                case "--synthetic" -> synthetic = Optional.of(syntheticSpec(value(list, ++i, arg)));
                case "--test-fraction" -> options = options.withTestFraction(fraction(value(list, ++i, arg), arg));
                case "--predictions" -> predictions = Optional.of(Path.of(value(list, ++i, arg)));
                case "--json" -> json = true;
                case "--dev" -> options = options.withDevelopment(true);
                case "--dev-fraction" -> options = options.withDevelopmentFraction(fraction(value(list, ++i, arg), arg));
                case "--no-links" -> links = false;
                case "--quiet" -> quiet = true;
                case "--retrain-days" -> retrainDays = days(value(list, ++i, arg), arg);
                case "--retrain-transactions" -> retrainTx = (int) integer(value(list, ++i, arg), arg, 1, Integer.MAX_VALUE);
                case "--seed" -> ml.seed(integer(value(list, ++i, arg), arg, Long.MIN_VALUE, Long.MAX_VALUE));
                case "--model" -> ml.modelType(switch (value(list, ++i, arg).toLowerCase(Locale.ROOT)) {
                    case "auto" -> ModelType.AUTO;
                    case "logistic" -> ModelType.LOGISTIC;
                    case "random-forest" -> ModelType.RANDOM_FOREST;
                    case "ensemble" -> ModelType.ENSEMBLE;
                    default -> throw new IllegalArgumentException("unknown model '" + list.get(i) + "'");
                });
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (synthetic.isEmpty() && (git.isEmpty() || include.isEmpty())) {
            throw new IllegalArgumentException("--git and --include are required");
        }
        if (include.isPresent()) {
            try {
                java.util.regex.Pattern.compile(include.get());
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("--include '" + include.get() + "' is not a valid regular expression ("
                        + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "") + ")");
            }
        }
        options = options.withRetraining(Duration.ofNanos(Math.max(1, Math.round(retrainDays * 86_400e9))), retrainTx)
                .withMl(ml.build());
        return new Arguments(git, include, synthetic, options, predictions, json, links, quiet);
    }

    private static long[] syntheticSpec(String v) {
        String[] parts = v.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--synthetic needs SEED:FILES:TRANSACTIONS, got '" + v + "'");
        }
        return new long[]{integer(parts[0], "--synthetic's SEED", Long.MIN_VALUE, Long.MAX_VALUE),
                integer(parts[1], "--synthetic's FILES", 1, Integer.MAX_VALUE),
                integer(parts[2], "--synthetic's TRANSACTIONS", 1, Integer.MAX_VALUE)};
    }

    private static String value(List<String> list, int i, String arg) {
        if (i >= list.size()) {
            throw new IllegalArgumentException(arg + " needs a value");
        }
        return list.get(i);
    }

    private static double number(String v, String arg) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(arg + " needs a number, got '" + v + "'");
        }
    }

    /** A share strictly between 0 and 1 ({@code --test-fraction}, {@code --dev-fraction}). */
    private static double fraction(String v, String arg) {
        double f = number(v, arg);
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException(arg + " must be between 0 and 1 (both excluded), got " + v);
        }
        return f;
    }

    /** Days of history time, more than 0 and at most {@link #MAX_RETRAIN_DAYS} ({@code --retrain-days}). */
    private static double days(String v, String arg) {
        double d = number(v, arg);
        if (!(d > 0)) {
            throw new IllegalArgumentException(arg + " must be > 0, got " + v);
        }
        if (!(d <= MAX_RETRAIN_DAYS)) {
            throw new IllegalArgumentException(arg + " must be at most " + MAX_RETRAIN_DAYS + " (100 years), got " + v);
        }
        return d;
    }

    /** At most 100 years: the time of a transaction plus this must be a representable instant. */
    private static final int MAX_RETRAIN_DAYS = 36_500;

    /** An integer in [{@code min}, {@code max}]: a fraction or an exponent ({@code 1.7}, {@code 1e30}) is an error. */
    private static long integer(String v, String arg, long min, long max) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(v.matches("[+-]?[0-9]+")
                    ? arg + " must be between " + min + " and " + max + ", got " + v
                    : arg + " needs an integer, got '" + v + "'");
        }
        if (n < min) {
            throw new IllegalArgumentException(arg + " must be >= " + min + ", got " + v);
        }
        if (n > max) {
            throw new IllegalArgumentException(arg + " must be at most " + max + ", got " + v);
        }
        return n;
    }
}
