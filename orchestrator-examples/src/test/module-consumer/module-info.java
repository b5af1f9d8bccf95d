/** A user's application on the module path: it requires Continuity's modules and nothing else of ours. */
module dev.continuity.consumer {
    requires dev.continuity.core;
    requires dev.continuity.ml;
    requires dev.continuity.healing;

    uses dev.continuity.api.spi.ImpactPredictor;
    uses dev.continuity.api.spi.FixStrategy;
    uses dev.continuity.api.spi.IssueDetector;
}
