package dev.continuity.core.heal;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.core.project.Project;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The heal stage of the pipeline: detects consistency issues on a project state and tries to fix them. Fixes are
 * staged on top of the given staged writes and verified on the resulting state; nothing is written to disk here; the
 * caller commits {@link Outcome#writes()} together with its own staged writes.
 *
 * <p>The engine is {@code orchestrator-healing}'s {@code SelfHealingEngine}; without it the orchestrator detects but
 * fixes nothing ({@link #detectOnly(HealingEnvironment)}).
 */
public interface HealingStage {

    /** Runs every detector on {@code state}; a detector that throws is contained and counted. */
    List<ConsistencyIssue> detect(Project state);

    /**
     * Tries to fix each issue on top of {@code staged} (the writes of the run so far; empty for a standalone heal).
     *
     * @param base   the scan the staged writes apply to
     * @param staged writes already staged, by path
     * @param issues the issues to heal, as detected on {@code base} plus {@code staged}
     * @return one action per issue, and the writes of the fixes that were kept
     */
    Outcome heal(Project base, Map<String, byte[]> staged, List<ConsistencyIssue> issues);

    /**
     * Like {@link #heal(Project, Map, List)}, but the {@code authoritative} files (the files the author changed, in a
     * run) are not changed by any fix: an issue whose fix would change one is marked for review instead. Fixes to
     * other files (to agree with the change) are allowed. The default ignores {@code authoritative}: a stage that can
     * fix files must override it.
     *
     * @param authoritative paths relative to the root that fixes must not change (their review sidecars may be written)
     */
    default Outcome heal(Project base, Map<String, byte[]> staged, List<ConsistencyIssue> issues, java.util.Set<String> authoritative) {
        return heal(base, staged, issues);
    }

    /**
     * What healing did.
     *
     * @param actions one per issue, in the order of the issues
     * @param writes  the kept writes of the fixes (new contents by path), to be staged after {@code staged}
     */
    record Outcome(List<SelfHealingAction> actions, Map<String, byte[]> writes) {
        /** Copies the actions, and the writes deeply (each array is cloned), keeping their order; rejects nulls. */
        public Outcome {
            actions = List.copyOf(actions);
            Map<String, byte[]> copy = new LinkedHashMap<>();
            writes.forEach((k, v) -> copy.put(Objects.requireNonNull(k), v.clone()));
            writes = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /** Creates the stage for one orchestrator. Found with {@link java.util.ServiceLoader} when not set on the builder. */
    @FunctionalInterface
    interface Factory {
        /**
         * Creates the stage of one orchestrator; called once, when the orchestrator is built.
         *
         * @param environment the orchestrator's scanner, path guard, detectors, strategies, clock and meters
         * @return the stage
         */
        HealingStage create(HealingEnvironment environment);
    }

    /** A stage that detects but fixes nothing: every issue is reported as needing a human. */
    static HealingStage detectOnly(HealingEnvironment environment) {
        return new DetectOnlyStage(environment);
    }
}
