package dev.continuity.testkit;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.Severity;
import dev.continuity.api.ChangeContext;
import dev.continuity.api.UpdateType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.continuity.testkit.ContinuityAssertions.assertThat;
import static dev.continuity.testkit.ContinuityAssertions.assertThatHealing;
import static dev.continuity.testkit.ContinuityAssertions.assertThatIssues;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AssertionsTest {
    @RegisterExtension
    static ContinuityExtension continuity = ContinuityExtension.forTemplate(ProjectTemplate.directory(java.nio.file.Path.of("src/test/resources/templates/tiny"))).build();

    private static final ConsistencyIssue ISSUE = new ConsistencyIssue("broken-reference:a.yaml#Bobb", "broken-reference", Severity.WARNING, "a.yaml", 3,
            Optional.of("Bobb"), "'Bobb' names no known entity", List.of("a.yaml:3: characters: [Bobb]"), Optional.of("Bob"), "broken-reference");

    private static SelfHealingAction action(boolean applied, boolean verified, boolean human, FixOutcome outcome) {
        return new SelfHealingAction(ISSUE.type(), Instant.EPOCH, ISSUE.severity(), applied, "replaced 'Bobb' with 'Bob'", verified, human, outcome,
                "reference-repair", ISSUE, applied ? List.of("a.yaml") : List.of());
    }

    @Test
    void issueAssertions() {
        assertThat(ISSUE).hasType("broken-reference").isInFile("a.yaml").isAtLine(3).concerns("Bobb").hasSeverity(Severity.WARNING)
                .hasEvidenceContaining("characters: [Bobb]").suggests("Bob");
        assertThatThrownBy(() -> assertThat(ISSUE).isAtLine(4)).isInstanceOf(AssertionError.class).hasMessageContaining("line 4 but was 3");
        assertThatIssues(List.of(ISSUE)).hasSize(1).containsType("broken-reference").doesNotContainType("stale-rename");
        assertThatThrownBy(() -> assertThatIssues(List.of(ISSUE)).isEmpty()).hasMessageContaining("broken-reference:a.yaml#Bobb");
    }

    @Test
    void healingActionAssertions() {
        assertThat(action(true, true, false, FixOutcome.APPLIED)).wasApplied().isVerified().hasOutcome(FixOutcome.APPLIED).changedExactly("a.yaml")
                .describes("with 'Bob'");
        assertThatHealing(List.of(action(true, true, false, FixOutcome.APPLIED))).allVerified().noneNeedHuman().noneFailed().fixed("broken-reference");
        assertThatThrownBy(() -> assertThatHealing(List.of(action(false, false, true, FixOutcome.NEEDS_HUMAN))).allVerified())
                .hasMessageContaining("NEEDS_HUMAN by reference-repair");
        assertThatHealing(List.of(action(false, false, true, FixOutcome.NEEDS_HUMAN))).noneApplied().leftForHuman("broken-reference");
    }

    @Test
    void impactAndProjectAssertions(TestProject project) {
        PredictiveImpactAnalysis impact = project.orchestrator().predictUpdateImpact(ChangeContext.of(UpdateType.CHARACTER_CHANGE, "30_characters/bob.yaml"), 0.5);
        assertThat(impact).predicts("40_chapters/ch2.md", "20_plot/ch2.yaml").doesNotPredict("50_notes/ideas.md")
                .predictsWithConfidenceAtLeast("40_chapters/ch2.md", 0.5).explains("40_chapters/ch2.md", "30_characters/bob.yaml");
        assertThatThrownBy(() -> assertThat(impact).predicts("50_notes/ideas.md")).hasMessageContaining("expected 50_notes/ideas.md to be predicted");
        assertThat(project).hasReferencesTo("Robert").hasFileContaining("40_chapters/ch2.md", "Robert walked");
        assertThatThrownBy(() -> assertThat(project).hasNoReferencesTo("Bob")).hasMessageContaining("expected no references to 'Bob'")
                .hasMessageContaining("20_plot/ch1.yaml:3");
    }
}
