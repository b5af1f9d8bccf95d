package dev.continuity.api.spi;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.ImpactedFile;

import java.util.List;
import java.util.Objects;

/**
 * What an {@link ImpactPredictor} is asked.
 *
 * @param change       the change
 * @param project      the scanned project
 * @param graphImpacts what graph reachability found (empty for the graph predictor itself)
 * @param modelType    the requested model type ({@code graph}, {@code logistic}, {@code random_forest}, {@code ensemble})
 */
public record ImpactQuery(ChangeContext change, ProjectSnapshot project, List<ImpactedFile> graphImpacts, String modelType) {
    /** Copies {@code graphImpacts}. */
    public ImpactQuery {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(project, "project");
        graphImpacts = List.copyOf(graphImpacts);
        Objects.requireNonNull(modelType, "modelType");
    }
}
