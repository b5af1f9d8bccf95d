package dev.continuity.healing;

import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.healing.detect.AgeMismatchDetector;
import dev.continuity.healing.detect.AttributeConflictDetector;
import dev.continuity.healing.detect.BrokenReferenceDetector;
import dev.continuity.healing.detect.ChapterDateOrderDetector;
import dev.continuity.healing.detect.CharacterAfterDeathDetector;
import dev.continuity.healing.detect.SchemaViolationDetector;
import dev.continuity.healing.detect.StaleDerivedDetector;
import dev.continuity.healing.detect.UnknownEventDetector;
import dev.continuity.healing.detect.StaleRenameDetector;
import dev.continuity.healing.detect.TimelineCauseDetector;
import dev.continuity.healing.detect.UnresolvedForeshadowingDetector;
import dev.continuity.healing.fix.DerivedRegenerationStrategy;
import dev.continuity.healing.fix.ReferenceRepairStrategy;
import dev.continuity.healing.fix.RenameCompletionStrategy;
import dev.continuity.healing.fix.ReviewMarkingStrategy;
import dev.continuity.healing.fix.TimelineRepairStrategy;

import java.util.List;

/**
 * The built-in detectors and strategies, for explicit registration:
 *
 * <pre>{@code
 * Orchestrators.Builder b = Orchestrators.builder(root);
 * BuiltIns.detectors().forEach(b::issueDetector);
 * BuiltIns.strategies().forEach(b::fixStrategy);
 * }</pre>
 *
 * {@code discoverPlugins()} finds the same ones with {@link java.util.ServiceLoader}.
 */
public final class BuiltIns {
    private BuiltIns() {}

    /** Every built-in detector, configured by each project's {@code healing:} section. */
    public static List<IssueDetector> detectors() {
        return List.of(new BrokenReferenceDetector(), new StaleRenameDetector(), new TimelineCauseDetector(), new ChapterDateOrderDetector(),
                new CharacterAfterDeathDetector(), new AgeMismatchDetector(), new AttributeConflictDetector(), new UnresolvedForeshadowingDetector(),
                new SchemaViolationDetector(), new UnknownEventDetector(), new StaleDerivedDetector());
    }

    /** Every built-in detector, with an explicit config (the project's {@code healing:} section is then ignored). */
    public static List<IssueDetector> detectors(HealingConfig config) {
        return List.of(new BrokenReferenceDetector(config), new StaleRenameDetector(config), new TimelineCauseDetector(config),
                new ChapterDateOrderDetector(config), new CharacterAfterDeathDetector(config), new AgeMismatchDetector(config),
                new AttributeConflictDetector(config), new UnresolvedForeshadowingDetector(config), new SchemaViolationDetector(config),
                new UnknownEventDetector(config), new StaleDerivedDetector(config));
    }

    /** Every built-in strategy; review marking is the lowest-priority fallback for every issue. */
    public static List<FixStrategy> strategies() {
        return List.of(new ReferenceRepairStrategy(), new RenameCompletionStrategy(), new TimelineRepairStrategy(), new DerivedRegenerationStrategy(),
                new ReviewMarkingStrategy());
    }
}
