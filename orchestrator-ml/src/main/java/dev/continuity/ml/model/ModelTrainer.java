package dev.continuity.ml.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.features.FeatureVector;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Trains, selects and calibrates an {@link ImpactModel} from time-ordered query rows.
 *
 * <ol>
 *   <li>Time-ordered held-out scoring: the latest {@link TrainerSettings#validationFraction()} of the transactions (by
 *       position in time order) is scored by models trained on everything before it. When history is scarce (fewer
 *       than {@link TrainerSettings#crossFitBelowQueries()} queries) the latest {@link TrainerSettings#crossFitFraction()}
 *       is cut into {@link TrainerSettings#crossFitFolds()} consecutive blocks instead, each scored by models trained on
 *       everything before that block (rolling origin), which gives more held-out data without ever looking ahead.</li>
 *   <li>Each candidate model type (one, or logistic / forest / ensemble for {@link ModelType#AUTO}) is trained on
 *       positives plus sampled negatives (each negative weighted by the inverse of its sampling rate, see
 *       {@link QueryRows#trainingRows}; classes balanced by weight); the simplest type whose held-out mean average
 *       precision is within one standard error of the best wins (the one-standard-error rule). Held-out average
 *       precision counts every row with its sampling weight, so on a large project it estimates the precision over
 *       the whole candidate set, not over the sample.</li>
 *   <li>The calibrator (isotonic, or Platt when held-out data is thin) is fitted on the winner's out-of-sample scores
 *       with the held-out rows' sampling weights, so probabilities refer to the full candidate set, times a recency
 *       weight that halves every {@link TrainerSettings#calibrationHalfLife()} of the held-out window, so they follow
 *       how the project changes now rather than how it changed in its first draft.</li>
 *   <li>The winner is refitted on all rows and keeps that calibrator (the scheme of scikit-learn's
 *       {@code CalibratedClassifierCV(ensemble=False)}).</li>
 *   <li>Each stratum of {@link TrainerSettings#calibrationStrata()} seen in enough training transactions gets a
 *       log-odds shift fitted on all its training rows ({@link StratumCalibration}): a rare kind of change, seldom in
 *       the held-out window, is calibrated on the whole history.</li>
 * </ol>
 * Without enough held-out queries the configured type (logistic for AUTO) is trained on everything and the
 * calibrator is the identity; the metadata says so.
 */
public final class ModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);

    /**
     * Tribuo logs every tree of a forest at INFO through java.util.logging ("Building model 17"), forty lines per
     * training on the application's console. Unless the application has set a level for {@code org.tribuo} itself,
     * it is set to WARNING. Held strongly: java.util.logging keeps only weak references to loggers.
     */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        if (TRIBUO_LOG.getLevel() == null) {
            TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        }
    }
    private static final LabelFactory LABELS = new LabelFactory();
    private static final Label IMPACTED = new Label(ImpactModel.IMPACTED);
    private static final Label UNAFFECTED = new Label(ImpactModel.UNAFFECTED);
    /*
     * No blend with the co-change prior is chosen any more (stored blended models still load, see ImpactModel): picking
     * a blend weight on a small held-out set cost more MAP in the walk-forward evaluation (selection noise) than it
     * saved, and the compact logistic regression carries the co-change confidence itself.
     */
    /**
     * Isotonic regression needs many independent held-out queries (the rows of one query are correlated); below this
     * the two-parameter Platt scaling is used.
     */
    static final int MIN_ISOTONIC_QUERIES = 200;
    /** Fewer training queries than this: no model at all. */
    public static final int MIN_TRAINING_QUERIES = 5;

    /**
     * A held-out query with the chosen model type's out-of-sample raw scores (one per row).
     *
     * @param query     the query
     * @param rawScores scores of a model trained only on transactions before it
     */
    public record ScoredQuery(QueryRows query, double[] rawScores) {
        /** Rejects a number of scores other than the query's rows; copies the scores. */
        public ScoredQuery {
            if (rawScores.length != query.rows().size()) {
                throw new IllegalArgumentException("one score per row expected");
            }
            rawScores = rawScores.clone();
        }

        /** {@return a copy of the scores, one per row of the query, in row order} */
        @Override
        public double[] rawScores() {
            return rawScores.clone();
        }
    }

    /**
     * The outcome of one training.
     *
     * @param model   the final model (refitted on all rows, calibrated on out-of-sample held-out scores)
     * @param heldOut the held-out queries with the chosen type's out-of-sample scores (empty when too few)
     */
    public record Result(ImpactModel model, List<ScoredQuery> heldOut) {
        /** Copies {@code heldOut}. */
        public Result {
            heldOut = List.copyOf(heldOut);
        }

        /** MAP of the out-of-sample scores on the held-out queries after {@code after} (NaN when none). */
        public double heldOutMap(Instant after) {
            return heldOut.stream().filter(q -> q.query().time().isAfter(after))
                    .mapToDouble(q -> averagePrecision(q.query(), q.rawScores())).average().orElse(Double.NaN);
        }
    }

    private final TrainerSettings settings;
    private final InstantSource clock;

    /**
     * A trainer.
     *
     * @param settings how to train, select and calibrate
     * @param clock    the clock of the trained models' creation time
     */
    public ModelTrainer(TrainerSettings settings, InstantSource clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The settings. */
    public TrainerSettings settings() {
        return settings;
    }

    /**
     * Trains on {@code queries} (ordered by transaction time).
     *
     * @param featureSignature the feature pipeline's extractor ids and versions, stored in the metadata
     * @param modelId          the new model's id
     * @throws InsufficientHistoryException when there are fewer than {@link #MIN_TRAINING_QUERIES} usable queries
     */
    public Result fit(List<QueryRows> queries, Map<String, Integer> featureSignature, String modelId) {
        List<QueryRows> usable = new ArrayList<>(queries.stream().filter(q -> q.positives() > 0).toList());
        usable.sort(Comparator.comparingInt(QueryRows::transactionIndex));
        if (usable.size() > settings.maxTrainingQueries()) {
            usable = new ArrayList<>(usable.subList(usable.size() - settings.maxTrainingQueries(), usable.size()));
        }
        if (usable.size() < MIN_TRAINING_QUERIES || !hasBothClasses(usable)) {
            throw new InsufficientHistoryException(usable.size(), MIN_TRAINING_QUERIES);
        }
        List<Integer> ordered = new ArrayList<>(new TreeSet<>(usable.stream().map(QueryRows::transactionIndex).toList()));
        boolean crossFit = usable.size() < settings.crossFitBelowQueries() && settings.crossFitFolds() > 1;
        int folds = crossFit ? settings.crossFitFolds() : 1;
        double heldOutFraction = crossFit ? settings.crossFitFraction() : settings.validationFraction();
        int first = (int) Math.floor((1 - heldOutFraction) * ordered.size());
        List<ModelType> types = settings.modelType() == ModelType.AUTO
                ? List.of(ModelType.LOGISTIC, ModelType.RANDOM_FOREST, ModelType.ENSEMBLE)
                : List.of(settings.modelType());
        Map<ModelType, List<ScoredQuery>> outOfSample = new EnumMap<>(ModelType.class);
        types.forEach(t -> outOfSample.put(t, new ArrayList<>()));
        int minHeldOutTx = ordered.get(Math.max(0, Math.min(ordered.size() - 1, first)));
        List<QueryRows> scorable = usable.stream().filter(q -> q.complete() && q.transactionIndex() >= minHeldOutTx)
                .toList();
        if (scorable.size() > settings.maxHeldOutQueries()) {
            scorable = scorable.subList(scorable.size() - settings.maxHeldOutQueries(), scorable.size());
        }
        for (int k = 0; k < folds; k++) {
            int from = first + (int) Math.floor((double) k * (ordered.size() - first) / folds);
            int to = first + (int) Math.floor((double) (k + 1) * (ordered.size() - first) / folds);
            if (from >= ordered.size() || from >= to) {
                continue;
            }
            int fromTx = ordered.get(from);
            int toTx = to < ordered.size() ? ordered.get(to) : Integer.MAX_VALUE;
            List<QueryRows> train = usable.stream().filter(q -> q.transactionIndex() < fromTx).toList();
            List<QueryRows> test = scorable.stream().filter(q -> q.transactionIndex() >= fromTx
                    && q.transactionIndex() < toTx).toList();
            if (train.size() < MIN_TRAINING_QUERIES || test.isEmpty() || !hasBothClasses(train)) {
                continue;
            }
            Map<ModelType, ImpactModel> models = trainTypes(types, train, modelId + "-fold" + k, featureSignature);
            for (ModelType t : types) {
                ImpactModel m = models.get(t);
                for (QueryRows q : test) {
                    outOfSample.get(t).add(new ScoredQuery(q, m.rawScores(q.rows().stream()
                            .map(CandidateRow::features).toList())));
                }
            }
        }
        int heldOutQueries = outOfSample.get(types.get(0)).size();
        if (heldOutQueries < settings.minValidationQueries()) {
            ModelType type = settings.modelType() == ModelType.AUTO ? ModelType.LOGISTIC : settings.modelType();
            ImpactModel m = trainTypes(List.of(type), usable, modelId, featureSignature).get(type);
            LOG.info("trained {} on {} queries without enough held-out data ({} held-out queries < {}): uncalibrated",
                    type, usable.size(), heldOutQueries, settings.minValidationQueries());
            return new Result(m, List.of());
        }
        Map<String, Double> validationMap = new LinkedHashMap<>();
        Map<ModelType, double[]> apsByType = new EnumMap<>(ModelType.class);
        ModelType top = null;
        double topMap = Double.NEGATIVE_INFINITY;
        for (ModelType t : types) {
            double[] aps = outOfSample.get(t).stream().mapToDouble(q -> averagePrecision(q.query(), q.rawScores()))
                    .toArray();
            double map = java.util.Arrays.stream(aps).average().orElse(Double.NaN);
            apsByType.put(t, aps);
            validationMap.put(t.name(), map);
            if (map > topMap + 1e-9) {
                top = t;
                topMap = map;
            }
        }
        // One-standard-error rule: the simplest type (in the order LOGISTIC, RANDOM_FOREST, ENSEMBLE) whose held-out
        // MAP is within one standard error of the best; small held-out sets cannot tell closer models apart.
        double se = standardError(apsByType.get(top));
        ModelType best = top;
        for (ModelType t : types) {
            if (validationMap.get(t.name()) >= topMap - se) {
                best = t;
                break;
            }
        }
        double bestMap = validationMap.get(best.name());
        List<ScoredQuery> chosen = outOfSample.get(best);
        Calibrator calibrator = fitCalibrator(chosen);
        ImpactModel trained = trainTypes(List.of(best), usable, modelId, featureSignature).get(best);
        List<StratumCalibration> strata = strata(usable, trained, calibrator);
        double[] fit = calibrationFit(calibrator, strata, chosen);
        ModelMetadata base = trained.metadata();
        ModelMetadata meta = new ModelMetadata(modelId, best, settings.modelType(), base.createdAt(),
                base.historyCutoff(), base.trainedTransactions(), base.trainingQueries(), base.trainingRows(),
                heldOutQueries, validationMap, calibrator.method(), fit[0], fit[1], featureSignature,
                base.featureNames(), settings.seed());
        LOG.info("trained impact model {}: {} (held-out MAP {} over {} "
                        + "queries, {} fold(s); by type {}), calibration {} (ECE {}), strata {}", modelId, best,
                String.format("%.4f", bestMap), heldOutQueries, folds, validationMap, calibrator.method(),
                String.format("%.4f", fit[0]), strata);
        return new Result(trained.with(ImpactModel.PriorBlend.none(), calibrator, strata, meta), chosen);
    }

    private static double standardError(double[] values) {
        int n = values.length;
        if (n < 2) {
            return 0;
        }
        double mean = java.util.Arrays.stream(values).average().orElse(0);
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (n - 1) / n);
    }

    /** Mean average precision of a model's raw-score ranking over complete queries (NaN when none). */
    public static double meanAveragePrecision(ImpactModel model, List<QueryRows> queries) {
        return queries.stream().mapToDouble(q -> averagePrecision(q,
                model.rawScores(q.rows().stream().map(CandidateRow::features).toList()))).average().orElse(Double.NaN);
    }

    /**
     * Average precision of one query's rows ranked by score, each row counting with its sampling weight: on a query
     * whose negatives were sampled, an estimate of the average precision over the whole candidate set (see
     * {@link RankingMath#weightedAveragePrecision}); on a complete query, the exact one.
     */
    static double averagePrecision(QueryRows q, double[] scores) {
        int n = q.rows().size();
        boolean[] relevant = new boolean[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            CandidateRow r = q.rows().get(i);
            relevant[i] = r.impacted();
            weights[i] = r.weight();
        }
        return RankingMath.weightedAveragePrecision(scores, relevant, weights);
    }

    /**
     * The strata of {@link TrainerSettings#calibrationStrata()} seen in at least
     * {@link StratumCalibration#MIN_TRANSACTIONS} training transactions, each fitted on all its training rows (each
     * weighted by its sampling weight) scored by the final model through the main calibrator. A row belongs to the
     * first stratum whose feature is positive. The scores are in-sample, so they lean towards the labels and the
     * shift leans towards 0.
     */
    List<StratumCalibration> strata(List<QueryRows> training, ImpactModel model, Calibrator calibrator) {
        List<String> features = settings.calibrationStrata();
        int n = features.size();
        List<List<CandidateRow>> rows = new ArrayList<>();
        List<java.util.Set<Integer>> transactions = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            rows.add(new ArrayList<>());
            transactions.add(new java.util.HashSet<>());
        }
        for (QueryRows q : training) {
            for (CandidateRow r : q.rows()) {
                for (int k = 0; k < n; k++) {
                    if (r.features().get(features.get(k)) > 0) {
                        rows.get(k).add(r);
                        transactions.get(k).add(q.transactionIndex());
                        break;
                    }
                }
            }
        }
        List<StratumCalibration> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<CandidateRow> stratum = rows.get(k);
            if (transactions.get(k).size() < StratumCalibration.MIN_TRANSACTIONS) {
                continue;
            }
            double[] raw = model.rawScores(stratum.stream().map(CandidateRow::features).toList());
            double[] base = new double[raw.length];
            boolean[] labels = new boolean[raw.length];
            double[] weights = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                base[i] = calibrator.apply(raw[i]);
                labels[i] = stratum.get(i).impacted();
                weights[i] = stratum.get(i).weight();
            }
            out.add(StratumCalibration.fit(features.get(k), base, labels, weights, transactions.get(k).size()));
        }
        return List.copyOf(out);
    }

    private Calibrator fitCalibrator(List<ScoredQuery> heldOut) {
        Flat f = flatten(heldOut, Calibrator.identity(), settings.calibrationHalfLife());
        int positives = 0;
        for (boolean y : f.labels) {
            positives += y ? 1 : 0;
        }
        int negatives = f.labels.length - positives;
        if (heldOut.size() >= MIN_ISOTONIC_QUERIES && positives >= settings.minIsotonicPositives()
                && negatives >= settings.minIsotonicPositives()) {
            return IsotonicCalibrator.fit(f.scores, f.labels, f.weights);
        }
        return PlattCalibrator.fit(f.scores, f.labels, f.weights);
    }

    private double[] calibrationFit(Calibrator calibrator, List<StratumCalibration> strata, List<ScoredQuery> heldOut) {
        Flat f = flatten(heldOut, (row, raw) -> StratumCalibration.confidence(strata, row.features(),
                calibrator.apply(raw)), settings.calibrationHalfLife());
        return new double[]{CalibrationMetrics.ece(f.scores, f.labels, f.weights, 10),
                CalibrationMetrics.brier(f.scores, f.labels, f.weights)};
    }

    record Flat(double[] scores, boolean[] labels, double[] weights) {
    }

    /**
     * The held-out rows, scored through {@code calibrator}. A row weighs its sampling weight times its query's recency
     * weight: {@code 0.5^(age / halfLife)}, the age counted in transactions before the latest held-out one and the
     * half-life a share ({@code halfLifeShare}) of the held-out window (no decay when 0).
     */
    static Flat flatten(List<ScoredQuery> heldOut, Calibrator calibrator, double halfLifeShare) {
        return flatten(heldOut, (row, raw) -> calibrator.apply(raw), halfLifeShare);
    }

    /** A row's confidence from its raw score. */
    interface RowScorer {
        double score(CandidateRow row, double rawScore);
    }

    /** The held-out rows, each scored by {@code scorer} (which may look at the row's features), weighted as above. */
    static Flat flatten(List<ScoredQuery> heldOut, RowScorer scorer, double halfLifeShare) {
        int n = heldOut.stream().mapToInt(q -> q.query().rows().size()).sum();
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        double[] w = new double[n];
        int k = 0;
        int firstTx = heldOut.stream().mapToInt(q -> q.query().transactionIndex()).min().orElse(0);
        int lastTx = heldOut.stream().mapToInt(q -> q.query().transactionIndex()).max().orElse(0);
        double halfLife = halfLifeShare * (lastTx - firstTx + 1);
        for (ScoredQuery q : heldOut) {
            double[] raw = q.rawScores();
            double recency = halfLife > 0 ? Math.pow(0.5, (lastTx - q.query().transactionIndex()) / halfLife) : 1.0;
            for (int i = 0; i < raw.length; i++) {
                CandidateRow r = q.query().rows().get(i);
                s[k] = scorer.score(r, raw[i]);
                y[k] = r.impacted();
                w[k] = r.weight() * recency;
                k++;
            }
        }
        return new Flat(s, y, w);
    }

    /** Trains the requested types on the queries; ENSEMBLE reuses the logistic and forest members. */
    private Map<ModelType, ImpactModel> trainTypes(List<ModelType> types, List<QueryRows> queries, String id,
                                                   Map<String, Integer> signature) {
        boolean needLogistic = types.contains(ModelType.LOGISTIC) || types.contains(ModelType.ENSEMBLE);
        boolean needForest = types.contains(ModelType.RANDOM_FOREST) || types.contains(ModelType.ENSEMBLE);
        Map<ModelType, ImpactModel.Member> members = new EnumMap<>(ModelType.class);
        Map<ModelType, Integer> rows = new EnumMap<>(ModelType.class);
        // The forest trains on a second thread while the logistic regression trains on this one (when allowed).
        java.util.concurrent.FutureTask<Object[]> forest = new java.util.concurrent.FutureTask<>(() -> {
            long t0 = System.nanoTime();
            MutableDataset<Label> data = dataset(recentRows(queries, settings.forestMaxRows()),
                    settings.forestQuantization(), List.of());
            Model<Label> model = trainForest(data);
            LOG.debug("random forest on {} rows: {} ms", data.size(), (System.nanoTime() - t0) / 1_000_000);
            return new Object[]{new ImpactModel.Member(model, settings.forestQuantization()), data.size()};
        });
        boolean parallel = needForest && needLogistic && settings.trainingThreads() > 1;
        if (parallel) {
            Thread.ofPlatform().daemon().name("continuity-forest-training").start(forest);
        }
        if (needLogistic) {
            long t0 = System.nanoTime();
            MutableDataset<Label> data = dataset(recentRows(queries, settings.logisticMaxRows()), 0.0,
                    settings.logisticFeatures());
            members.put(ModelType.LOGISTIC, new ImpactModel.Member(trainLogistic(data), 0.0));
            rows.put(ModelType.LOGISTIC, data.size());
            LOG.debug("logistic regression on {} rows: {} ms", data.size(), (System.nanoTime() - t0) / 1_000_000);
        }
        if (needForest) {
            if (!parallel) {
                forest.run();
            }
            try {
                Object[] result = forest.get();
                members.put(ModelType.RANDOM_FOREST, (ImpactModel.Member) result[0]);
                rows.put(ModelType.RANDOM_FOREST, (Integer) result[1]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training the random forest", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("random forest training failed", e.getCause());
            }
        }
        Instant cutoff = queries.stream().map(QueryRows::time).max(Comparator.naturalOrder()).orElseThrow();
        int transactions = (int) queries.stream().mapToInt(QueryRows::transactionIndex).distinct().count();
        Map<ModelType, ImpactModel> out = new EnumMap<>(ModelType.class);
        for (ModelType t : types) {
            List<ImpactModel.Member> ms = t == ModelType.ENSEMBLE
                    ? List.of(members.get(ModelType.LOGISTIC), members.get(ModelType.RANDOM_FOREST))
                    : List.of(members.get(t));
            int n = t == ModelType.ENSEMBLE ? rows.get(ModelType.LOGISTIC) + rows.get(ModelType.RANDOM_FOREST)
                    : rows.get(t);
            out.put(t, new ImpactModel(ms, Calibrator.identity(), new ModelMetadata(id, t, settings.modelType(),
                    clock.instant(), cutoff, transactions, queries.size(), n, 0, Map.of(),
                    Calibrator.identity().method(), Double.NaN, Double.NaN, signature, ImpactModel.featureNames(ms),
                    settings.seed())));
        }
        return out;
    }

    private List<QueryRows> recentRows(List<QueryRows> queries, int maxRows) {
        List<QueryRows> out = new ArrayList<>();
        int rows = 0;
        for (int i = queries.size() - 1; i >= 0 && rows < maxRows; i--) {
            out.add(queries.get(i));
            rows += Math.min(queries.get(i).rows().size(), queries.get(i).positives() + settings.trainingNegatives());
        }
        java.util.Collections.reverse(out);
        return out;
    }

    private static boolean hasBothClasses(List<QueryRows> queries) {
        boolean pos = false;
        boolean neg = false;
        for (QueryRows q : queries) {
            for (CandidateRow r : q.rows()) {
                pos |= r.impacted();
                neg |= !r.impacted();
            }
        }
        return pos && neg;
    }

    private MutableDataset<Label> dataset(List<QueryRows> queries, double quantization, List<String> keep) {
        List<CandidateRow> rows = new ArrayList<>();
        for (QueryRows q : queries) {
            rows.addAll(q.trainingRows(settings.trainingNegatives(), settings.seed()));
        }
        long pos = rows.stream().filter(CandidateRow::impacted).count();
        long neg = rows.size() - pos;
        if (pos == 0 || neg == 0) {
            throw new InsufficientHistoryException(queries.size(), MIN_TRAINING_QUERIES);
        }
        // negatives keep their sampling weights relative to each other, rescaled to average 1
        double negWeight = rows.stream().filter(r -> !r.impacted()).mapToDouble(CandidateRow::weight).sum();
        double scale = neg / negWeight;
        float positiveWeight = settings.balanceClasses()
                ? (float) Math.max(1.0, Math.min(20.0, (double) neg / pos)) : 1f;
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("continuity-history", LABELS),
                LABELS);
        for (CandidateRow r : rows) {
            FeatureVector fv = ImpactModel.quantize(keep.isEmpty() ? r.features() : only(r.features(), keep),
                    quantization);
            ArrayExample<Label> ex = new ArrayExample<>(r.impacted() ? IMPACTED : UNAFFECTED, fv.names(), fv.values());
            ex.setWeight(r.impacted() ? positiveWeight : (float) (r.weight() * scale));
            ds.add(ex);
        }
        return ds;
    }

    /** The features whose names start with one of the prefixes (and the constant). */
    private static FeatureVector only(FeatureVector fv, List<String> prefixes) {
        String[] names = fv.names();
        double[] values = fv.values();
        String[] keptNames = new String[names.length];
        double[] keptValues = new double[names.length];
        int n = 0;
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            if (name.equals(FeaturePipeline.CONSTANT_FEATURE) || prefixes.stream().anyMatch(name::startsWith)) {
                keptNames[n] = name;
                keptValues[n] = values[i];
                n++;
            }
        }
        return FeatureVector.of(keptNames, keptValues, n);
    }

    private Model<Label> trainLogistic(MutableDataset<Label> data) {
        Trainer<Label> trainer = new LinearSGDTrainer(new LogMulticlass(),
                new AdaGrad(settings.logisticLearningRate(), 0.1), settings.logisticEpochs(), -1, 1, settings.seed());
        return trainer.train(data);
    }

    private Model<Label> trainForest(MutableDataset<Label> data) {
        Trainer<Label> trainer = new RandomForestTrainer<>(
                new CARTClassificationTrainer(settings.forestMaxDepth(), settings.forestMinChildWeight(), 0.0f,
                        settings.forestFeatureFraction(), false, new GiniIndex(), settings.seed()),
                new FullyWeightedVotingCombiner(), settings.forestTrees(), settings.seed());
        return trainer.train(data);
    }

}
