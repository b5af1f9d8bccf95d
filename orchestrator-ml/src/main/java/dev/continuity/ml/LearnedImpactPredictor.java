package dev.continuity.ml;

import dev.continuity.ml.features.ChangeQuery;
import dev.continuity.ml.features.EditSource;
import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.features.FeatureVector;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.features.QueryContext;
import dev.continuity.ml.history.CoChangeIndex;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.history.HistoryStore;
import dev.continuity.ml.history.RecordSource;
import dev.continuity.ml.history.UpdateHistoryRecord;
import dev.continuity.ml.model.FeatureContribution;
import dev.continuity.ml.model.HistoryWalker;
import dev.continuity.ml.model.ImpactModel;
import dev.continuity.ml.model.InsufficientHistoryException;
import dev.continuity.ml.model.ModelType;
import dev.continuity.ml.model.ModelMetadata;
import dev.continuity.ml.model.ModelStore;
import dev.continuity.ml.model.ModelStoreException;
import dev.continuity.ml.model.ModelTrainer;
import dev.continuity.ml.model.QueryRowBuilder;
import dev.continuity.ml.model.RankingMath;
import dev.continuity.ml.model.StratumCalibration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Learned impact prediction for one project: keeps the history ({@code .continuity/history.jsonl}) and its
 * co-change index, trains and stores the model ({@code .continuity/models/}), predicts ranked candidates with
 * calibrated confidences and explanations, records outcomes and retrains by policy.
 *
 * <pre>{@code
 * LearnedImpactPredictor predictor = LearnedImpactPredictor.builder(projectRoot)
 *         .options(MlOptions.builder().modelType(ModelType.AUTO).confidenceThreshold(0.6).build())
 *         .build();
 * predictor.importHistory(new GitHistoryMiner(GitMiningOptions.including(".*\\.md")).mine(projectRoot).records());
 * TrainingReport report = predictor.retrain();
 * ImpactPrediction p = predictor.predict(ChangeQuery.of(OffsetDateTime.now(), "plot/outline.md"), candidates);
 * }</pre>
 *
 * <p>Thread-safe: predictions run concurrently; recording and training are exclusive.
 */
public final class LearnedImpactPredictor {

    private static final Logger LOG = LoggerFactory.getLogger(LearnedImpactPredictor.class);

    private final MlOptions options;
    private final FeaturePipeline pipeline;
    private final InstantSource clock;
    private final Supplier<LinkGraph> trainingGraph;
    private final Supplier<EditSource> trainingEdits;
    private final HistoryStore historyStore;
    private final ModelStore modelStore;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong modelCounter = new AtomicLong();
    private static final long PROCESS = ProcessHandle.current().pid();
    private final List<UpdateHistoryRecord> history = new ArrayList<>();
    private CoChangeIndex index;
    private ImpactModel model;
    private int runsSinceTraining;
    private ModelType requestedType;
    private final List<Double> recentAps = new ArrayList<>();
    private final Optional<HistoryStore.Repair> historyRepair;

    private LearnedImpactPredictor(Builder b) {
        this.options = b.options;
        this.pipeline = b.pipeline;
        this.clock = b.clock;
        this.trainingGraph = b.trainingGraph;
        this.trainingEdits = b.trainingEdits;
        this.requestedType = b.options.modelType();
        this.historyStore = HistoryStore.forProject(b.projectRoot);
        this.modelStore = ModelStore.forProject(b.projectRoot);
        this.index = newIndex();
        this.historyRepair = historyStore.repair();
        historyRepair.ifPresent(r -> LOG.warn("{}", r.describe()));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (UpdateHistoryRecord r : HistoryWalker.timeOrdered(historyStore.readAll())) {
            if (seen.add(r.id())) {        // two processes that mined the same log at once appended it twice
                history.add(r);
                index.add(r);
            }
        }
        try {
            this.model = modelStore.loadCurrent(pipeline.signature()).orElse(null);
        } catch (ModelStoreException e) {
            LOG.warn("ignoring the stored impact model; it will be retrained: {}", e.getMessage());
            this.model = null;
        }
        if (model != null) {
            // the policy counts across processes: a CLI command is one, and would otherwise start from zero each time
            modelStore.loadSinceTraining(model.metadata().id()).ifPresent(since -> {
                runsSinceTraining = since.runs();
                recentAps.addAll(since.aps());
            });
        }
    }

    /** A builder for the project rooted at {@code projectRoot}. */
    public static Builder builder(Path projectRoot) {
        return new Builder(projectRoot);
    }

    /** The options. */
    public MlOptions options() {
        return options;
    }

    /** The current model's metadata, if a model is trained. */
    public Optional<ModelMetadata> model() {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(model).map(ImpactModel::metadata);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * What was repaired in the history file when this predictor read it: damaged lines (a torn last line after a
     * crash, a line that fails its checksum) are set aside, and the file as it was is kept beside it
     * ({@link HistoryStore#repair()}). Empty when the history was sound.
     */
    public Optional<HistoryStore.Repair> historyRepair() {
        return historyRepair;
    }

    /** Number of history records mined from git. */
    public int gitRecordCount() {
        lock.readLock().lock();
        try {
            return (int) history.stream().filter(r -> r.source() == RecordSource.GIT).count();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of history records. */
    public int historySize() {
        lock.readLock().lock();
        try {
            return history.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Ranks the candidates of a change. The query's files are never candidates of themselves.
     *
     * @param query      the change
     * @param candidates the files that could be impacted (typically every project file)
     */
    public ImpactPrediction predict(ChangeQuery query, Collection<String> candidates) {
        lock.readLock().lock();
        try {
            return predictLocked(query, candidates);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Appends history records (e.g. mined from git) and updates the co-change index. No training. A record whose id the
     * history already holds (a commit mined before) is left out.
     */
    public void importHistory(List<UpdateHistoryRecord> records) {
        lock.writeLock().lock();
        try {
            java.util.Set<String> known = new java.util.HashSet<>();
            history.forEach(r -> known.add(r.id()));
            records = records.stream().filter(r -> known.add(r.id())).toList();     // a record already held is not added again
            historyStore.appendAll(records);
            for (UpdateHistoryRecord r : HistoryWalker.timeOrdered(records)) {
                history.add(r);
                index.add(r);
            }
            if (!records.isEmpty() && isOutOfOrder()) {
                history.sort(Comparator.comparing(r -> r.time().toInstant()));
                rebuildIndex();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Drops the records mined from the git commits {@code gone} names (commits no longer in the repository's history:
     * amended, rebased or reset away), from the history file and the co-change index, so that a rewritten commit is not
     * counted twice. No training.
     *
     * @return the number of records dropped
     */
    public int forgetCommits(java.util.function.Predicate<String> gone) {
        java.util.function.Predicate<UpdateHistoryRecord> drop = r -> r.source() == RecordSource.GIT
                && r.commit().filter(gone).isPresent();
        lock.writeLock().lock();
        try {
            int before = history.size();
            if (!history.removeIf(drop)) {
                return 0;
            }
            historyStore.retain(drop.negate());
            rebuildIndex();
            return before - history.size();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Trains a model on the whole history, saves it and makes it current.
     *
     * @throws InsufficientHistoryException when the history has too few multi-file transactions
     */
    public TrainingReport retrain() {
        lock.writeLock().lock();
        try {
            return retrainLocked();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Trains a model of the given type on the whole history, saves it and makes it current; later retrainings (by the
     * retraining policy) keep that type. {@link ModelType#AUTO} chooses on held-out history.
     *
     * @throws InsufficientHistoryException when the history has too few multi-file transactions
     */
    public TrainingReport retrain(ModelType type) {
        Objects.requireNonNull(type, "type");
        lock.writeLock().lock();
        try {
            requestedType = type;
            Optional<TrainingReport> stored = reuseLocked(type);
            return stored.isPresent() ? stored.get() : retrainLocked();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The stored model of {@code type} trained on exactly this history, made current instead of training again (a
     * switch of model type and back, from {@code impact --model} say, costs a training only once per history).
     */
    private Optional<TrainingReport> reuseLocked(ModelType type) {
        // a training's cutoff is the time of its latest query, from the latest transaction of two files or more
        Optional<Instant> latest = history.stream().filter(r -> r.transactionFiles().size() >= 2)
                .map(r -> r.time().toInstant()).max(Comparator.naturalOrder());
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Instant cutoff = latest.get();
        Optional<ImpactModel> stored;
        try {
            stored = modelStore.findTrained(type, cutoff, pipeline.signature());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        ModelMetadata meta = stored.get().metadata();
        try {
            modelStore.makeCurrent(meta.id());
        } catch (UncheckedIOException e) {
            LOG.warn("{}", e.getMessage());
        }
        model = stored.get();
        runsSinceTraining = 0;
        recentAps.clear();
        List<LearningInsight> insights = List.of(new LearningInsight(LearningInsight.Kind.DATA, "reused the stored " + type
                + " model " + meta.id() + ", trained on the same history", 0));
        return Optional.of(new TrainingReport(meta, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), 0,
                insights, Duration.ZERO));
    }

    /** The model type trainings ask for: the options' at first, then the last one {@link #retrain(ModelType)} got. */
    public ModelType requestedType() {
        lock.readLock().lock();
        try {
            return requestedType;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Records a run's outcome: measures the current model on it (before learning from it), appends it to the
     * history, updates the index, and retrains when the policy says so and online learning is on.
     */
    public OutcomeReport recordOutcome(UpdateHistoryRecord record) {
        return recordOutcome(record, options.onlineLearning());
    }

    /**
     * As {@link #recordOutcome(UpdateHistoryRecord)}, with online learning for this outcome given by the caller: when
     * {@code learn} is false the outcome is measured and appended to the history (so it counts when learning is turned
     * back on) but never triggers a retraining.
     */
    public OutcomeReport recordOutcome(UpdateHistoryRecord record, boolean learn) {
        return recordOutcome(record, learn, options.anomalySensitivity());
    }

    /**
     * As {@link #recordOutcome(UpdateHistoryRecord, boolean)}, judging the outcome's anomalies with the given
     * sensitivity instead of {@link MlOptions#anomalySensitivity()} (a request's
     * {@code MLConfiguration.anomalyDetectionSensitivity()}, for instance).
     *
     * @param record               the run's outcome
     * @param learn                whether this outcome may trigger a retraining
     * @param anomalySensitivity   in [0, 1]: a file that really changed with a calibrated confidence below half of it,
     *                             or a file that did not change with a confidence of at least one minus half of it, is
     *                             an anomaly; 0 reports none
     * @return what was measured and learned
     * @throws IllegalArgumentException when {@code anomalySensitivity} is outside [0, 1]
     */
    public OutcomeReport recordOutcome(UpdateHistoryRecord record, boolean learn, double anomalySensitivity) {
        if (!(anomalySensitivity >= 0 && anomalySensitivity <= 1)) {
            throw new IllegalArgumentException("anomalySensitivity must be in [0, 1], got " + anomalySensitivity);
        }
        lock.writeLock().lock();
        try {
            List<LearningInsight> insights = new ArrayList<>();
            double ap = Double.NaN;
            List<String> unexpected = new ArrayList<>();
            List<String> missed = new ArrayList<>();
            if (model != null) {
                List<String> queryFiles = record.changedFiles().stream().map(ChangedFile::path).toList();
                Set<String> candidates = new LinkedHashSet<>(index.existingFiles());
                queryFiles.forEach(candidates::remove);
                Set<String> expected = new LinkedHashSet<>(record.source() == RecordSource.GIT
                        ? record.transactionFiles() : new LinkedHashSet<>(record.affectedFiles()));
                queryFiles.forEach(expected::remove);
                expected.retainAll(candidates);
                if (!queryFiles.isEmpty() && !candidates.isEmpty()) {
                    ImpactPrediction p = predictLocked(new ChangeQuery(record.changedFiles(), record.author(),
                            record.time(), trainingGraph.get()), candidates);
                    double s = anomalySensitivity;
                    for (RankedCandidate c : p.ranked()) {
                        if (expected.contains(c.file()) && c.confidence() < s / 2) {
                            unexpected.add(c.file());
                        } else if (!expected.contains(c.file()) && s > 0 && c.confidence() >= 1 - s / 2) {
                            missed.add(c.file());
                        }
                    }
                    if (!expected.isEmpty()) {
                        ap = RankingMath.averagePrecision(p.ranked().stream().map(RankedCandidate::file).toList(),
                                expected);
                        recentAps.add(ap);
                    }
                    if (!unexpected.isEmpty() || !missed.isEmpty()) {
                        insights.add(new LearningInsight(LearningInsight.Kind.ANOMALY, unexpected.size()
                                + " unexpected change(s) and " + missed.size() + " missed prediction(s) in run "
                                + record.id(), unexpected.size() + missed.size()));
                    }
                }
            }
            historyStore.append(record);
            history.add(record);
            if (isOutOfOrder()) {
                history.sort(Comparator.comparing(r -> r.time().toInstant()));
                rebuildIndex();
            } else {
                index.add(record);
            }
            runsSinceTraining++;
            double recent = recentAps.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double heldOut = model == null ? Double.NaN : model.metadata().chosenValidationMap();
            RetrainingPolicy.Decision decision = options.retraining().decide(model != null, runsSinceTraining,
                    heldOut, recent, recentAps.size());
            if (Double.isFinite(recent)) {
                insights.add(new LearningInsight(LearningInsight.Kind.DRIFT, String.format(
                        "MAP on %d run(s) since training %.3f vs held-out MAP %.3f at training", recentAps.size(),
                        recent, heldOut), recent - heldOut));
            }
            Optional<TrainingReport> retrained = Optional.empty();
            if (learn && decision != RetrainingPolicy.Decision.NOT_DUE) {
                try {
                    retrained = Optional.of(retrainLocked());
                } catch (InsufficientHistoryException e) {
                    insights.add(new LearningInsight(LearningInsight.Kind.DATA, e.getMessage(), e.queries()));
                }
            }
            if (model != null) {
                try {
                    modelStore.saveSinceTraining(new ModelStore.SinceTraining(model.metadata().id(), runsSinceTraining,
                            recentAps));
                } catch (UncheckedIOException e) {
                    LOG.warn("the retraining policy's counts are not kept: {}", e.getMessage());
                }
            }
            return new OutcomeReport(ap, unexpected, missed, decision, retrained, insights);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private ImpactPrediction predictLocked(ChangeQuery query, Collection<String> candidates) {
        Set<String> pool = new LinkedHashSet<>(candidates);
        query.files().forEach(pool::remove);
        QueryContext ctx = new QueryContext(query, index);
        List<String> files = new ArrayList<>(pool);
        ImpactModel m = model;
        if (m == null) {
            Map<String, CoChangeIndex.Rule> rules = ctx.tarmaqRules();
            List<RankedCandidate> ranked = new ArrayList<>();
            for (String f : files) {
                CoChangeIndex.Rule r = rules.get(f);
                double conf = r == null ? 0.0 : r.confidence();
                ranked.add(new RankedCandidate(f, conf, conf, r == null ? List.of()
                        : List.of(new FeatureContribution("cochange.rule_confidence", conf, conf))));
            }
            ranked.sort(ORDER);
            return new ImpactPrediction(ranked, options.confidenceThreshold(), PredictionSource.COCHANGE_FALLBACK,
                    Optional.empty());
        }
        List<FeatureVector> vectors = new ArrayList<>(files.size());
        for (String f : files) {
            vectors.add(pipeline.extract(ctx, f));
        }
        double[] raw = vectors.isEmpty() ? new double[0] : m.rawScores(vectors);
        List<Integer> order = new ArrayList<>();
        List<RankedCandidate> ranked = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            ranked.add(new RankedCandidate(files.get(i), m.confidence(vectors.get(i), raw[i]), raw[i], List.of()));
            order.add(i);
        }
        order.sort((a, b) -> ORDER.compare(ranked.get(a), ranked.get(b)));
        List<RankedCandidate> out = new ArrayList<>(ranked.size());
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            RankedCandidate c = ranked.get(i);
            if (k < options.explainTop() && options.explanationSize() > 0) {
                c = new RankedCandidate(c.file(), c.confidence(), c.rawScore(),
                        m.explain(vectors.get(i), options.explanationSize()));
            }
            out.add(c);
        }
        return new ImpactPrediction(out, options.confidenceThreshold(), PredictionSource.MODEL,
                Optional.of(m.metadata().id()));
    }

    private static final Comparator<RankedCandidate> ORDER = Comparator
            .comparingDouble((RankedCandidate c) -> -c.confidence())
            .thenComparingDouble(c -> -c.rawScore())
            .thenComparing(RankedCandidate::file);

    private TrainingReport retrainLocked() {
        long started = System.nanoTime();
        ModelTrainer trainer = new ModelTrainer(options.trainerSettings().toBuilder().modelType(requestedType).build(),
                clock);
        QueryRowBuilder builder = new QueryRowBuilder(pipeline, options.validationCandidateCap(),
                options.trainingNegatives(), options.seed());
        LinkGraph graph = trainingGraph.get();
        HistoryWalker.Result walk;
        try (EditSource edits = trainingEdits.get()) {
            // the repository's history is read on a second thread, ahead of the rows
            walk = HistoryWalker.walk(history, indexOptions(), builder, r -> graph, edits,
                Math.min(0.9, Math.max(trainer.settings().validationFraction(), trainer.settings().crossFitFraction())
                        + 0.05), trainer.settings().maxHeldOutQueries(), trainer.settings().maxTrainingQueries(),
                options.maxQueriesPerTransaction());
        }
        String id;
        do {
            // the process id too: two processes that start training in the same millisecond save to different folders
            id = "impact-" + clock.instant().toEpochMilli() + "-" + PROCESS + "-" + modelCounter.incrementAndGet();
        } while (modelStore.contains(id));
        ModelTrainer.Result result = trainer.fit(walk.queries(), pipeline.signature(), id);
        ImpactModel previous = model;
        List<LearningInsight> insights = new ArrayList<>();
        ModelMetadata meta = result.model().metadata();
        if (meta.validationMap().isEmpty()) {
            insights.add(new LearningInsight(LearningInsight.Kind.DATA, "too little held-out history to choose and "
                    + "calibrate: trained " + meta.type() + " uncalibrated", meta.validationQueries()));
        } else {
            insights.add(new LearningInsight(LearningInsight.Kind.MODEL_CHOICE, "chose " + meta.type()
                    + " by validation MAP " + formatMaps(meta.validationMap()) + " on " + meta.validationQueries()
                    + " held-out queries", meta.chosenValidationMap()));
            insights.add(new LearningInsight(LearningInsight.Kind.CALIBRATION, String.format(
                    "%s calibration: ECE %.3f, Brier %.3f on the held-out rows it was fitted on",
                    meta.calibrationMethod(), meta.validationEce(), meta.validationBrier()), meta.validationEce()));
            for (StratumCalibration s : result.model().strata()) {
                insights.add(new LearningInsight(LearningInsight.Kind.CALIBRATION, String.format(
                        "pairs with %s calibrated apart: they changed together at a rate of %.2f over %d transactions "
                                + "(%d pairs), their confidence shifted by %+.2f log-odds", s.feature(), s.rate(),
                        s.transactions(), s.pairs(), s.shift()), s.rate()));
            }
        }
        result.model().topFeatures(3).forEach((feature, weight) -> insights.add(new LearningInsight(
                LearningInsight.Kind.TOP_FEATURE, "feature " + feature + " weighs " + String.format("%.3f", weight),
                weight)));
        OptionalDouble prevMap = OptionalDouble.empty();
        OptionalDouble newMap = OptionalDouble.empty();
        OptionalDouble improvement = OptionalDouble.empty();
        int comparison = 0;
        if (previous != null) {
            Instant prevCutoff = previous.metadata().historyCutoff();
            List<ModelTrainer.ScoredQuery> unseen = result.heldOut().stream()
                    .filter(q -> q.query().time().isAfter(prevCutoff)).toList();
            comparison = unseen.size();
            if (!unseen.isEmpty()) {
                double before = ModelTrainer.meanAveragePrecision(previous,
                        unseen.stream().map(ModelTrainer.ScoredQuery::query).toList());
                double after = result.heldOutMap(prevCutoff);
                prevMap = OptionalDouble.of(before);
                newMap = OptionalDouble.of(after);
                improvement = OptionalDouble.of(after - before);
                insights.add(new LearningInsight(LearningInsight.Kind.MODEL_IMPROVEMENT, String.format(
                        "held-out MAP %.4f -> %.4f (%+.4f) on %d queries after the previous model's history cutoff, "
                                + "scored out-of-sample by the new model type", before, after, after - before,
                        unseen.size()), after - before));
            } else {
                insights.add(new LearningInsight(LearningInsight.Kind.DATA, "model improvement not measurable: no "
                        + "held-out query after the previous model's history cutoff", 0));
            }
        }
        model = result.model();
        runsSinceTraining = 0;
        recentAps.clear();
        try {
            modelStore.save(result.model());
        } catch (UncheckedIOException e) {
            // the model stands for this process; the next one, which cannot load it, trains again
            LOG.warn("the impact model {} is used but not kept: {}", meta.id(), e.getMessage());
            insights.add(new LearningInsight(LearningInsight.Kind.DATA, "the model " + meta.id() + " could not be saved in "
                    + modelStore.directory() + ": " + e.getMessage(), 0));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return new TrainingReport(meta, prevMap, newMap, improvement, comparison, insights, elapsed);
    }

    private static String formatMaps(Map<String, Double> maps) {
        StringBuilder sb = new StringBuilder("(");
        maps.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(' ')
                .append(String.format("%.4f", v)));
        return sb.append(')').toString();
    }

    private boolean isOutOfOrder() {
        for (int i = 1; i < history.size(); i++) {
            if (history.get(i).time().toInstant().isBefore(history.get(i - 1).time().toInstant())) {
                return true;
            }
        }
        return false;
    }

    private void rebuildIndex() {
        index = newIndex();
        history.forEach(index::add);
    }

    private CoChangeIndex newIndex() {
        return new CoChangeIndex(indexOptions());
    }

    private CoChangeIndex.Options indexOptions() {
        return new CoChangeIndex.Options(options.maxTransactionFiles(), options.recencyHalfLife());
    }

    /** Builds a {@link LearnedImpactPredictor}; reading the history happens in {@link #build()}. */
    public static final class Builder {
        private final Path projectRoot;
        private MlOptions options = MlOptions.defaults();
        private FeaturePipeline pipeline = FeaturePipeline.defaults();
        private InstantSource clock = InstantSource.system();
        private Supplier<LinkGraph> trainingGraph = LinkGraph::empty;
        private Supplier<EditSource> trainingEdits = EditSource::none;

        private Builder(Path projectRoot) {
            this.projectRoot = Objects.requireNonNull(projectRoot, "projectRoot");
        }

        /** The learning options; {@link MlOptions#defaults()} by default. Not null. */
        public Builder options(MlOptions v) { options = Objects.requireNonNull(v, "options"); return this; }
        /**
         * The feature extractors of training and prediction; {@link FeaturePipeline#defaults()} by default. A stored
         * model trained with other features is not used (it is retrained). Not null.
         */
        public Builder features(FeaturePipeline v) { pipeline = Objects.requireNonNull(v, "features"); return this; }
        /** The clock that stamps trained models (their ids and training times); the system clock by default. Not null. */
        public Builder clock(InstantSource v) { clock = Objects.requireNonNull(v, "clock"); return this; }

        /**
         * Where training finds the edit evidence of past transactions (opened for each training, then closed); by
         * default none, and the edit-propagation features are absent from training.
         */
        public Builder trainingEdits(Supplier<EditSource> v) {
            trainingEdits = Objects.requireNonNull(v, "trainingEdits");
            return this;
        }

        /**
         * The link graph used for the graph features of historical transactions during training (the current graph
         * stands in for the past ones; the evaluation uses each commit's own graph instead).
         */
        public Builder trainingLinkGraph(Supplier<LinkGraph> v) {
            trainingGraph = Objects.requireNonNull(v, "trainingLinkGraph");
            return this;
        }

        /**
         * Reads the history and the current model.
         *
         * @throws dev.continuity.ml.history.HistoryCorruptionException when the history file is corrupt
         */
        public LearnedImpactPredictor build() {
            return new LearnedImpactPredictor(this);
        }
    }
}
