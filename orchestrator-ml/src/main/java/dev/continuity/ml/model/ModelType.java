package dev.continuity.ml.model;

/** Which learned model predicts impact. */
public enum ModelType {
    /** Tribuo logistic regression (linear SGD, log loss, AdaGrad). */
    LOGISTIC,
    /** Tribuo random forest of CART trees, leaf distributions averaged. */
    RANDOM_FOREST,
    /** The mean of the logistic regression's and the random forest's probabilities. */
    ENSEMBLE,
    /** Whichever of the three has the best MAP on the time-ordered validation split. */
    AUTO
}
