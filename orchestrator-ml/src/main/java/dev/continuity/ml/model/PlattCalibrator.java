package dev.continuity.ml.model;

/**
 * Platt scaling: {@code p = 1 / (1 + exp(a * logit(s) + b))}, fitted by Newton's method on the
 * weighted log loss with Platt's smoothed targets. Used when held-out data has too few positives
 * or negatives for isotonic regression.
 */
public final class PlattCalibrator implements Calibrator {

    private static final double EPS = 1e-6;

    private final double a;
    private final double b;

    /**
     * A calibrator with known parameters (as stored with a model).
     *
     * @param a the slope on the score's log-odds; at most 0, so that a higher score never gets a lower probability
     * @param b the intercept
     * @throws IllegalArgumentException when a parameter is not finite or {@code a} is positive
     */
    public PlattCalibrator(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("Platt parameters must be finite, got a=" + a + " b=" + b);
        }
        if (a > 0) {
            throw new IllegalArgumentException("Platt slope a must be <= 0 (monotone non-decreasing), got " + a);
        }
        this.a = a;
        this.b = b;
    }

    /** Fits the calibrator on scores, labels and weights. */
    public static PlattCalibrator fit(double[] scores, boolean[] labels, double[] weights) {
        int n = scores.length;
        if (n == 0 || labels.length != n || weights.length != n) {
            throw new IllegalArgumentException("need the same non-zero number of scores, labels and weights");
        }
        double pos = 0;
        double neg = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i]) {
                pos += weights[i];
            } else {
                neg += weights[i];
            }
        }
        double hi = (pos + 1) / (pos + 2);
        double lo = 1 / (neg + 2);
        double[] f = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = logit(scores[i]);
            t[i] = labels[i] ? hi : lo;
        }
        double pa = 0;
        double pb = Math.log((neg + 1) / (pos + 1));
        double lambda = 1e-3;
        for (int iter = 0; iter < 100; iter++) {
            double g1 = 0, g2 = 0, h11 = lambda, h22 = lambda, h21 = 0;
            for (int i = 0; i < n; i++) {
                double z = pa * f[i] + pb;
                double p = 1 / (1 + Math.exp(z));
                double d1 = t[i] - p;
                double d2 = p * (1 - p);
                g1 += weights[i] * f[i] * d1;
                g2 += weights[i] * d1;
                h11 += weights[i] * f[i] * f[i] * d2;
                h22 += weights[i] * d2;
                h21 += weights[i] * f[i] * d2;
            }
            double det = h11 * h22 - h21 * h21;
            if (Math.abs(det) < 1e-12) {
                break;
            }
            double da = -(h22 * g1 - h21 * g2) / det;
            double db = -(-h21 * g1 + h11 * g2) / det;
            pa += da;
            pb += db;
            if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) {
                break;
            }
        }
        if (!Double.isFinite(pa) || !Double.isFinite(pb)) {
            pa = 0;
            pb = Math.log((neg + 1) / (pos + 1));
        }
        return new PlattCalibrator(Math.min(0, pa), pb);
    }

    @Override
    public double apply(double rawScore) {
        return 1 / (1 + Math.exp(a * logit(rawScore) + b));
    }

    @Override
    public String method() {
        return "platt";
    }

    /** Slope on the raw score's logit (non-positive). */
    public double a() {
        return a;
    }

    /** Intercept. */
    public double b() {
        return b;
    }

    @Override
    public String toString() {
        return "platt(a=" + a + ",b=" + b + ")";
    }

    private static double logit(double s) {
        double c = Math.min(1 - EPS, Math.max(EPS, s));
        return Math.log(c / (1 - c));
    }
}
