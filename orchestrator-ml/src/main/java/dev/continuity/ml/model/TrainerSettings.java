package dev.continuity.ml.model;

import java.util.List;
import java.util.Objects;

/**
 * How {@link ModelTrainer} trains, selects and calibrates.
 *
 * @param modelType              the model to train ({@link ModelType#AUTO}: choose on held-out MAP)
 * @param seed                   seed of negative sampling, SGD shuffling and tree bagging
 * @param trainingNegatives      negatives per training query (half of them related to the query when possible)
 * @param validationFraction     the latest share of the transactions held out (by time) to choose the model and fit
 *                               the calibrator
 * @param minValidationQueries   fewer held-out queries than this: no choice, no calibration (identity)
 * @param maxHeldOutQueries      at most this many held-out queries (the latest) are scored
 * @param maxTrainingQueries     only the most recent queries are used beyond this
 * @param logisticEpochs         SGD epochs of the logistic regression
 * @param logisticMaxRows        the logistic regression is trained on the rows of the most recent queries up to this
 *                               many rows
 * @param logisticLearningRate   AdaGrad initial learning rate
 * @param forestTrees            trees in the random forest
 * @param forestMaxDepth         maximum depth of a tree
 * @param forestFeatureFraction  share of features considered at each split
 * @param forestMinChildWeight   minimum total example weight in a leaf
 * @param forestMaxRows          the forest is trained on the rows of the most recent queries up to this many rows
 * @param forestQuantization     the forest sees feature values rounded to multiples of this (0: exact); Tribuo's CART
 *                               trains several times faster on a grid
 * @param balanceClasses         weight positives so both classes weigh the same in training (capped at 20x)
 * @param minIsotonicPositives   fewer held-out positives (or negatives) than this: Platt scaling instead of isotonic
 *                               regression (isotonic regression overfits small calibration sets)
 * @param crossFitFolds          when history is scarce, the held-out part is split into this many consecutive blocks,
 *                               each scored by models trained only on what precedes it (rolling origin)
 * @param crossFitBelowQueries   cross-fitting is used when there are fewer usable queries than this
 * @param crossFitFraction       the latest share of transactions scored out-of-sample when cross-fitting
 * @param trainingThreads        with 2 or more, the forest trains on a second thread beside the logistic regression
 * @param logisticFeatures       the logistic regression sees only the features whose names start with one of these
 *                               prefixes (empty: every feature); the forest always sees every feature
 * @param calibrationHalfLife    the calibrator is fitted with each held-out query weighted by recency: its weight halves
 *                               every this share of the held-out window's transactions (0: equal weights). A
 *                               project's history is not stationary (a first draft, then revisions), and confidences
 *                               must follow how the project changes now
 * @param calibrationStrata      features that mark a stratum of pairs calibrated apart (see {@link StratumCalibration}):
 *                               a pair whose value of the first of them is positive gets the stratum's positive rate
 *                               over the whole training history instead of the held-out window's calibration. Rare
 *                               changes (a rename, a markup sweep) seldom fall in the latest window, yet recur over a
 *                               project's life
 */
public record TrainerSettings(ModelType modelType, long seed, int trainingNegatives, double validationFraction,
                              int minValidationQueries, int maxHeldOutQueries, int maxTrainingQueries,
                              int logisticEpochs, int logisticMaxRows, double logisticLearningRate, int forestTrees,
                              int forestMaxDepth,
                              float forestFeatureFraction, float forestMinChildWeight, int forestMaxRows,
                              double forestQuantization, boolean balanceClasses, int minIsotonicPositives,
                              int crossFitFolds, int crossFitBelowQueries, double crossFitFraction,
                              int trainingThreads, List<String> logisticFeatures, double calibrationHalfLife,
                              List<String> calibrationStrata) {

    /**
     * One well-behaved measure per feature family, for the logistic regression: ROSE confidence, support and reverse
     * confidence (the co-change family has some twenty strongly correlated measures, which an unregularized logistic
     * regression overfits on a small history), the edit-propagation features, popularity share, recency, graph
     * distance, shared kind and folder, change magnitude and the author's own confidence.
     */
    public static final List<String> COMPACT_LOGISTIC_FEATURES = List.of("cc.conf.max", "cc.support.max_log",
            "cc.conf.reverse_max", "edit.", "pop.share", "rec.", "graph.distance_inv", "kind.same_", "mag.lines_log",
            "auth.conf.max");

    public TrainerSettings {
        Objects.requireNonNull(modelType, "modelType");
        positive("trainingNegatives", trainingNegatives);
        fraction("validationFraction", validationFraction);
        positive("minValidationQueries", minValidationQueries);
        positive("maxHeldOutQueries", maxHeldOutQueries);
        positive("maxTrainingQueries", maxTrainingQueries);
        positive("logisticEpochs", logisticEpochs);
        positive("logisticMaxRows", logisticMaxRows);
        if (!(logisticLearningRate > 0)) {
            throw new IllegalArgumentException("logisticLearningRate must be > 0, got " + logisticLearningRate);
        }
        positive("forestTrees", forestTrees);
        positive("forestMaxDepth", forestMaxDepth);
        if (!(forestFeatureFraction > 0 && forestFeatureFraction < 1)) {
            throw new IllegalArgumentException("forestFeatureFraction must be in (0, 1), got " + forestFeatureFraction);
        }
        if (!(forestMinChildWeight > 0)) {
            throw new IllegalArgumentException("forestMinChildWeight must be > 0, got " + forestMinChildWeight);
        }
        positive("forestMaxRows", forestMaxRows);
        if (!(forestQuantization >= 0) || !Double.isFinite(forestQuantization)) {
            throw new IllegalArgumentException("forestQuantization must be >= 0, got " + forestQuantization);
        }
        positive("minIsotonicPositives", minIsotonicPositives);
        positive("crossFitFolds", crossFitFolds);
        positive("crossFitBelowQueries", crossFitBelowQueries);
        fraction("crossFitFraction", crossFitFraction);
        positive("trainingThreads", trainingThreads);
        logisticFeatures = List.copyOf(logisticFeatures);
        if (!(calibrationHalfLife >= 0) || !Double.isFinite(calibrationHalfLife)) {
            throw new IllegalArgumentException("calibrationHalfLife must be >= 0, got " + calibrationHalfLife);
        }
        calibrationStrata = List.copyOf(calibrationStrata);
    }

    /** The stratum calibrated apart by default: pairs with sweep evidence ({@code edit.sweep}). */
    public static final List<String> DEFAULT_CALIBRATION_STRATA = List.of("edit.sweep");

    /**
     * Defaults: AUTO, seed 42, 10 negatives per query, 25% held out (3 rolling folds over the last 50% when there are
     * fewer than 2,000 queries; at most 1,000 held-out queries; the latest 6,000 queries in all), logistic regression
     * 5 epochs on at most 40,000 rows,
     * 40 trees of depth 8 on at most 6,000 rows quantized to 1/4 (trained on a second thread when there are two or
     * more processors), isotonic calibration from 100 held-out positives, the calibration weights halving every quarter
     * of the held-out window, pairs with sweep evidence ({@code edit.sweep}) calibrated apart.
     */
    public static TrainerSettings defaults() {
        return new TrainerSettings(ModelType.AUTO, 42L, 10, 0.25, 10, 1_000, 6_000, 5, 40_000, 0.5, 40, 8, 0.5f,
                3f, 6_000, 0.25, true, 100, 3, 2_000, 0.5, Math.min(2, Runtime.getRuntime().availableProcessors()),
                COMPACT_LOGISTIC_FEATURES, 0.25, DEFAULT_CALIBRATION_STRATA);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    private static void fraction(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), got " + value);
        }
    }

    /** Builds {@link TrainerSettings}; the last value set wins. */
    public static final class Builder {
        private ModelType modelType;
        private long seed;
        private int trainingNegatives;
        private double validationFraction;
        private int minValidationQueries;
        private int maxHeldOutQueries;
        private int maxTrainingQueries;
        private int logisticEpochs;
        private int logisticMaxRows;
        private double logisticLearningRate;
        private int forestTrees;
        private int forestMaxDepth;
        private float forestFeatureFraction;
        private float forestMinChildWeight;
        private int forestMaxRows;
        private double forestQuantization;
        private boolean balanceClasses;
        private int minIsotonicPositives;
        private int crossFitFolds;
        private int crossFitBelowQueries;
        private double crossFitFraction;
        private int trainingThreads;
        private List<String> logisticFeatures;
        private double calibrationHalfLife;
        private List<String> calibrationStrata;

        private Builder(TrainerSettings s) {
            modelType = s.modelType;
            seed = s.seed;
            trainingNegatives = s.trainingNegatives;
            validationFraction = s.validationFraction;
            minValidationQueries = s.minValidationQueries;
            maxHeldOutQueries = s.maxHeldOutQueries;
            maxTrainingQueries = s.maxTrainingQueries;
            logisticEpochs = s.logisticEpochs;
            logisticMaxRows = s.logisticMaxRows;
            logisticLearningRate = s.logisticLearningRate;
            forestTrees = s.forestTrees;
            forestMaxDepth = s.forestMaxDepth;
            forestFeatureFraction = s.forestFeatureFraction;
            forestMinChildWeight = s.forestMinChildWeight;
            forestMaxRows = s.forestMaxRows;
            forestQuantization = s.forestQuantization;
            balanceClasses = s.balanceClasses;
            minIsotonicPositives = s.minIsotonicPositives;
            crossFitFolds = s.crossFitFolds;
            crossFitBelowQueries = s.crossFitBelowQueries;
            crossFitFraction = s.crossFitFraction;
            trainingThreads = s.trainingThreads;
            logisticFeatures = s.logisticFeatures;
            calibrationHalfLife = s.calibrationHalfLife;
            calibrationStrata = s.calibrationStrata;
        }

        public Builder modelType(ModelType v) { modelType = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder trainingNegatives(int v) { trainingNegatives = v; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder minValidationQueries(int v) { minValidationQueries = v; return this; }
        public Builder maxHeldOutQueries(int v) { maxHeldOutQueries = v; return this; }
        public Builder maxTrainingQueries(int v) { maxTrainingQueries = v; return this; }
        public Builder logisticEpochs(int v) { logisticEpochs = v; return this; }
        public Builder logisticMaxRows(int v) { logisticMaxRows = v; return this; }
        public Builder logisticLearningRate(double v) { logisticLearningRate = v; return this; }
        public Builder forestTrees(int v) { forestTrees = v; return this; }
        public Builder forestMaxDepth(int v) { forestMaxDepth = v; return this; }
        public Builder forestFeatureFraction(float v) { forestFeatureFraction = v; return this; }
        public Builder forestMinChildWeight(float v) { forestMinChildWeight = v; return this; }
        public Builder forestMaxRows(int v) { forestMaxRows = v; return this; }
        public Builder forestQuantization(double v) { forestQuantization = v; return this; }
        public Builder balanceClasses(boolean v) { balanceClasses = v; return this; }
        public Builder minIsotonicPositives(int v) { minIsotonicPositives = v; return this; }
        public Builder crossFitFolds(int v) { crossFitFolds = v; return this; }
        public Builder crossFitBelowQueries(int v) { crossFitBelowQueries = v; return this; }
        public Builder crossFitFraction(double v) { crossFitFraction = v; return this; }
        public Builder trainingThreads(int v) { trainingThreads = v; return this; }
        public Builder logisticFeatures(List<String> v) { logisticFeatures = List.copyOf(v); return this; }
        public Builder calibrationHalfLife(double v) { calibrationHalfLife = v; return this; }
        public Builder calibrationStrata(List<String> v) { calibrationStrata = List.copyOf(v); return this; }

        public TrainerSettings build() {
            return new TrainerSettings(modelType, seed, trainingNegatives, validationFraction, minValidationQueries,
                    maxHeldOutQueries, maxTrainingQueries, logisticEpochs, logisticMaxRows, logisticLearningRate, forestTrees,
                    forestMaxDepth, forestFeatureFraction, forestMinChildWeight, forestMaxRows, forestQuantization,
                    balanceClasses, minIsotonicPositives, crossFitFolds, crossFitBelowQueries, crossFitFraction,
                    trainingThreads, logisticFeatures, calibrationHalfLife, calibrationStrata);
        }
    }
}
