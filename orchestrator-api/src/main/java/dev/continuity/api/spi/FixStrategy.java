package dev.continuity.api.spi;

import dev.continuity.api.ConsistencyIssue;

/**
 * Fixes one kind of consistency issue, writing only through {@link FixContext#writer()}. The fix is verified by
 * running the detectors again on the staged state; a fix that does not remove its issue, or that creates another,
 * is reverted.
 */
@FunctionalInterface
public interface FixStrategy {

    /**
     * Tries to fix {@code issue}, writing only through {@code context.writer()}. Runs on its own virtual thread within the
     * healing policy's time limit; throwing or overrunning the limit counts as {@link FixResult#failed FAILED}, and the
     * writes of an attempt that overran are dropped.
     *
     * @param issue   the issue to fix, as detected on {@code context.project()}
     * @param context the staged project, the writer and the clock
     * @return what the strategy did: {@link FixResult#applied applied}, {@link FixResult#notApplicable not applicable},
     *         {@link FixResult#needsHuman needs a human} or {@link FixResult#failed failed}
     */
    FixResult apply(ConsistencyIssue issue, FixContext context);

    /**
     * Whether this strategy handles the issue at all; a strategy that does not is not asked to {@link #apply} it.
     *
     * @param issue the detected issue
     * @return whether to try this strategy on it; true by default
     */
    default boolean canFix(ConsistencyIssue issue) {
        return true;
    }

    /** {@return this strategy's priority: among strategies that can fix an issue, higher is tried first; 0 by default} */
    default int priority() {
        return 0;
    }

    /**
     * Names the strategy in {@link dev.continuity.api.SelfHealingAction#strategyId()}, logs and metrics. Keep it
     * unique: a second strategy with the same id is refused (or, among the orchestrator's strategies, skipped). By
     * default the class's simple name; for a lambda the declaring class's simple name and {@code -lambda} (e.g.
     * {@code MyApp-lambda}), for an anonymous class the enclosing class's and {@code -anonymous}: bounded, the same in
     * every JVM. Lambdas (or anonymous classes) of one class therefore share an id: a second one is refused unless they
     * override {@code id()}.
     *
     * @return the strategy's id
     */
    default String id() {
        return dev.continuity.api.internal.PluginIds.defaultId(getClass());
    }
}
