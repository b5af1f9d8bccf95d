package dev.continuity.ml.model;

/** Returns raw scores unchanged. */
public final class IdentityCalibrator implements Calibrator {

    static final IdentityCalibrator INSTANCE = new IdentityCalibrator();

    private IdentityCalibrator() {
    }

    @Override
    public double apply(double rawScore) {
        return Math.min(1.0, Math.max(0.0, rawScore));
    }

    @Override
    public String method() {
        return "identity";
    }
}
