package dev.continuity.ml.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a walk-forward evaluation.
 *
 * @param transactions      transactions in the evaluated history
 * @param testStart         time of the first transaction of the test period
 * @param testTransactions  test transactions that produced at least one query
 * @param queries           test queries
 * @param retrainings       model trainings during the walk
 * @param trainings         what each training chose
 * @param metrics           one entry per predictor, in a fixed order
 * @param uncertainty       bootstrap intervals of the headline figures
 * @param commitEffect      how far the test period's commits depart from the model's confidences, and what ECE a
 *                          calibrated model would measure on the period
 * @param elapsed           wall-clock time
 */
public record EvaluationResult(int transactions, Instant testStart, int testTransactions, int queries,
                               int retrainings, List<TrainingSummary> trainings, List<PredictorMetrics> metrics,
                               Uncertainty uncertainty, CommitEffect commitEffect, Duration elapsed) {

    public EvaluationResult {
        trainings = List.copyOf(trainings);
        metrics = List.copyOf(metrics);
        Objects.requireNonNull(uncertainty, "uncertainty");
        Objects.requireNonNull(commitEffect, "commitEffect");
    }

    /**
     * 95% percentile-bootstrap intervals over the test transactions (drawn with replacement, each with all its
     * queries). A history whose test period holds a few transactions, or one large one, has wide intervals: the
     * figures then say little about other periods or projects.
     *
     * @param resamples     bootstrap resamples (0: not computed, fewer than two test transactions)
     * @param transactions  test transactions resampled
     * @param mapRatioLow   lower bound of model MAP / ROSE MAP (NaN when not computed)
     * @param mapRatioHigh  upper bound
     * @param eceLow        lower bound of the model's ECE
     * @param eceHigh       upper bound
     */
    public record Uncertainty(int resamples, int transactions, double mapRatioLow, double mapRatioHigh, double eceLow,
                              double eceHigh) {

        /** Not computed. */
        public static Uncertainty none(int transactions) {
            return new Uncertainty(0, transactions, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
    }

    /**
     * The commit effect of the test period: the pairs of one commit change together or not at all (a markup pass
     * reaches every chapter, a typo fix none), so a period of few commits measures a calibrated model's ECE with a wide
     * spread. Fitted on the period's own outcomes as a random effect per commit, {@code u_c ~ N(0, sigma²)}, on the
     * log-odds of the model's confidences; then the outcomes of an ideal model, exactly calibrated on average over
     * commits but not knowing each commit's effect, are drawn {@code draws} times on the period's pairs. A diagnosis
     * of the period, for reading its ECE; not a model.
     *
     * @param transactions  test transactions (0 or 1: not estimated; -1: not estimated, a period of more than 200
     *                      transactions or 2 million pairs, large enough for the goal to be decidable)
     * @param sigma         the fitted standard deviation of the commit effect, on the log-odds scale (NaN when not
     *                      estimated)
     * @param draws         draws of the ideal model's outcomes (0 when not estimated)
     * @param idealEceMedian the ideal model's median ECE
     * @param idealEceP95   its 95th percentile
     * @param idealWithinGoal the share of draws with an ECE of at most {@link #ECE_GOAL}
     */
    public record CommitEffect(int transactions, double sigma, int draws, double idealEceMedian, double idealEceP95,
                               double idealWithinGoal) {

        /** The ECE goal of the evaluation. */
        public static final double ECE_GOAL = 0.05;

        /** Not estimated. */
        public static CommitEffect none(int transactions) {
            return new CommitEffect(transactions, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN);
        }
    }

    /** The metrics of the named predictor. */
    public PredictorMetrics metrics(String predictor) {
        return metrics.stream().filter(m -> m.predictor().equals(predictor)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no predictor named " + predictor));
    }

    /**
     * One model training of the walk.
     *
     * @param beforeCommit     the first test transaction it served
     * @param trainingQueries  queries it was trained on
     * @param type             the chosen model type
     * @param validationMap    its validation MAP (NaN when not measured)
     * @param calibration      the calibration method, and the strata calibrated apart with their shifts
     */
    public record TrainingSummary(String beforeCommit, int trainingQueries, String type, double validationMap,
                                  String calibration) {
    }
}
