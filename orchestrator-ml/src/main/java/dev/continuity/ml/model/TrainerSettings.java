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

    /**
     * Rejects out-of-range values with an {@link IllegalArgumentException} naming the setting: counts below 1,
     * fractions outside (0, 1), a learning rate, feature fraction or child weight that is not positive, and a negative
     * or infinite quantization or calibration half-life; copies the lists.
     */
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

    /** {@return a builder starting from these settings} */
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

    /**
     * Builds {@link TrainerSettings}; the last value set wins. Values are checked by {@link #build()}; the defaults named
     * below are those of {@link TrainerSettings#defaults()}.
     */
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

        /**
         * The model to train, or {@link ModelType#AUTO} (the default) to choose on held-out MAP. Checked non-null by
         * {@link #build()}.
         */
        public Builder modelType(ModelType v) { modelType = v; return this; }
        /** The seed of negative sampling, SGD shuffling and tree bagging; 42 by default. */
        public Builder seed(long v) { seed = v; return this; }
        /** At least 1: negatives sampled per training query; 10 by default. */
        public Builder trainingNegatives(int v) { trainingNegatives = v; return this; }
        /**
         * In (0, 1): the latest share of the transactions held out (by time) to choose the model and fit the
         * calibrator; 0.25 by default.
         */
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        /**
         * At least 1: with fewer held-out queries, no model is chosen on them and no calibration is fitted; 10 by
         * default.
         */
        public Builder minValidationQueries(int v) { minValidationQueries = v; return this; }
        /** At least 1: the most held-out queries scored (the latest); 1,000 by default. */
        public Builder maxHeldOutQueries(int v) { maxHeldOutQueries = v; return this; }
        /** At least 1: only the most recent queries are used beyond this; 6,000 by default. */
        public Builder maxTrainingQueries(int v) { maxTrainingQueries = v; return this; }
        /** At least 1: SGD epochs of the logistic regression; 5 by default. */
        public Builder logisticEpochs(int v) { logisticEpochs = v; return this; }
        /**
         * At least 1: the logistic regression trains on the rows of the most recent queries up to this many; 40,000
         * by default.
         */
        public Builder logisticMaxRows(int v) { logisticMaxRows = v; return this; }
        /** Positive: the AdaGrad initial learning rate of the logistic regression; 0.5 by default. */
        public Builder logisticLearningRate(double v) { logisticLearningRate = v; return this; }
        /** At least 1: trees of the random forest; 40 by default. */
        public Builder forestTrees(int v) { forestTrees = v; return this; }
        /** At least 1: the maximum depth of a tree; 8 by default. */
        public Builder forestMaxDepth(int v) { forestMaxDepth = v; return this; }
        /** In (0, 1): the share of features considered at each split; 0.5 by default. */
        public Builder forestFeatureFraction(float v) { forestFeatureFraction = v; return this; }
        /** Positive: the minimum total example weight in a leaf; 3 by default. */
        public Builder forestMinChildWeight(float v) { forestMinChildWeight = v; return this; }
        /** At least 1: the forest trains on the rows of the most recent queries up to this many; 6,000 by default. */
        public Builder forestMaxRows(int v) { forestMaxRows = v; return this; }
        /** At least 0: the forest sees feature values rounded to multiples of this (0: exact); 0.25 by default. */
        public Builder forestQuantization(double v) { forestQuantization = v; return this; }
        /**
         * Whether positives are weighted so that both classes weigh the same in training (capped at 20x); on by
         * default.
         */
        public Builder balanceClasses(boolean v) { balanceClasses = v; return this; }
        /**
         * At least 1: with fewer held-out positives (or negatives), Platt scaling replaces isotonic regression; 100
         * by default.
         */
        public Builder minIsotonicPositives(int v) { minIsotonicPositives = v; return this; }
        /** At least 1: how many consecutive blocks the held-out part is split into when cross-fitting; 3 by default. */
        public Builder crossFitFolds(int v) { crossFitFolds = v; return this; }
        /** At least 1: cross-fitting is used with fewer usable queries than this; 2,000 by default. */
        public Builder crossFitBelowQueries(int v) { crossFitBelowQueries = v; return this; }
        /** In (0, 1): the latest share of transactions scored out-of-sample when cross-fitting; 0.5 by default. */
        public Builder crossFitFraction(double v) { crossFitFraction = v; return this; }
        /**
         * At least 1: with 2 or more the forest trains on a second thread beside the logistic regression; 2 by
         * default (1 on a single processor).
         */
        public Builder trainingThreads(int v) { trainingThreads = v; return this; }
        /**
         * Name prefixes of the features the logistic regression sees (empty: every feature); {@link
         * TrainerSettings#COMPACT_LOGISTIC_FEATURES} by default. Copied.
         */
        public Builder logisticFeatures(List<String> v) { logisticFeatures = List.copyOf(v); return this; }
        /**
         * At least 0: the calibration weight of a held-out query halves every this share of the held-out window (0:
         * equal weights); 0.25 by default.
         */
        public Builder calibrationHalfLife(double v) { calibrationHalfLife = v; return this; }
        /**
         * Features that mark strata calibrated apart, the first positive one deciding; {@link
         * TrainerSettings#DEFAULT_CALIBRATION_STRATA} by default. Copied.
         */
        public Builder calibrationStrata(List<String> v) { calibrationStrata = List.copyOf(v); return this; }

        /**
         * The settings.
         *
         * @return the settings
         * @throws IllegalArgumentException when a value is out of range (see {@link TrainerSettings#TrainerSettings})
         * @throws NullPointerException     when the model type is null
         */
        public TrainerSettings build() {
            return new TrainerSettings(modelType, seed, trainingNegatives, validationFraction, minValidationQueries,
                    maxHeldOutQueries, maxTrainingQueries, logisticEpochs, logisticMaxRows, logisticLearningRate, forestTrees,
                    forestMaxDepth, forestFeatureFraction, forestMinChildWeight, forestMaxRows, forestQuantization,
                    balanceClasses, minIsotonicPositives, crossFitFolds, crossFitBelowQueries, crossFitFraction,
                    trainingThreads, logisticFeatures, calibrationHalfLife, calibrationStrata);
        }
    }
}
