package dev.continuity.ml;

/**
 * When the impact model is retrained: every {@code everyRuns} recorded runs, or earlier when the
 * model's MAP on runs recorded since its training (history it never saw) has fallen at least
 * {@code mapDrop} below the MAP it had on its held-out validation data, measured over at least
 * {@code minDriftQueries} runs.
 *
 * @param everyRuns       retrain after this many recorded runs
 * @param mapDrop         retrain when held-out MAP minus recent MAP reaches this (absolute MAP points)
 * @param minDriftQueries recent runs needed before drift is judged
 */
public record RetrainingPolicy(int everyRuns, double mapDrop, int minDriftQueries) {

    /** Why a retraining is or is not due. */
    public enum Decision {
        /** Neither trigger fired. */
        NOT_DUE,
        /** There is no model yet and the history may be enough to train one. */
        NO_MODEL,
        /** {@code everyRuns} runs were recorded since the last training. */
        RUN_COUNT,
        /** The recent MAP fell by at least {@code mapDrop}. */
        MAP_DRIFT
    }

    /**
     * Rejects, with an {@link IllegalArgumentException}, an {@code everyRuns} or {@code minDriftQueries} below 1 and a
     * {@code mapDrop} outside (0, 1].
     */
    public RetrainingPolicy {
        if (everyRuns < 1) {
            throw new IllegalArgumentException("everyRuns must be >= 1, got " + everyRuns);
        }
        if (!(mapDrop > 0 && mapDrop <= 1)) {
            throw new IllegalArgumentException("mapDrop must be in (0, 1], got " + mapDrop);
        }
        if (minDriftQueries < 1) {
            throw new IllegalArgumentException("minDriftQueries must be >= 1, got " + minDriftQueries);
        }
    }

    /** {@return the defaults: every 50 runs, or a drop of 0.10 MAP over at least 10 runs} */
    public static RetrainingPolicy defaults() {
        return new RetrainingPolicy(50, 0.10, 10);
    }

    /**
     * Decides.
     *
     * @param hasModel          whether a model exists
     * @param runsSinceTraining runs recorded since the model was trained
     * @param heldOutMap        the model's validation MAP at training (NaN when unknown)
     * @param recentMap         mean average precision of the model on the runs since (NaN when none)
     * @param recentQueries     number of runs behind {@code recentMap}
     * @return {@code NO_MODEL} without a model, else {@code RUN_COUNT} or {@code MAP_DRIFT} when that trigger fired
     *         (the run count is checked first), else {@code NOT_DUE}
     */
    public Decision decide(boolean hasModel, int runsSinceTraining, double heldOutMap, double recentMap,
                           int recentQueries) {
        if (!hasModel) {
            return Decision.NO_MODEL;
        }
        if (runsSinceTraining >= everyRuns) {
            return Decision.RUN_COUNT;
        }
        if (recentQueries >= minDriftQueries && Double.isFinite(heldOutMap) && Double.isFinite(recentMap)
                && heldOutMap - recentMap >= mapDrop) {
            return Decision.MAP_DRIFT;
        }
        return Decision.NOT_DUE;
    }
}
