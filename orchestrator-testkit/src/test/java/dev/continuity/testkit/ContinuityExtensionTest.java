package dev.continuity.testkit;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.UpdateType;
import dev.continuity.core.Orchestrator;
import dev.continuity.healing.BuiltIns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.continuity.testkit.ContinuityAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class ContinuityExtensionTest {
    static final Instant START = Instant.parse("2030-05-01T09:00:00Z");
    static final List<Path> ROOTS = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static ContinuityExtension continuity = ContinuityExtension.forTemplate(ProjectTemplate.classpath("templates/tiny"))
            .clock(START)
            .configure(b -> BuiltIns.detectors().forEach(b::issueDetector))
            .configure(b -> BuiltIns.strategies().forEach(b::fixStrategy))
            .build();

    @RepeatedTest(2)
    void eachTestGetsAFreshCopy(TestProject project) {
        ROOTS.add(project.root());
        assertThat(project.read("20_plot/ch1.yaml")).contains("characters: [Alice, Bob]");
        project.replace("20_plot/ch1.yaml", "Alice, Bob", "Alice");
    }

    @AfterAll
    static void copiesAreDeletedAfterEachTest() {
        assertThat(ROOTS).hasSize(2).doesNotHaveDuplicates().noneMatch(Files::exists);
    }

    @Test
    void theOrchestratorRunsOnTheTestClock(TestProject project, TestClock clock, Orchestrator orchestrator) {
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(project.orchestrator()).isSameAs(orchestrator);
        clock.advance(Duration.ofHours(1));
        EnhancedUpdateResponse r = project.update(ConsistencyUpdateRequest.builder().projectName("tiny").updateType(UpdateType.PLOT_CHANGE)
                .changedFile("20_plot/ch1.yaml").build());
        assertThat(r).succeeded().hasNoFailedSteps().changed("40_chapters/ch1.md").didNotChange("50_notes/ideas.md").hasNoUnresolvedIssues();
        assertThat(project.read("40_chapters/ch1.md")).contains("at: \"2030-05-01T10:00:00Z\"");
    }

    @Test
    void renameThroughTheHarness(TestProject project) {
        project.recordScan();
        project.replace("30_characters/bob.yaml", "name: Bob", "name: Bert");
        project.rebuild();
        EnhancedUpdateResponse r = project.update(ConsistencyUpdateRequest.builder().projectName("tiny").updateType(UpdateType.CHARACTER_CHANGE)
                .changedFile("30_characters/bob.yaml").build());
        assertThat(r).succeeded().hasNoUnresolvedIssues();
        assertThat(project).hasNoReferencesTo("Bob").hasReferencesTo("Bert");
    }
}
