package dev.continuity.testkit;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.spi.ProjectSnapshot;

import java.util.List;

/**
 * AssertJ entry points for Continuity's results. Import statically next to AssertJ's:
 *
 * <pre>{@code
 * import static dev.continuity.testkit.ContinuityAssertions.assertThat;
 *
 * assertThat(response).succeeded().hasNoUnresolvedIssues();
 * assertThat(project).hasNoReferencesTo("旧名");
 * assertThat(impact).predicts("40_原稿/第1巻/第1話.md");
 * assertThatHealing(actions).allVerified();
 * }</pre>
 */
public final class ContinuityAssertions {
    private ContinuityAssertions() {}

    public static ResponseAssert assertThat(EnhancedUpdateResponse actual) {
        return new ResponseAssert(actual);
    }

    public static ImpactAssert assertThat(PredictiveImpactAnalysis actual) {
        return new ImpactAssert(actual);
    }

    public static IssueAssert assertThat(ConsistencyIssue actual) {
        return new IssueAssert(actual);
    }

    public static HealingActionAssert assertThat(SelfHealingAction actual) {
        return new HealingActionAssert(actual);
    }

    /** Assertions on a scan (or any snapshot). */
    public static ProjectAssert assertThat(ProjectSnapshot actual) {
        return new ProjectAssert(actual);
    }

    /** Assertions on a test project, as a fresh scan sees it now. */
    public static ProjectAssert assertThat(TestProject actual) {
        return new ProjectAssert(actual.scan());
    }

    /** Assertions on a list of issues (named apart from AssertJ's list assertions). */
    public static IssuesAssert assertThatIssues(List<ConsistencyIssue> actual) {
        return new IssuesAssert(actual);
    }

    /** Assertions on what healing did (named apart from AssertJ's list assertions). */
    public static HealingActionsAssert assertThatHealing(List<SelfHealingAction> actual) {
        return new HealingActionsAssert(actual);
    }
}
