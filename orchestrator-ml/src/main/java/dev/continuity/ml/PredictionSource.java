package dev.continuity.ml;

/** What produced a prediction. */
public enum PredictionSource {
    /** The trained, calibrated model. */
    MODEL,
    /** No model is trained yet: co-change rule confidence (ROSE / TARMAQ) stands in. */
    COCHANGE_FALLBACK
}
