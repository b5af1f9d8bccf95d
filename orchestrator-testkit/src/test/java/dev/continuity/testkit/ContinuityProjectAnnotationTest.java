package dev.continuity.testkit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.continuity.testkit.ContinuityAssertions.assertThat;
import static dev.continuity.testkit.ContinuityAssertions.assertThatIssues;
import static org.assertj.core.api.Assertions.assertThat;

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
}
