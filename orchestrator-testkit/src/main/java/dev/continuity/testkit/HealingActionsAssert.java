package dev.continuity.testkit;

import dev.continuity.api.FixOutcome;
import dev.continuity.api.SelfHealingAction;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.function.Predicate;

/** Assertions on what healing did: a list of {@link SelfHealingAction}s. */
public final class HealingActionsAssert extends AbstractAssert<HealingActionsAssert, List<SelfHealingAction>> {
    HealingActionsAssert(List<SelfHealingAction> actual) {
        super(actual, HealingActionsAssert.class);
    }

    /** Every action applied a fix that was verified. */
    public HealingActionsAssert allVerified() {
        return all(a -> a.autoFixApplied() && a.verificationResult(), "to be applied and verified");
    }

    /** No action asks for a human. */
    public HealingActionsAssert noneNeedHuman() {
        return all(a -> !a.manualInterventionRequired(), "not to need a human");
    }

    /** No fix was applied (e.g. on a second, idempotent run). */
    public HealingActionsAssert noneApplied() {
        return all(a -> !a.autoFixApplied(), "not to be applied");
    }

    /** No strategy failed outright. */
    public HealingActionsAssert noneFailed() {
        return all(a -> a.outcome() != FixOutcome.FAILED, "not to have failed");
    }

    /** At least one issue of this type was fixed and verified. */
    public HealingActionsAssert fixed(String issueType) {
        return any(a -> a.issueType().equals(issueType) && a.autoFixApplied() && a.verificationResult(), "a verified fix of a " + issueType + " issue");
    }

    /** At least one issue of this type was left for a human. */
    public HealingActionsAssert leftForHuman(String issueType) {
        return any(a -> a.issueType().equals(issueType) && a.manualInterventionRequired(), "a " + issueType + " issue left for a human");
    }

    private HealingActionsAssert all(Predicate<SelfHealingAction> p, String what) {
        isNotNull();
        List<SelfHealingAction> bad = actual.stream().filter(p.negate()).toList();
        if (!bad.isEmpty()) {
            failWithMessage("expected every healing action %s, but %d are not:%n  %s", what, bad.size(), String.join("\n  ", describe(bad)));
        }
        return this;
    }

    private HealingActionsAssert any(Predicate<SelfHealingAction> p, String what) {
        isNotNull();
        if (actual.stream().noneMatch(p)) {
            failWithMessage("expected %s among:%n  %s", what, String.join("\n  ", describe(actual)));
        }
        return this;
    }

    private static List<String> describe(List<SelfHealingAction> actions) {
        return actions.stream().map(a -> a.issue().id() + " " + a.outcome() + " by " + a.strategyId() + ": " + a.fixDescription()).toList();
    }
}
