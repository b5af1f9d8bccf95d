package dev.continuity.ml.eval;

import dev.continuity.ml.MlOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * The walk-forward evaluation protocol's settings.
 *
 * @param testFraction             the latest share of transactions (by time order) that form the test period
 * @param minTestFiles             test transactions touch at least this many content files
 * @param maxTestFiles             and at most this many
 * @param retrainEvery             the model is retrained when this much history time has passed since its training
 * @param retrainEveryTransactions or when this many transactions were added since, whichever comes first
 * @param development              evaluate on the period before the test period instead (its last
 *                                 {@code developmentFraction}): for tuning without ever touching the test period
 * @param developmentFraction      the share of the pre-test history evaluated in development mode
 * @param ml                       the model options (type, seed, sampling, forest size...)
 */
public record EvaluationOptions(double testFraction, int minTestFiles, int maxTestFiles, Duration retrainEvery,
                                int retrainEveryTransactions, boolean development, double developmentFraction,
                                MlOptions ml) {

    public EvaluationOptions {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
        }
        if (minTestFiles < 2 || maxTestFiles < minTestFiles) {
            throw new IllegalArgumentException("need 2 <= minTestFiles <= maxTestFiles, got " + minTestFiles + ", "
                    + maxTestFiles);
        }
        Objects.requireNonNull(retrainEvery, "retrainEvery");
        if (retrainEvery.isNegative() || retrainEvery.isZero()) {
            throw new IllegalArgumentException("retrainEvery must be positive, got " + retrainEvery);
        }
        if (retrainEveryTransactions < 1) {
            throw new IllegalArgumentException("retrainEveryTransactions must be >= 1, got " + retrainEveryTransactions);
        }
        if (!(developmentFraction > 0 && developmentFraction < 1)) {
            throw new IllegalArgumentException("developmentFraction must be in (0, 1), got " + developmentFraction);
        }
        Objects.requireNonNull(ml, "ml");
    }

    /** 25% test, 2–30 files, retrain every 60 days or 50 transactions, default ML options. */
    public static EvaluationOptions defaults() {
        return new EvaluationOptions(0.25, 2, 30, Duration.ofDays(60), 50, false, 0.25, MlOptions.defaults());
    }

    public EvaluationOptions withTestFraction(double v) {
        return new EvaluationOptions(v, minTestFiles, maxTestFiles, retrainEvery, retrainEveryTransactions, development, developmentFraction, ml);
    }

    public EvaluationOptions withDevelopment(boolean v) {
        return new EvaluationOptions(testFraction, minTestFiles, maxTestFiles, retrainEvery, retrainEveryTransactions, v, developmentFraction, ml);
    }

    public EvaluationOptions withRetraining(Duration every, int transactions) {
        return new EvaluationOptions(testFraction, minTestFiles, maxTestFiles, every, transactions, development,
                developmentFraction, ml);
    }

    public EvaluationOptions withMl(MlOptions v) {
        return new EvaluationOptions(testFraction, minTestFiles, maxTestFiles, retrainEvery, retrainEveryTransactions,
                development, developmentFraction, v);
    }

    public EvaluationOptions withDevelopmentFraction(double v) {
        return new EvaluationOptions(testFraction, minTestFiles, maxTestFiles, retrainEvery, retrainEveryTransactions,
                development, v, ml);
    }
}
