package dev.continuity.ml;

import dev.continuity.ml.model.ModelType;
import dev.continuity.ml.model.TrainerSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of learned impact prediction (the library's {@code MLConfiguration} maps onto this).
 *
 * @param modelType              which model: logistic, random forest, ensemble, or AUTO (chosen on validation)
 * @param confidenceThreshold    candidates with a calibrated confidence at or above this are "predicted"
 * @param onlineLearning         whether recorded runs may trigger retraining (the co-change index is always
 *                               updated: it is history, not the model)
 * @param anomalySensitivity     in [0, 1]: a file that really changed with a calibrated confidence below
 *                               {@code sensitivity / 2} is reported as unexpected, and a file predicted with a
 *                               confidence of at least {@code 1 - sensitivity / 2} that did not change as missed;
 *                               0 reports nothing
 * @param retraining             when to retrain
 * @param seed                   seed of every random choice (sampling, SGD, bagging)
 * @param explanationSize        contributing features reported per candidate
 * @param explainTop             how many of the best-ranked candidates get an explanation
 * @param maxQueriesPerTransaction training queries taken from one transaction at most
 * @param validationCandidateCap candidate rows per held-out query at most (beyond: weighted sample)
 * @param trainingNegatives      sampled negatives per training query
 * @param forestTrees            trees of the random forest
 * @param recencyHalfLife        half-life of recency-weighted co-change support
 * @param maxTransactionFiles    transactions with more files do not count as co-changes
 */
public record MlOptions(ModelType modelType, double confidenceThreshold, boolean onlineLearning,
                        double anomalySensitivity, RetrainingPolicy retraining, long seed, int explanationSize,
                        int explainTop, int maxQueriesPerTransaction, int validationCandidateCap,
                        int trainingNegatives, int forestTrees, Duration recencyHalfLife, int maxTransactionFiles) {

    /**
     * Rejects invalid values with one {@link IllegalArgumentException} listing every problem: a null model type,
     * retraining policy or half-life, a threshold or sensitivity outside [0, 1], a negative explanation size or
     * {@code explainTop}, fewer than 1 query per transaction, training negative or tree, a validation cap below 2, a
     * half-life that is not positive and fewer than 2 files per transaction.
     */
    public MlOptions {
        List<String> errors = new ArrayList<>();
        if (modelType == null) {
            errors.add("modelType must not be null");
        }
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            errors.add("confidenceThreshold must be in [0, 1], got " + confidenceThreshold);
        }
        if (!(anomalySensitivity >= 0 && anomalySensitivity <= 1)) {
            errors.add("anomalySensitivity must be in [0, 1], got " + anomalySensitivity);
        }
        if (retraining == null) {
            errors.add("retraining must not be null");
        }
        if (explanationSize < 0) {
            errors.add("explanationSize must be >= 0, got " + explanationSize);
        }
        if (explainTop < 0) {
            errors.add("explainTop must be >= 0, got " + explainTop);
        }
        if (maxQueriesPerTransaction < 1) {
            errors.add("maxQueriesPerTransaction must be >= 1, got " + maxQueriesPerTransaction);
        }
        if (validationCandidateCap < 2) {
            errors.add("validationCandidateCap must be >= 2, got " + validationCandidateCap);
        }
        if (trainingNegatives < 1) {
            errors.add("trainingNegatives must be >= 1, got " + trainingNegatives);
        }
        if (forestTrees < 1) {
            errors.add("forestTrees must be >= 1, got " + forestTrees);
        }
        if (recencyHalfLife == null || recencyHalfLife.isNegative() || recencyHalfLife.isZero()) {
            errors.add("recencyHalfLife must be positive, got " + recencyHalfLife);
        }
        if (maxTransactionFiles < 2) {
            errors.add("maxTransactionFiles must be >= 2, got " + maxTransactionFiles);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid ML options: " + String.join("; ", errors));
        }
    }

    /**
     * {@return the defaults: AUTO model, threshold 0.5, online learning on, sensitivity 0.5, default retraining, seed 42,
     * 5 features explained for the top 20 candidates, 5 queries per transaction, 60 validation candidates per query, 10
     * training negatives, 40 trees, a co-change half-life of 180 days and transactions of at most 30 files}
     */
    public static MlOptions defaults() {
        return new Builder().build();
    }

    /** {@return a builder starting from the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder starting from these options} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * {@return the trainer settings these options imply: {@link TrainerSettings#defaults()} with this model type, seed,
     * number of training negatives and number of trees}
     */
    public TrainerSettings trainerSettings() {
        return TrainerSettings.defaults().toBuilder().modelType(modelType).seed(seed)
                .trainingNegatives(trainingNegatives).forestTrees(forestTrees).build();
    }

    /** Builds {@link MlOptions}; every setter may be called any number of times, the last value wins. */
    public static final class Builder {
        private ModelType modelType = ModelType.AUTO;
        private double confidenceThreshold = 0.5;
        private boolean onlineLearning = true;
        private double anomalySensitivity = 0.5;
        private RetrainingPolicy retraining = RetrainingPolicy.defaults();
        private long seed = 42L;
        private int explanationSize = 5;
        private int explainTop = 20;
        private int maxQueriesPerTransaction = 5;
        private int validationCandidateCap = 60;
        private int trainingNegatives = 10;
        private int forestTrees = 40;
        private Duration recencyHalfLife = Duration.ofDays(180);
        private int maxTransactionFiles = 30;

        private Builder() {
        }

        private Builder(MlOptions o) {
            modelType = o.modelType;
            confidenceThreshold = o.confidenceThreshold;
            onlineLearning = o.onlineLearning;
            anomalySensitivity = o.anomalySensitivity;
            retraining = o.retraining;
            seed = o.seed;
            explanationSize = o.explanationSize;
            explainTop = o.explainTop;
            maxQueriesPerTransaction = o.maxQueriesPerTransaction;
            validationCandidateCap = o.validationCandidateCap;
            trainingNegatives = o.trainingNegatives;
            forestTrees = o.forestTrees;
            recencyHalfLife = o.recencyHalfLife;
            maxTransactionFiles = o.maxTransactionFiles;
        }

        /** Which model to train: a fixed type, or {@link ModelType#AUTO} (the default) to choose on validation. Not null. */
        public Builder modelType(ModelType v) { modelType = Objects.requireNonNull(v, "modelType"); return this; }
        /** In [0, 1]: candidates at or above this calibrated confidence are predicted; 0.5 by default. */
        public Builder confidenceThreshold(double v) { confidenceThreshold = v; return this; }
        /** Whether recorded runs may trigger retraining (the co-change index is updated either way); on by default. */
        public Builder onlineLearning(boolean v) { onlineLearning = v; return this; }
        /** In [0, 1]: how readily recorded outcomes are reported as unexpected or missed; 0 reports nothing, 0.5 by default. */
        public Builder anomalySensitivity(double v) { anomalySensitivity = v; return this; }
        /** When to retrain; {@link RetrainingPolicy#defaults()} by default. Not null. */
        public Builder retraining(RetrainingPolicy v) { retraining = Objects.requireNonNull(v, "retraining"); return this; }
        /** The seed of every random choice (sampling, SGD, bagging), so that training is reproducible; 42 by default. */
        public Builder seed(long v) { seed = v; return this; }
        /** At least 0: how many contributing features are reported per explained candidate; 5 by default. */
        public Builder explanationSize(int v) { explanationSize = v; return this; }
        /** At least 0: how many of the best-ranked candidates get an explanation; 20 by default. */
        public Builder explainTop(int v) { explainTop = v; return this; }
        /** At least 1: the most training queries taken from one transaction; 5 by default. */
        public Builder maxQueriesPerTransaction(int v) { maxQueriesPerTransaction = v; return this; }
        /** At least 2: the most candidate rows per held-out query (beyond it, a weighted sample); 60 by default. */
        public Builder validationCandidateCap(int v) { validationCandidateCap = v; return this; }
        /** At least 1: sampled negatives per training query; 10 by default. */
        public Builder trainingNegatives(int v) { trainingNegatives = v; return this; }
        /** At least 1: trees of the random forest; 40 by default. */
        public Builder forestTrees(int v) { forestTrees = v; return this; }
        /** Positive: the half-life of recency-weighted co-change support; 180 days by default. Not null. */
        public Builder recencyHalfLife(Duration v) { recencyHalfLife = Objects.requireNonNull(v, "recencyHalfLife"); return this; }
        /** At least 2: transactions with more files do not count as co-changes (bulk edits); 30 by default. */
        public Builder maxTransactionFiles(int v) { maxTransactionFiles = v; return this; }

        /** Builds the options; all invalid values are reported at once. */
        public MlOptions build() {
            return new MlOptions(modelType, confidenceThreshold, onlineLearning, anomalySensitivity, retraining, seed,
                    explanationSize, explainTop, maxQueriesPerTransaction, validationCandidateCap, trainingNegatives,
                    forestTrees, recencyHalfLife, maxTransactionFiles);
        }
    }
}
