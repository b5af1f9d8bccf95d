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
 * @param elapsed           wall-clock time
 */
public record EvaluationResult(int transactions, Instant testStart, int testTransactions, int queries,
                               int retrainings, List<TrainingSummary> trainings, List<PredictorMetrics> metrics,
                               Uncertainty uncertainty, Duration elapsed) {

    public EvaluationResult {
        trainings = List.copyOf(trainings);
        metrics = List.copyOf(metrics);
        Objects.requireNonNull(uncertainty, "uncertainty");
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
