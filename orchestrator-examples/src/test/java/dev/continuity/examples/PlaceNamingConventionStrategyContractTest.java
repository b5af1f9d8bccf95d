package dev.continuity.examples;

import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.examples.healing.PlaceNamingConventionDetector;
import dev.continuity.examples.healing.PlaceNamingConventionStrategy;
import dev.continuity.healing.BuiltIns;
import dev.continuity.testkit.FixStrategyContractTest;
import dev.continuity.testkit.ProjectTemplate;
import dev.continuity.testkit.TestProject;

import java.util.ArrayList;
import java.util.List;

/** The custom place-naming strategy honours the FixStrategy contract, verified by its own detector and every built-in one. */
class PlaceNamingConventionStrategyContractTest extends FixStrategyContractTest {
    @Override
    protected FixStrategy strategy() {
        return new PlaceNamingConventionStrategy();
    }

    @Override
    protected List<IssueDetector> detectors() {
        List<IssueDetector> all = new ArrayList<>(BuiltIns.detectors());
        all.add(new PlaceNamingConventionDetector());
        return all;
    }

    @Override
    protected ProjectTemplate template() {
        return ProjectTemplate.classpath("samples/large_fantasy_saga");
    }

    @Override
    protected void seed(TestProject project) {
        project.replace("20_プロット/第2巻/第4章.yaml", "locations: [王都]", "locations: [白亜の都]");
    }
}
