package dev.continuity.api;

import java.util.List;
import java.util.Objects;

/**
 * One file a change impacts, and why.
 *
 * @param path       the file, relative to the project root
 * @param kind       its kind
 * @param confidence how sure the predictor is that the file needs an update, in [0, 1]
 * @param risk       how much could go wrong updating it
 * @param distance   graph hops from the change (0 for a changed file; -1 when no graph path exists)
 * @param reasons    the explanation: the graph path ({@code "A -[mentions]-> 主人公 -[defines]-> B"}) or the top features
 * @param source     which predictor found it: {@code graph}, {@code model} or both ({@code graph+model})
 */
public record ImpactedFile(String path, FileKind kind, double confidence, RiskLevel risk, int distance, List<String> reasons, String source) {
    /** Rejects a blank {@code path} or {@code source} and a {@code confidence} outside [0, 1]; copies {@code reasons}. */
    public ImpactedFile {
        Copies.requireText(path, "path");
        Objects.requireNonNull(kind, "kind");
        Copies.requireProbability(confidence, "confidence");
        Objects.requireNonNull(risk, "risk");
        reasons = List.copyOf(reasons);
        Copies.requireText(source, "source");
    }
}
