package dev.continuity.core.heal;

import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.core.project.PathGuard;
import dev.continuity.core.project.ProjectScanner;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link HealingStage} is built from: the orchestrator's scanner (for overlay scans of staged states), its path
 * guard, the registered detectors and strategies, its clock and its meter registry.
 *
 * @param scanner    the project's scanner; {@link ProjectScanner#overlay} builds the staged state
 * @param guard      confines paths to the project root
 * @param detectors  the detectors registered on the builder (and discovered, when discovery is on)
 * @param strategies the fix strategies registered on the builder (and discovered, when discovery is on)
 * @param clock      the orchestrator's clock
 * @param meters     where plugin failures and healing outcomes are counted
 */
public record HealingEnvironment(ProjectScanner scanner, PathGuard guard, List<IssueDetector> detectors, List<FixStrategy> strategies,
                                 InstantSource clock, MeterRegistry meters) {
    /** Rejects a null value; copies the lists. */
    public HealingEnvironment {
        Objects.requireNonNull(scanner, "scanner");
        Objects.requireNonNull(guard, "guard");
        detectors = List.copyOf(detectors);
        strategies = List.copyOf(strategies);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(meters, "meters");
    }
}
