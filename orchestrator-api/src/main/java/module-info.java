/**
 * Continuity's contract: the orchestrator interface, its request and response records, the SPIs that users implement
 * ({@code FixStrategy}, {@code UpdateHandler}, {@code IssueDetector}, {@code ImpactPredictor}, …) and the exceptions.
 * It has no third-party types.
 */
module dev.continuity.api {
    requires static transitive org.jspecify;

    exports dev.continuity.api;
    exports dev.continuity.api.spi;
}
