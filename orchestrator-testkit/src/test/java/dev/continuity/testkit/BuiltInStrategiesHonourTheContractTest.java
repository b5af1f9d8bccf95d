package dev.continuity.testkit;

import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.healing.detect.BrokenReferenceDetector;
import dev.continuity.healing.detect.SchemaViolationDetector;
import dev.continuity.healing.fix.ReferenceRepairStrategy;
import dev.continuity.healing.fix.ReviewMarkingStrategy;
import org.junit.jupiter.api.Nested;

import java.util.List;

/** The contract test run against two built-in strategies: one that fixes, one that leaves the issue to a human. */
class BuiltInStrategiesHonourTheContractTest {
    @Nested
    class ReferenceRepair extends FixStrategyContractTest {
        @Override protected FixStrategy strategy() { return new ReferenceRepairStrategy(); }
        @Override protected List<IssueDetector> detectors() { return List.of(new BrokenReferenceDetector()); }
        @Override protected ProjectTemplate template() { return ProjectTemplate.classpath("templates/tiny"); }
        @Override protected void seed(TestProject project) { project.replace("20_plot/ch2.yaml", "characters: [Bob]", "characters: [Bobb]"); }
    }

    @Nested
    class ReviewMarking extends FixStrategyContractTest {
        @Override protected FixStrategy strategy() { return new ReviewMarkingStrategy(); }
        @Override protected List<IssueDetector> detectors() { return List.of(new SchemaViolationDetector()); }
        @Override protected ProjectTemplate template() { return ProjectTemplate.classpath("templates/tiny"); }
        @Override protected void seed(TestProject project) { project.replace("30_characters/bob.yaml", "role: smith\n", ""); }
        @Override protected boolean expectsFix() { return false; }
    }
}
