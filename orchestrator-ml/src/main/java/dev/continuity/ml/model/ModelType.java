package dev.continuity.ml.model;

/** Which learned model predicts impact. */
public enum ModelType {
    /** Tribuo logistic regression (linear SGD, log loss, AdaGrad). */
    LOGISTIC,
    /** Tribuo random forest of CART trees, leaf distributions averaged. */
    RANDOM_FOREST,
    /** The mean of the logistic regression's and the random forest's probabilities. */
    ENSEMBLE,
    /**
     * Chosen on the time-ordered validation split: the simplest of the three (logistic, forest, ensemble) whose MAP is
     * within one standard error of the best.
     */
    AUTO
}
