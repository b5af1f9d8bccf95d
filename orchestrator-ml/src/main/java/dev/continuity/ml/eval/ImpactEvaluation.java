package dev.continuity.ml.eval;

import dev.continuity.ml.MlOptions;
import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.features.FeatureVector;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.history.CoChangeIndex;
import dev.continuity.ml.history.UpdateHistoryRecord;
import dev.continuity.ml.model.CandidateRow;
import dev.continuity.ml.model.HistoryWalker;
import dev.continuity.ml.model.ImpactModel;
import dev.continuity.ml.model.InsufficientHistoryException;
import dev.continuity.ml.model.ModelTrainer;
import dev.continuity.ml.model.QueryRowBuilder;
import dev.continuity.ml.model.QueryRows;
import dev.continuity.ml.model.TrainerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Time-ordered walk-forward evaluation of impact predictors, following the change-mining literature
 * (Zimmermann et al.'s ROSE protocol, with TARMAQ-era metrics).
 *
 * <ul>
 *   <li>The history is sorted by time. The test period is the last {@code testFraction} of the transactions
 *       (by position in time order). Test transactions are those of the test period with 2–30 content files.</li>
 *   <li>For each test transaction, one query per file: the query is that file, the expected set is the other files
 *       of the transaction that existed at the parent commit. Candidates are the content files at the parent commit
 *       (minus the query). Queries with an empty expected set are skipped.</li>
 *   <li>Everything a predictor sees comes from before the test transaction: the co-change index holds exactly the
 *       earlier transactions, the link graph is built from the parent commit's file contents, and the model was
 *       trained only on earlier transactions' rows (retrained when {@code retrainEvery} of history time or
 *       {@code retrainEveryTransactions} transactions have passed since its last training).</li>
 *   <li>Predictors: {@code model} (calibrated learned model, ranks every candidate), {@code cochange} (ROSE:
 *       candidates with a rule {@code query -> candidate}, confidence = support(q,c)/support(q)),
 *       {@code cochange+pop} (ROSE, then every other candidate by popularity with confidence 0 — shows what ranking
 *       all candidates alone is worth), {@code graph} (links only: candidates reachable in the link graph in either
 *       direction, nearest first, confidence {@code 2^-distance}), {@code popularity} (candidates changed before, most
 *       often first, confidence = share of past transactions that changed the candidate).</li>
 * </ul>
 * Ties are broken by file name so every ranking is deterministic.
 */
public final class ImpactEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(ImpactEvaluation.class);

    /** Predictor names, in report order. */
    public static final List<String> PREDICTORS = List.of("model", "cochange", "cochange+pop", "graph", "popularity");

    /** Receives every query's rankings (for {@code --predictions}). */
    @FunctionalInterface
    public interface PredictionSink {
        void accept(UpdateHistoryRecord transaction, String predictor, List<String> query, Set<String> expected,
                    List<RankedFile> ranked);

        /** A sink that drops everything. */
        static PredictionSink none() {
            return (t, p, q, e, r) -> {
            };
        }
    }

    /**
     * How far a run has got, reported after each transaction of the walk.
     *
     * @param transactionsDone transactions walked so far (every one is read; those in the test period are also scored)
     * @param transactions     transactions in the walk
     * @param testStart        position of the first transaction of the test period
     * @param testTransactions test transactions scored so far
     * @param trainings        models trained so far
     * @param elapsed          time since the run started
     */
    public record Progress(int transactionsDone, int transactions, int testStart, int testTransactions, int trainings,
                           Duration elapsed) {
    }

    /** Receives {@link Progress} after each transaction; called on the evaluating thread, so it must be quick. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(Progress progress);

        /** A listener that ignores progress. */
        static ProgressListener none() {
            return p -> {
            };
        }
    }

    private final EvaluationOptions options;
    private final FeaturePipeline pipeline;
    private final InstantSource clock;
    private final TrainerSettings trainerSettings;

    public ImpactEvaluation(EvaluationOptions options, FeaturePipeline pipeline, InstantSource clock) {
        this(options, pipeline, clock, options.ml().trainerSettings());
    }

    /** An evaluation with explicit trainer settings (instead of those implied by {@link MlOptions}). */
    public ImpactEvaluation(EvaluationOptions options, FeaturePipeline pipeline, InstantSource clock,
                            TrainerSettings trainerSettings) {
        this.options = Objects.requireNonNull(options, "options");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.trainerSettings = Objects.requireNonNull(trainerSettings, "trainerSettings");
    }

    /**
     * Runs the protocol.
     *
     * @param records   the mined history (records must carry their parent commit to have candidates)
     * @param snapshots content files and link graphs at commits
     * @param sink      receives every ranking
     */
    public EvaluationResult run(List<UpdateHistoryRecord> records, RepositorySnapshots snapshots, PredictionSink sink) {
        return run(records, snapshots, sink, ProgressListener.none());
    }

    /**
     * Runs the protocol and reports progress.
     *
     * @param records   the mined history (records must carry their parent commit to have candidates)
     * @param snapshots content files and link graphs at commits
     * @param sink      receives every ranking
     * @param progress  told how far the walk has got after each transaction
     */
    public EvaluationResult run(List<UpdateHistoryRecord> records, RepositorySnapshots snapshots, PredictionSink sink,
                                ProgressListener progress) {
        Objects.requireNonNull(progress, "progress");
        long started = System.nanoTime();
        List<UpdateHistoryRecord> sorted = HistoryWalker.timeOrdered(records);
        int testStart = (int) Math.floor((1 - options.testFraction()) * sorted.size());
        if (options.development()) {
            sorted = new ArrayList<>(sorted.subList(0, testStart));
            testStart = (int) Math.floor((1 - options.developmentFraction()) * sorted.size());
        }
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no history to evaluate");
        }
        MlOptions ml = options.ml();
        CoChangeIndex index = new CoChangeIndex(new CoChangeIndex.Options(ml.maxTransactionFiles(), ml.recencyHalfLife()));
        QueryRowBuilder builder = new QueryRowBuilder(pipeline, ml.validationCandidateCap(), ml.trainingNegatives(),
                ml.seed());
        ModelTrainer trainer = new ModelTrainer(trainerSettings, clock);
        Map<String, MetricsAccumulator> acc = new LinkedHashMap<>();
        PREDICTORS.forEach(p -> acc.put(p, new MetricsAccumulator(p)));
        CommitEffects effects = new CommitEffects();
        List<QueryRows> past = new ArrayList<>();
        List<EvaluationResult.TrainingSummary> trainings = new ArrayList<>();
        ImpactModel model = null;
        int trainedAt = -1;
        Instant trainedTime = Instant.MIN;
        int testTransactions = 0;
        int queries = 0;
        for (int i = 0; i < sorted.size(); i++) {
            UpdateHistoryRecord tx = sorted.get(i);
            int files = tx.transactionFiles().size();
            boolean eligible = files >= 2 && files <= ml.maxTransactionFiles();
            Set<String> candidates = tx.parentCommit().map(snapshots::contentFilesAt).orElse(Set.of());
            if (eligible && !candidates.isEmpty()) {
                LinkGraph graph = tx.parentCommit().map(snapshots::linkGraphAt).orElse(LinkGraph.empty());
                EditEvidence edits = snapshots.editsOf(tx);
                boolean test = i >= testStart && files >= options.minTestFiles() && files <= options.maxTestFiles();
                if (test) {
                    if (model == null || i - trainedAt >= options.retrainEveryTransactions()
                            || !tx.time().toInstant().isBefore(trainedTime.plus(options.retrainEvery()))) {
                        try {
                            ModelTrainer.Result r = trainer.fit(past, pipeline.signature(), "eval-" + i);
                            model = r.model();
                            trainedAt = i;
                            trainedTime = tx.time().toInstant();
                            trainings.add(new EvaluationResult.TrainingSummary(tx.id(), model.metadata().trainingQueries(),
                                    model.metadata().type().name(), model.metadata().chosenValidationMap(),
                                    calibration(model)));
                        } catch (InsufficientHistoryException e) {
                            LOG.info("no model before {}: {}", tx.id(), e.getMessage());
                        }
                    }
                    List<QueryRows> rows = builder.rowsFor(i, tx, index, candidates, graph, edits, QueryRowBuilder.Mode.FULL,
                            Integer.MAX_VALUE);
                    if (!rows.isEmpty()) {
                        testTransactions++;
                    }
                    for (QueryRows q : rows) {
                        queries++;
                        Set<String> expected = new LinkedHashSet<>();
                        List<String> pool = new ArrayList<>();
                        for (CandidateRow r : q.rows()) {
                            pool.add(r.candidate());
                            if (r.impacted()) {
                                expected.add(r.candidate());
                            }
                        }
                        Map<String, List<RankedFile>> rankings = new LinkedHashMap<>();
                        rankings.put("model", model == null ? List.of() : modelRanking(model, q));
                        List<RankedFile> rose = coChangeRanking(index, q.queryFiles(), pool);
                        rankings.put("cochange", rose);
                        rankings.put("cochange+pop", withPopularityFallback(index, rose, pool));
                        rankings.put("graph", graphRanking(graph, q.queryFiles(), pool));
                        rankings.put("popularity", popularityRanking(index, pool));
                        rankings.forEach((p, ranking) -> {
                            acc.get(p).add(tx.id(), ranking, expected);
                            if (p.equals("model")) {
                                effects.add(tx.id(), ranking, expected);
                            }
                            sink.accept(tx, p, q.queryFiles(), expected, ranking);
                        });
                    }
                }
                // a test transaction becomes training history for later models with all its queries; its rows are
                // capped like the rest of the history (the full rows, one per candidate, were for scoring only)
                past.addAll(builder.rowsFor(i, tx, index, candidates, graph, edits, QueryRowBuilder.Mode.CAPPED,
                        test ? Integer.MAX_VALUE : ml.maxQueriesPerTransaction()));
                if (past.size() > 2 * trainerSettings.maxTrainingQueries()) {
                    // the trainer uses only the latest queries
                    past.subList(0, past.size() - trainerSettings.maxTrainingQueries()).clear();
                }
            }
            index.add(tx);
            progress.progress(new Progress(i + 1, sorted.size(), testStart, testTransactions, trainings.size(),
                    Duration.ofNanos(System.nanoTime() - started)));
        }
        List<PredictorMetrics> metrics = new ArrayList<>();
        acc.values().forEach(a -> metrics.add(a.result()));
        Instant testStartTime = testStart < sorted.size() ? sorted.get(testStart).time().toInstant()
                : sorted.get(sorted.size() - 1).time().toInstant();
        return new EvaluationResult(sorted.size(), testStartTime, testTransactions, queries, trainings.size(), trainings,
                metrics, bootstrap(acc.get("model"), acc.get("cochange"), trainerSettings.seed()),
                effects.estimate(trainerSettings.seed()), Duration.ofNanos(System.nanoTime() - started));
    }

    /** Resamples of the test transactions behind {@link EvaluationResult.Uncertainty}. */
    static final int BOOTSTRAP_RESAMPLES = 1_000;

    /**
     * 95% percentile-bootstrap intervals of the model's MAP ratio to ROSE and of its ECE: the test transactions are
     * drawn with replacement (all queries of a transaction together: they share one change), and both predictors are
     * measured on the same draw.
     */
    static EvaluationResult.Uncertainty bootstrap(MetricsAccumulator model, MetricsAccumulator rose, long seed) {
        List<String> groups = model.groups();
        if (groups.size() < 2) {
            return EvaluationResult.Uncertainty.none(groups.size());
        }
        java.util.SplittableRandom rng = new SplittableRandom(seed);
        double[] ratios = new double[BOOTSTRAP_RESAMPLES];
        double[] eces = new double[BOOTSTRAP_RESAMPLES];
        int r = 0;
        int e = 0;
        for (int b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < groups.size(); i++) {
                counts.merge(groups.get(rng.nextInt(groups.size())), 1, Integer::sum);
            }
            PredictorMetrics m = model.resampled(counts);
            PredictorMetrics c = rose.resampled(counts);
            if (c.map() > 0) {
                ratios[r++] = m.map() / c.map();
            }
            if (Double.isFinite(m.ece())) {
                eces[e++] = m.ece();
            }
        }
        double[] ratio = percentiles(Arrays.copyOf(ratios, r));
        double[] ece = percentiles(Arrays.copyOf(eces, e));
        return new EvaluationResult.Uncertainty(BOOTSTRAP_RESAMPLES, groups.size(), ratio[0], ratio[1], ece[0], ece[1]);
    }

    private static double[] percentiles(double[] values) {
        if (values.length == 0) {
            return new double[]{Double.NaN, Double.NaN};
        }
        Arrays.sort(values);
        int lo = (int) Math.floor(0.025 * (values.length - 1));
        int hi = (int) Math.ceil(0.975 * (values.length - 1));
        return new double[]{values[lo], values[hi]};
    }

    /** The calibration method, with the strata calibrated apart: {@code platt + edit.sweep stratum (shift +2.12)}. */
    static String calibration(ImpactModel model) {
        StringBuilder sb = new StringBuilder(model.metadata().calibrationMethod());
        model.strata().forEach(s -> sb.append(String.format(java.util.Locale.ROOT, " + %s stratum (shift %+.2f)",
                s.feature(), s.shift())));
        return sb.toString();
    }

    static List<RankedFile> modelRanking(ImpactModel model, QueryRows q) {
        List<FeatureVector> vectors = q.rows().stream().map(CandidateRow::features).toList();
        double[] raw = model.rawScores(vectors);
        List<Integer> order = new ArrayList<>();
        double[] conf = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            conf[i] = model.confidence(vectors.get(i), raw[i]);
            order.add(i);
        }
        order.sort((a, b) -> {
            int c = Double.compare(conf[b], conf[a]);
            if (c == 0) {
                c = Double.compare(raw[b], raw[a]);
            }
            return c != 0 ? c : q.rows().get(a).candidate().compareTo(q.rows().get(b).candidate());
        });
        List<RankedFile> out = new ArrayList<>();
        for (int i : order) {
            out.add(new RankedFile(q.rows().get(i).candidate(), conf[i], raw[i]));
        }
        return out;
    }

    /** ROSE: rules {@code q -> c} by confidence, then support, then name. */
    static List<RankedFile> coChangeRanking(CoChangeIndex index, List<String> query, List<String> pool) {
        record Scored(String file, double conf, int support) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String c : pool) {
            double conf = 0;
            int support = 0;
            for (String q : query) {
                conf = Math.max(conf, index.confidence(q, c));
                support = Math.max(support, index.support(q, c));
            }
            if (support > 0) {
                scored.add(new Scored(c, conf, support));
            }
        }
        scored.sort(Comparator.comparingDouble((Scored s) -> -s.conf()).thenComparingInt(s -> -s.support())
                .thenComparing(Scored::file));
        return scored.stream().map(s -> new RankedFile(s.file(), Math.min(1.0, s.conf()), s.support())).toList();
    }

    static List<RankedFile> withPopularityFallback(CoChangeIndex index, List<RankedFile> rose, List<String> pool) {
        List<RankedFile> out = new ArrayList<>(rose);
        Set<String> seen = new LinkedHashSet<>();
        rose.forEach(r -> seen.add(r.file()));
        List<String> rest = new ArrayList<>();
        for (String c : pool) {
            if (!seen.contains(c)) {
                rest.add(c);
            }
        }
        rest.sort(Comparator.comparingInt((String c) -> -index.support(c)).thenComparing(c -> c));
        rest.forEach(c -> out.add(new RankedFile(c, 0.0, -1.0 / (1 + index.support(c)))));
        return out;
    }

    static List<RankedFile> graphRanking(LinkGraph graph, List<String> query, List<String> pool) {
        record Scored(String file, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String c : pool) {
            int best = Integer.MAX_VALUE;
            for (String q : query) {
                best = Math.min(best, min(graph.distance(q, c), graph.distance(c, q)));
            }
            if (best != Integer.MAX_VALUE && best > 0) {
                scored.add(new Scored(c, best));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::file));
        return scored.stream().map(s -> new RankedFile(s.file(), Math.pow(2, -s.distance()))).toList();
    }

    static List<RankedFile> popularityRanking(CoChangeIndex index, List<String> pool) {
        int n = index.transactionCount();
        List<String> changed = new ArrayList<>();
        for (String c : pool) {
            if (index.support(c) > 0) {
                changed.add(c);
            }
        }
        changed.sort(Comparator.comparingInt((String c) -> -index.support(c)).thenComparing(c -> c));
        return changed.stream().map(c -> new RankedFile(c, n == 0 ? 0.0 : Math.min(1.0, (double) index.support(c) / n)))
                .toList();
    }

    private static int min(OptionalInt a, OptionalInt b) {
        return Math.min(a.isPresent() ? a.getAsInt() : Integer.MAX_VALUE, b.isPresent() ? b.getAsInt() : Integer.MAX_VALUE);
    }
}
