package dev.continuity.ml.model;

/**
 * Brier score and expected calibration error of probabilistic predictions.
 *
 * <p>ECE uses equal-width bins over [0, 1] (the last bin includes 1.0):
 * {@code ECE = sum over bins b of (W_b / W) * |mean confidence_b - observed rate_b|}, with example
 * weights {@code W}.
 */
public final class CalibrationMetrics {

    private CalibrationMetrics() {
    }

    /** Weighted mean of {@code (confidence - label)^2}; NaN when there is no example. */
    public static double brier(double[] confidence, boolean[] labels, double[] weights) {
        double sum = 0;
        double w = 0;
        for (int i = 0; i < confidence.length; i++) {
            double d = confidence[i] - (labels[i] ? 1 : 0);
            sum += weights[i] * d * d;
            w += weights[i];
        }
        return w == 0 ? Double.NaN : sum / w;
    }

    /** Expected calibration error with {@code bins} equal-width bins; NaN when there is no example. */
    public static double ece(double[] confidence, boolean[] labels, double[] weights, int bins) {
        double[] w = new double[bins];
        double[] conf = new double[bins];
        double[] pos = new double[bins];
        double total = 0;
        for (int i = 0; i < confidence.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(confidence[i] * bins)));
            w[b] += weights[i];
            conf[b] += weights[i] * confidence[i];
            pos[b] += labels[i] ? weights[i] : 0;
            total += weights[i];
        }
        if (total == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (w[b] > 0) {
                ece += (w[b] / total) * Math.abs(conf[b] / w[b] - pos[b] / w[b]);
            }
        }
        return ece;
    }
}
