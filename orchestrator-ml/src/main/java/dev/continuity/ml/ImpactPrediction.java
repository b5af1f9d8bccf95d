package dev.continuity.ml;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ranked candidates of one change.
 *
 * @param ranked    every candidate, best first (confidence, then raw score, then name)
 * @param threshold the confidence threshold of the options
 * @param source    what produced it
 * @param modelId   the model used, when {@code source} is {@link PredictionSource#MODEL}
 */
public record ImpactPrediction(List<RankedCandidate> ranked, double threshold, PredictionSource source,
                               Optional<String> modelId) {
    /** Copies {@code ranked}; rejects a null {@code source} or {@code modelId}. */
    public ImpactPrediction {
        ranked = List.copyOf(ranked);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(modelId, "modelId");
    }

    /** {@return the candidates at or above the threshold, best first} */
    public List<RankedCandidate> predicted() {
        return ranked.stream().filter(c -> c.confidence() >= threshold).toList();
    }
}
