package dev.continuity.api.spi;

import dev.continuity.api.ImpactedFile;

import java.util.List;

/**
 * Predicts the files a change impacts. The graph predictor always runs; a learned predictor (set on the builder, or
 * found by {@link java.util.ServiceLoader} when plugin discovery is on) adds its predictions, and the two are combined.
 */
@FunctionalInterface
public interface ImpactPredictor {

    /**
     * The impacted files, each with its confidence and explanation; empty when it predicts none. When it throws (or
     * returns null, or a null element), the failure is logged and counted and its predictions are left out.
     *
     * @param query the change, the scanned project, what graph reachability found and the requested model type
     * @return the predicted files; the orchestrator applies the confidence threshold
     */
    List<ImpactedFile> predict(ImpactQuery query);

    /**
     * Names the predictor in the log when {@link #predict} or {@link #learn} throws. By default the class's simple
     * name; for a lambda the declaring class's simple name and {@code -lambda} (e.g. {@code MyApp-lambda}), for an
     * anonymous class the enclosing class's and {@code -anonymous}: bounded, the same in every JVM. Override it to tell
     * two such predictors apart.
     *
     * @return the predictor's id
     */
    default String id() {
        return dev.continuity.api.internal.PluginIds.defaultId(getClass());
    }

    /**
     * Learns from a run that succeeded (called when online learning is on, {@link #record} otherwise); returns the
     * measured change in held-out MAP, in points, if it retrained. Does nothing by default.
     *
     * @param outcome the run's outcome: the change, the files actually changed, durations and failures
     * @param project the project as scanned before the run
     * @return the change in held-out mean average precision, in percentage points, when it retrained; empty when it
     *         did not
     */
    default java.util.OptionalDouble learn(dev.continuity.api.UpdateHistoryEntry outcome, ProjectSnapshot project) {
        return java.util.OptionalDouble.empty();
    }

    /**
     * Records a run without learning from it: one that succeeded while online learning is off, or one that failed or
     * was rolled back (its changed files and failures; it changed nothing else). A predictor that keeps a history
     * appends the outcome there, so that it counts once learning is on again. Does nothing by default.
     *
     * @param outcome the run's outcome
     * @param project the project as scanned before the run
     */
    default void record(dev.continuity.api.UpdateHistoryEntry outcome, ProjectSnapshot project) {
    }

    /**
     * As {@link #learn(dev.continuity.api.UpdateHistoryEntry, ProjectSnapshot)}, with the machine-learning
     * configuration of the request the run answered. The orchestrator calls this one; a predictor that judges outcomes
     * (its own anomaly detection, for instance) overrides it to follow the request's
     * {@link dev.continuity.api.MLConfiguration#anomalyDetectionSensitivity()}. By default it ignores the
     * configuration and calls the two-argument method.
     *
     * @param outcome       the run's outcome
     * @param project       the project as scanned before the run
     * @param configuration the request's machine-learning configuration
     * @return as the two-argument method
     */
    default java.util.OptionalDouble learn(dev.continuity.api.UpdateHistoryEntry outcome, ProjectSnapshot project,
                                           dev.continuity.api.MLConfiguration configuration) {
        return learn(outcome, project);
    }

    /**
     * As {@link #record(dev.continuity.api.UpdateHistoryEntry, ProjectSnapshot)}, with the machine-learning
     * configuration of the request the run answered; the orchestrator calls this one. By default it ignores the
     * configuration and calls the two-argument method.
     *
     * @param outcome       the run's outcome
     * @param project       the project as scanned before the run
     * @param configuration the request's machine-learning configuration
     */
    default void record(dev.continuity.api.UpdateHistoryEntry outcome, ProjectSnapshot project,
                        dev.continuity.api.MLConfiguration configuration) {
        record(outcome, project);
    }

    /** {@return human-readable statements of what {@link #learn} measured the last time; empty if nothing, the default} */
    default List<String> insights() {
        return List.of();
    }
}
