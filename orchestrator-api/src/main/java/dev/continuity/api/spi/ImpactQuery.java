package dev.continuity.api.spi;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.ImpactedFile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link ImpactPredictor} is asked.
 *
 * @param change       the change
 * @param project      the scanned project
 * @param graphImpacts what graph reachability found (empty for the graph predictor itself)
 * @param modelType    the requested model type ({@code graph}, {@code logistic}, {@code random_forest}, {@code ensemble})
 * @param at           when the question is asked, by the orchestrator's clock: the time of the change, for a predictor's
 *                     time features (the orchestrator stamps the run history with the same clock, so a test clock
 *                     reaches both)
 */
public record ImpactQuery(ChangeContext change, ProjectSnapshot project, List<ImpactedFile> graphImpacts, String modelType, Instant at) {
    /** Copies {@code graphImpacts}. */
    public ImpactQuery {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(project, "project");
        graphImpacts = List.copyOf(graphImpacts);
        Objects.requireNonNull(modelType, "modelType");
        Objects.requireNonNull(at, "at");
    }

    /**
     * A query asked now, by the system clock (a predictor's time features then do not follow a test clock).
     *
     * @param change       the change
     * @param project      the scanned project
     * @param graphImpacts what graph reachability found; copied
     * @param modelType    the requested model type
     */
    public ImpactQuery(ChangeContext change, ProjectSnapshot project, List<ImpactedFile> graphImpacts, String modelType) {
        this(change, project, graphImpacts, modelType, Instant.now());
    }
}
