package dev.continuity.testkit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static dev.continuity.testkit.ContinuityAssertions.assertThat;
import static dev.continuity.testkit.ContinuityAssertions.assertThatIssues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

@ContinuityProject(value = "classpath:templates/tiny", clock = "2031-01-01T00:00:00Z", discoverPlugins = true)
class ContinuityProjectAnnotationTest {
    @Test
    void theAnnotationAloneGivesAProjectAndDiscoversPlugins(TestProject project, TestClock clock) {
        assertThat(clock.instant().toString()).isEqualTo("2031-01-01T00:00:00Z");
        assertThat(project).hasFile("40_chapters/ch1.md").hasReferencesTo("Ally");
        assertThatIssues(project.detectIssues()).isEmpty();
        project.replace("20_plot/ch2.yaml", "characters: [Bob]", "characters: [Bobb]");
        assertThatIssues(project.detectIssues()).hasSize(1).containsIssue("broken-reference", "20_plot/ch2.yaml");
    }

    @Test
    @ContinuityProject("src/test/resources/templates/tiny")
    void aMethodMayNameAnotherTemplateByPath(TestProject project) {
        assertThat(project.exists("continuity.yaml")).isTrue();
        assertThatIssues(project.detectIssues()).as("this method's annotation does not discover plugins").isEmpty();
    }

    /** JUnit applies the extension the enclosing class registers to a nested class: so does its annotation. */
    @Nested
    class NestedTests {
        @Test
        void aNestedClassUsesTheEnclosingClasssAnnotation(TestProject project, TestClock clock) {
            assertThat(clock.instant().toString()).isEqualTo("2031-01-01T00:00:00Z");
            assertThat(project).hasFile("40_chapters/ch1.md");
        }
    }

    /** Runs only when {@link #aClockThatIsNotAnInstantIsNamedInTheError()} launches it. */
    @EnabledIfSystemProperty(named = BadClock.FIXTURE, matches = "true")
    @ContinuityProject(value = "classpath:templates/tiny", clock = "2031-01-01")
    static class BadClock {
        static final String FIXTURE = "continuity.testkit.bad-clock-fixture";

        @Test
        void needsAProject(TestProject project) {
            assertThat(project).isNotNull();
        }
    }

    @Test
    void aClockThatIsNotAnInstantIsNamedInTheError() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(BadClock.class)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        System.setProperty(BadClock.FIXTURE, "true");
        try {
            LauncherFactory.create().execute(request, listener);
        } finally {
            System.clearProperty(BadClock.FIXTURE);
        }
        assertThat(listener.getSummary().getFailures()).singleElement().extracting(TestExecutionSummary.Failure::getException)
                .satisfies(e -> assertThat(e).isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                        .hasMessageContaining("@ContinuityProject(clock = \"2031-01-01\")")
                        .hasMessageContaining(BadClock.class.getName()).hasMessageContaining("ISO-8601"));
    }
}
