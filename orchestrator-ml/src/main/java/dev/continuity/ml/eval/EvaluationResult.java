package dev.continuity.ml.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
 * @param elapsed           wall-clock time
 */
public record EvaluationResult(int transactions, Instant testStart, int testTransactions, int queries,
                               int retrainings, List<TrainingSummary> trainings, List<PredictorMetrics> metrics,
                               Duration elapsed) {

    public EvaluationResult {
        trainings = List.copyOf(trainings);
        metrics = List.copyOf(metrics);
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
     * @param calibration      the calibration method
     */
    public record TrainingSummary(String beforeCommit, int trainingQueries, String type, double validationMap,
                                  String calibration) {
    }
}
