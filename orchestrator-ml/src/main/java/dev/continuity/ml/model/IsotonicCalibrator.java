package dev.continuity.ml.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Isotonic regression (weighted pool-adjacent-violators) of the label on the raw score.
 * Between the centres of two fitted blocks the probability is interpolated linearly; outside
 * them it is the end block's value. Each block's rate is smoothed with one pseudo-observation at
 * the overall rate, so a block of a few examples never says exactly 0 or 1.
 */
public final class IsotonicCalibrator implements Calibrator {

    private final double[] x;
    private final double[] y;

    /** A calibrator from fitted knots (score ascending, probability non-decreasing). */
    public IsotonicCalibrator(double[] knotScores, double[] knotProbabilities) {
        if (knotScores.length == 0 || knotScores.length != knotProbabilities.length) {
            throw new IllegalArgumentException("need the same non-zero number of knot scores and probabilities, got "
                    + knotScores.length + " and " + knotProbabilities.length);
        }
        for (int i = 1; i < knotScores.length; i++) {
            if (knotScores[i] < knotScores[i - 1] || knotProbabilities[i] < knotProbabilities[i - 1]) {
                throw new IllegalArgumentException("knots must be non-decreasing at index " + i);
            }
        }
        this.x = knotScores.clone();
        this.y = knotProbabilities.clone();
    }

    /**
     * Fits the calibrator.
     *
     * @param scores  raw scores
     * @param labels  whether each example is positive
     * @param weights example weights (all positive)
     */
    public static IsotonicCalibrator fit(double[] scores, boolean[] labels, double[] weights) {
        int n = scores.length;
        if (n == 0 || labels.length != n || weights.length != n) {
            throw new IllegalArgumentException("need the same non-zero number of scores, labels and weights");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double totalW = 0;
        double totalWY = 0;
        // Blocks: sum of weights, weighted label sum, weighted score sum. Equal scores start in one block.
        List<double[]> blocks = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int i = order[k];
            double w = weights[i];
            double wy = labels[i] ? w : 0;
            totalW += w;
            totalWY += wy;
            if (!blocks.isEmpty() && blocks.get(blocks.size() - 1)[3] == scores[i]) {
                double[] b = blocks.get(blocks.size() - 1);
                b[0] += w;
                b[1] += wy;
                b[2] += w * scores[i];
            } else {
                blocks.add(new double[]{w, wy, w * scores[i], scores[i]});
            }
            while (blocks.size() > 1) {
                double[] last = blocks.get(blocks.size() - 1);
                double[] prev = blocks.get(blocks.size() - 2);
                // pool violators and equal rates alike, so that runs of equal outcomes form one block
                if (prev[1] / prev[0] < last[1] / last[0]) {
                    break;
                }
                prev[0] += last[0];
                prev[1] += last[1];
                prev[2] += last[2];
                prev[3] = last[3];
                blocks.remove(blocks.size() - 1);
            }
        }
        double base = totalWY / totalW;
        double unit = totalW / n; // the weight of one average observation
        double[] xs = new double[blocks.size()];
        double[] ys = new double[blocks.size()];
        for (int b = 0; b < blocks.size(); b++) {
            double[] blk = blocks.get(b);
            xs[b] = blk[2] / blk[0];
            double smoothed = (blk[1] + unit * base) / (blk[0] + unit);
            ys[b] = b == 0 ? smoothed : Math.max(smoothed, ys[b - 1]);
        }
        return new IsotonicCalibrator(xs, ys);
    }

    @Override
    public double apply(double s) {
        if (s <= x[0]) {
            return y[0];
        }
        int last = x.length - 1;
        if (s >= x[last]) {
            return y[last];
        }
        int i = Arrays.binarySearch(x, s);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double span = x[hi] - x[lo];
        return span <= 0 ? y[hi] : y[lo] + (y[hi] - y[lo]) * (s - x[lo]) / span;
    }

    @Override
    public String method() {
        return "isotonic";
    }

    /** The knot scores. */
    public double[] knotScores() {
        return x.clone();
    }

    /** The knot probabilities. */
    public double[] knotProbabilities() {
        return y.clone();
    }
}
