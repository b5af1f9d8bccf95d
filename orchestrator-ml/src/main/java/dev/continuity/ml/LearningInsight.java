package dev.continuity.ml;

import java.util.Objects;

/**
 * One measured fact about learning (the library's {@code learning_insights}).
 *
 * @param kind    what it is about
 * @param message a sentence for people
 * @param value   the measured number behind it (NaN when the insight is not numeric)
 */
public record LearningInsight(Kind kind, String message, double value) {

    /** What an insight is about. */
    public enum Kind {
        /** Which model type won on validation. */
        MODEL_CHOICE,
        /** How well the calibrated confidences matched held-out outcomes. */
        CALIBRATION,
        /** A feature that weighs most in the model. */
        TOP_FEATURE,
        /** The measured MAP difference between the previous and the new model. */
        MODEL_IMPROVEMENT,
        /** The recent MAP compared with the held-out MAP at training. */
        DRIFT,
        /** A recorded outcome the model did not expect. */
        ANOMALY,
        /** Not enough data for a measurement. */
        DATA
    }

    /** Rejects a null {@code kind} or {@code message}. */
    public LearningInsight {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
