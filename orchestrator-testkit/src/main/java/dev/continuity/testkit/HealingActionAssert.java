package dev.continuity.testkit;

import dev.continuity.api.FixOutcome;
import dev.continuity.api.SelfHealingAction;
import org.assertj.core.api.AbstractAssert;

import java.util.List;

/** Assertions on one {@link SelfHealingAction}. */
public final class HealingActionAssert extends AbstractAssert<HealingActionAssert, SelfHealingAction> {
    HealingActionAssert(SelfHealingAction actual) {
        super(actual, HealingActionAssert.class);
    }

    /** A fix was applied and kept. */
    public HealingActionAssert wasApplied() {
        return check(actual.autoFixApplied(), "to be applied");
    }

    /** Nothing was applied. */
    public HealingActionAssert wasNotApplied() {
        return check(!actual.autoFixApplied(), "not to be applied");
    }

    /** Re-running the detectors confirmed the fix. */
    public HealingActionAssert isVerified() {
        return check(actual.verificationResult(), "to be verified");
    }

    /** A human must act. */
    public HealingActionAssert needsHuman() {
        return check(actual.manualInterventionRequired(), "to need a human");
    }

    /**
     * The action ended with this outcome ({@code APPLIED} for a fix that held and was kept).
     *
     * @param outcome the expected outcome
     * @return this assertion
     */
    public HealingActionAssert hasOutcome(FixOutcome outcome) {
        return check(actual.outcome() == outcome, "to have outcome " + outcome);
    }

    /**
     * The action names this strategy ({@code none} when no strategy handled the issue).
     *
     * @param strategyId the strategy's id
     * @return this assertion
     */
    public HealingActionAssert byStrategy(String strategyId) {
        return check(actual.strategyId().equals(strategyId), "to be by strategy " + strategyId);
    }

    /** The description (what was done, or the evidence for a human) contains this text. */
    public HealingActionAssert describes(String fragment) {
        return check(actual.fixDescription().contains(fragment), "to describe '" + fragment + "'");
    }

    /** The fix changed exactly these files. */
    public HealingActionAssert changedExactly(String... files) {
        return check(actual.changedFiles().stream().sorted().toList().equals(List.of(files).stream().sorted().toList()),
                "to change exactly " + List.of(files));
    }

    private HealingActionAssert check(boolean ok, String what) {
        isNotNull();
        if (!ok) {
            failWithMessage("expected the healing action for %s %s, but it was %s by %s (applied=%s, verified=%s, human=%s, files=%s): %s",
                    actual.issue().id(), what, actual.outcome(), actual.strategyId(), actual.autoFixApplied(), actual.verificationResult(),
                    actual.manualInterventionRequired(), actual.changedFiles(), actual.fixDescription());
        }
        return this;
    }
}
