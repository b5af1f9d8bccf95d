package dev.continuity.ml.model;

import dev.continuity.ml.features.FeatureVector;

import java.util.List;
import java.util.Objects;

/**
 * The calibration of one stratum of pairs: those whose {@link #feature()} is positive.
 *
 * <p>The main calibrator is fitted on the latest held-out window, so that confidences follow how the project changes
 * now. A rare kind of change (a rename, a markup sweep over every chapter) seldom falls in that window, and the window's
 * calibration maps its pairs' raw scores to what high raw scores meant for the small, local changes that fill it. Such
 * changes recur over a project's life, though, and how often their pairs really changed together is counted over the
 * whole training history. A pair of the stratum gets the main calibration's confidence shifted on the log-odds scale,
 * {@code p = 1 / (1 + exp(-(logit(base) + shift)))}: the shift that makes the stratum's mean confidence over the
 * training history equal its positive rate there, shrunk towards 0 as if the main calibration were
 * {@link #PRIOR_TRANSACTIONS} more transactions of evidence ({@code m / (m + k)} of it, {@code m} the number of
 * transactions the stratum was seen in). A shift keeps the order of the stratum's pairs, and a stratum that behaves
 * like the rest gets a shift near 0.
 *
 * @param feature      the feature that marks the stratum (a pair belongs to it when the feature's value is positive)
 * @param shift        the log-odds shift applied to the main calibration's confidence (after shrinkage)
 * @param rate         the stratum's pairs' positive rate over the training history, each pair weighted by its
 *                     sampling weight
 * @param transactions the number of training transactions with a pair in the stratum
 * @param pairs        the number of training pairs in the stratum
 */
public record StratumCalibration(String feature, double shift, double rate, int transactions, int pairs) {

    /** Weight of the main calibration's confidence, in transactions. */
    public static final double PRIOR_TRANSACTIONS = 1.0;
    /** A stratum seen in fewer training transactions than this is not calibrated apart. */
    public static final int MIN_TRANSACTIONS = 2;
    private static final double EPS = 1e-6;

    /** Rejects a blank feature, a shift that is not finite, a rate outside [0, 1] and negative counts. */
    public StratumCalibration {
        Objects.requireNonNull(feature, "feature");
        if (feature.isBlank()) {
            throw new IllegalArgumentException("a stratum needs a feature name");
        }
        if (!Double.isFinite(shift)) {
            throw new IllegalArgumentException("a stratum's shift must be finite, got " + shift);
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("a stratum's rate must be in [0, 1], got " + rate);
        }
        if (transactions < 0 || pairs < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got " + transactions + " and " + pairs);
        }
    }

    /**
     * Fits a stratum: the shift that brings the weighted mean of the shifted confidences to the weighted positive rate,
     * then shrunk by {@code transactions / (transactions + PRIOR_TRANSACTIONS)}.
     *
     * @param base         the main calibration's confidences of the stratum's training pairs
     * @param labels       whether each pair changed together
     * @param weights      each pair's sampling weight
     * @param transactions the number of transactions the pairs come from
     */
    public static StratumCalibration fit(String feature, double[] base, boolean[] labels, double[] weights,
                                         int transactions) {
        int n = base.length;
        if (n == 0 || labels.length != n || weights.length != n) {
            throw new IllegalArgumentException("need the same non-zero number of confidences, labels and weights");
        }
        double total = 0;
        double positive = 0;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            total += weights[i];
            positive += labels[i] ? weights[i] : 0;
            z[i] = logit(base[i]);
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("the weights must have a positive sum");
        }
        double rate = positive / total;
        // the weighted mean confidence grows with the shift: bisection on [-20, 20] (the rate clamped inside (0, 1))
        double target = Math.min(1 - EPS, Math.max(EPS, rate)) * total;
        double lo = -20;
        double hi = 20;
        for (int iter = 0; iter < 100 && hi - lo > 1e-9; iter++) {
            double mid = (lo + hi) / 2;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += weights[i] * sigmoid(z[i] + mid);
            }
            if (sum < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double shrink = transactions / (transactions + PRIOR_TRANSACTIONS);
        return new StratumCalibration(feature, shrink * (lo + hi) / 2, rate, transactions, n);
    }

    /** Whether a pair belongs to this stratum. */
    public boolean contains(FeatureVector features) {
        return features.get(feature) > 0;
    }

    /** The stratum's confidence for a pair whose main calibration gives {@code base}. */
    public double apply(double base) {
        return sigmoid(logit(base) + shift);
    }

    /** The first stratum containing the pair, applied to {@code base}; {@code base} when none does. */
    static double confidence(List<StratumCalibration> strata, FeatureVector features, double base) {
        for (StratumCalibration s : strata) {
            if (s.contains(features)) {
                return s.apply(base);
            }
        }
        return base;
    }

    private static double logit(double p) {
        double c = Math.min(1 - EPS, Math.max(EPS, p));
        return Math.log(c / (1 - c));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
