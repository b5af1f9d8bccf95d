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
 * assertThat(orchestrator.monitorRealTimeProgress(response.executionId())).raisedNoAlert(Alert.Kind.ISOLATED_MODE);
 * assertThat(project).hasNoReferencesTo("旧名");
 * assertThat(impact).predicts("40_原稿/第1巻/第1話.md");
 * assertThatHealing(actions).allVerified();
 * }</pre>
 */
public final class ContinuityAssertions {
    private ContinuityAssertions() {}

    /**
     * Assertions on a run's response: its status, steps, changed files and healing.
     *
     * @param actual the response of {@code executeIntelligentUpdate} (or {@code resume})
     * @return the assertions
     */
    public static ResponseAssert assertThat(EnhancedUpdateResponse actual) {
        return new ResponseAssert(actual);
    }

    /**
     * Assertions on a snapshot of a run: its status, its alerts by kind and severity, its health.
     *
     * @param actual a snapshot of {@code monitorRealTimeProgress}, during the run or after it
     * @return the assertions
     */
    public static MonitorAssert assertThat(dev.continuity.api.RealTimeMonitor actual) {
        return new MonitorAssert(actual);
    }

    /**
     * Assertions on an impact prediction: which files it predicts, with what confidence and why.
     *
     * @param actual the analysis of {@code predictUpdateImpact}
     * @return the assertions
     */
    public static ImpactAssert assertThat(PredictiveImpactAnalysis actual) {
        return new ImpactAssert(actual);
    }

    /**
     * Assertions on one detected issue: its type, file, line, severity and suggestion.
     *
     * @param actual the issue
     * @return the assertions
     */
    public static IssueAssert assertThat(ConsistencyIssue actual) {
        return new IssueAssert(actual);
    }

    /**
     * Assertions on one healing action: its outcome, its strategy and whether it was verified.
     *
     * @param actual the action
     * @return the assertions
     */
    public static HealingActionAssert assertThat(SelfHealingAction actual) {
        return new HealingActionAssert(actual);
    }

    /**
     * Assertions on a scan (or any snapshot).
     *
     * @param actual the snapshot
     * @return the assertions
     */
    public static ProjectAssert assertThat(ProjectSnapshot actual) {
        return new ProjectAssert(actual);
    }

    /**
     * Assertions on a test project, as a fresh scan sees it now (the project is scanned when this is called, not when an
     * assertion runs).
     *
     * @param actual the test project
     * @return the assertions on its scan
     */
    public static ProjectAssert assertThat(TestProject actual) {
        return new ProjectAssert(actual.scan());
    }

    /**
     * Assertions on a list of issues (named apart from AssertJ's list assertions).
     *
     * @param actual the issues, as a detector or {@code detectIssues} returned them
     * @return the assertions
     */
    public static IssuesAssert assertThatIssues(List<ConsistencyIssue> actual) {
        return new IssuesAssert(actual);
    }

    /**
     * Assertions on what healing did (named apart from AssertJ's list assertions).
     *
     * @param actual the actions, as {@code applySelfHealing} or a response returned them
     * @return the assertions
     */
    public static HealingActionsAssert assertThatHealing(List<SelfHealingAction> actual) {
        return new HealingActionsAssert(actual);
    }
}
