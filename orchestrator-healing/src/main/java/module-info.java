/**
 * Self-healing: the engine of the heal stage, the built-in issue detectors ({@code detect}) and fix strategies
 * ({@code fix}), the verifier and the strategy registry. {@code dev.continuity.healing.internal} is not exported.
 */
module dev.continuity.healing {
    requires transitive dev.continuity.api;
    requires transitive dev.continuity.core;
    requires static org.jspecify;
    requires org.slf4j;

    exports dev.continuity.healing;
    exports dev.continuity.healing.detect;
    exports dev.continuity.healing.fix;

    uses dev.continuity.api.spi.FixStrategy;

    provides dev.continuity.core.heal.HealingStage.Factory with dev.continuity.healing.SelfHealingEngine.Provider;
    provides dev.continuity.api.spi.IssueDetector with
            dev.continuity.healing.detect.BrokenReferenceDetector,
            dev.continuity.healing.detect.StaleRenameDetector,
            dev.continuity.healing.detect.TimelineCauseDetector,
            dev.continuity.healing.detect.ChapterDateOrderDetector,
            dev.continuity.healing.detect.CharacterAfterDeathDetector,
            dev.continuity.healing.detect.AgeMismatchDetector,
            dev.continuity.healing.detect.AttributeConflictDetector,
            dev.continuity.healing.detect.UnresolvedForeshadowingDetector,
            dev.continuity.healing.detect.SchemaViolationDetector,
            dev.continuity.healing.detect.UnknownEventDetector,
            dev.continuity.healing.detect.StaleDerivedDetector;
    provides dev.continuity.api.spi.UpdateHandler with dev.continuity.healing.TimelineRealignHandler;
    provides dev.continuity.api.spi.ImpactPredictor with dev.continuity.healing.TimelineImpactPredictor;
    provides dev.continuity.api.spi.FixStrategy with
            dev.continuity.healing.fix.ReferenceRepairStrategy,
            dev.continuity.healing.fix.RenameCompletionStrategy,
            dev.continuity.healing.fix.TimelineRepairStrategy,
            dev.continuity.healing.fix.DerivedRegenerationStrategy,
            dev.continuity.healing.fix.ReviewMarkingStrategy;
}
