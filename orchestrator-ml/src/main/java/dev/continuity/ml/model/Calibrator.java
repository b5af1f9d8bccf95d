package dev.continuity.ml.model;

/**
 * Maps a model's raw score to a calibrated probability, fitted on held-out, time-later history.
 * Every calibrator is monotone non-decreasing, so it never changes the order of a ranking.
 */
public sealed interface Calibrator permits IsotonicCalibrator, PlattCalibrator, IdentityCalibrator {

    /** The calibrated probability of a raw score in [0, 1]. */
    double apply(double rawScore);

    /** A short name of the method ({@code isotonic}, {@code platt}, {@code identity}). */
    String method();

    /** The calibrator that returns the raw score unchanged (used when no held-out data exists). */
    static Calibrator identity() {
        return IdentityCalibrator.INSTANCE;
    }
}
