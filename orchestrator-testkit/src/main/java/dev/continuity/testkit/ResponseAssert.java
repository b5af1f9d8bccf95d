package dev.continuity.testkit;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileChange;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Assertions on an {@link EnhancedUpdateResponse}. */
public final class ResponseAssert extends AbstractAssert<ResponseAssert, EnhancedUpdateResponse> {
    ResponseAssert(EnhancedUpdateResponse actual) {
        super(actual, ResponseAssert.class);
    }

    /** The run succeeded. */
    public ResponseAssert succeeded() {
        return hasStatus(ExecutionStatus.SUCCEEDED);
    }

    /** The run failed and was rolled back. */
    public ResponseAssert rolledBack() {
        return hasStatus(ExecutionStatus.ROLLED_BACK);
    }

    /**
     * The run ended with this status; the failure message names the failed steps.
     *
     * @param status the expected status
     * @return this assertion
     */
    public ResponseAssert hasStatus(ExecutionStatus status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("expected execution %s to be %s but was %s; failed steps: %s", actual.executionId(), status, actual.status(), failedSteps());
        }
        return this;
    }

    /** No step failed. */
    public ResponseAssert hasNoFailedSteps() {
        isNotNull();
        if (!failedSteps().isEmpty()) {
            failWithMessage("expected no failed steps but found: %s", failedSteps());
        }
        return this;
    }

    /**
     * Every issue the run detected was fixed and the fix verified, and no healing action asks for a human.
     */
    public ResponseAssert hasNoUnresolvedIssues() {
        isNotNull();
        List<String> unresolved = actual.detectedIssues().stream()
                .filter(i -> actual.healingActions().stream().noneMatch(a -> a.issue().id().equals(i.id()) && a.autoFixApplied() && a.verificationResult()))
                .map(i -> describe(i, actual.healingActions()))
                .collect(Collectors.toList());
        actual.healingActions().stream().filter(SelfHealingAction::manualInterventionRequired)
                .map(a -> describe(a.issue(), List.of(a))).filter(d -> !unresolved.contains(d)).forEach(unresolved::add);
        if (!unresolved.isEmpty()) {
            failWithMessage("expected every detected issue to be fixed and verified, but %d are not:%n  %s", unresolved.size(),
                    String.join("\n  ", unresolved));
        }
        return this;
    }

    /** The run changed (at least) these files. */
    public ResponseAssert changed(String... paths) {
        isNotNull();
        Set<String> changed = changedPaths();
        for (String p : paths) {
            if (!changed.contains(p)) {
                failWithMessage("expected %s to be changed; changed files: %s", p, changed);
            }
        }
        return this;
    }

    /** The run left these files alone. */
    public ResponseAssert didNotChange(String... paths) {
        isNotNull();
        Set<String> changed = changedPaths();
        for (String p : paths) {
            if (changed.contains(p)) {
                failWithMessage("expected %s not to be changed, but it was: %s", p, actual.changedFiles().stream().filter(c -> c.path().equals(p)).toList());
            }
        }
        return this;
    }

    /** Healing fixed (and verified) at least one issue of this type during the run. */
    public ResponseAssert healed(String issueType) {
        isNotNull();
        if (actual.healingActions().stream().noneMatch(a -> a.issueType().equals(issueType) && a.autoFixApplied() && a.verificationResult())) {
            failWithMessage("expected a verified fix of a %s issue; healing actions: %s", issueType,
                    actual.healingActions().stream().map(a -> a.issueType() + " " + a.outcome() + ": " + a.fixDescription()).toList());
        }
        return this;
    }

    private Set<String> changedPaths() {
        return actual.changedFiles().stream().map(FileChange::path).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private List<String> failedSteps() {
        return actual.stepResults().stream().filter(s -> s.outcome() == StepOutcome.FAILED)
                .map((StepResult s) -> s.file() + " (" + s.handlerId() + "): " + s.error().orElse("?")).toList();
    }

    private static String describe(ConsistencyIssue i, List<SelfHealingAction> actions) {
        String what = actions.stream().filter(a -> a.issue().id().equals(i.id())).map(a -> a.outcome() + ": " + a.fixDescription()).findFirst()
                .orElse("no healing action");
        return i.id() + " (" + i.message() + ") -> " + what;
    }
}
