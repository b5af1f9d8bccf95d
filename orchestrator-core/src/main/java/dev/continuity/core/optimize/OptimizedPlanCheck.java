package dev.continuity.core.optimize;

import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.UpdatePlan;
import dev.continuity.api.UpdateStep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the plan a {@link dev.continuity.api.spi.SequenceOptimizer} returned against the plan it was given, so that
 * an optimiser plugged in by an application cannot drop, add, duplicate or alter a step, and cannot make a plan slower
 * than critical-path list scheduling when time is the most important goal.
 *
 * <pre>{@code
 * Optional<String> why = OptimizedPlanCheck.problem(plan, optimizer.optimize(plan, goals), goals, true);
 * }</pre>
 */
public final class OptimizedPlanCheck {

    private static final int NAMED = 3;

    private OptimizedPlanCheck() {
    }

    /**
     * Why {@code optimized} cannot be used for {@code plan}, or empty when it can.
     *
     * @param plan          the plan given to the optimiser
     * @param optimized     the optimiser's result
     * @param goals         the goals, most important first
     * @param checkMakespan whether to compare the result's list schedule with the critical-path (CP/MISF) baseline when
     *                      {@link OptimizationGoal#MINIMIZE_TIME} is the first goal (service capacities are not known
     *                      here, so both are scheduled without them)
     */
    public static Optional<String> problem(UpdatePlan plan, IntelligentUpdatePlan optimized, List<OptimizationGoal> goals,
                                           boolean checkMakespan) {
        if (optimized == null) {
            return Optional.of("it returned no plan");
        }
        if (!optimized.planId().equals(plan.planId())) {
            return Optional.of("it returned plan '" + optimized.planId() + "' for plan '" + plan.planId() + "'");
        }
        Map<String, UpdateStep> given = new LinkedHashMap<>();
        plan.steps().forEach(s -> given.put(s.id(), s));
        Set<String> seen = new LinkedHashSet<>();
        List<String> duplicated = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> altered = new ArrayList<>();
        for (UpdateStep s : optimized.steps()) {
            UpdateStep original = given.get(s.id());
            if (original == null) {
                unknown.add(s.id());
            } else if (!seen.add(s.id())) {
                duplicated.add(s.id());
            } else if (!original.equals(s)) {
                altered.add(s.id());
            }
        }
        List<String> missing = given.keySet().stream().filter(id -> !seen.contains(id)).toList();
        List<String> faults = new ArrayList<>();
        describe(faults, "left out", missing);
        describe(faults, "added", unknown);
        describe(faults, "repeated", duplicated);
        describe(faults, "changed", altered);
        if (!faults.isEmpty()) {
            return Optional.of("it " + String.join(", ", faults));
        }
        if (checkMakespan && !goals.isEmpty() && goals.get(0) == OptimizationGoal.MINIMIZE_TIME && !given.isEmpty()) {
            SchedulingProblem problem = GeneticUpdateOptimizer.problemOf(plan, Map.of());
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < plan.steps().size(); i++) {
                index.put(plan.steps().get(i).id(), i);
            }
            int[] order = optimized.steps().stream().mapToInt(s -> index.get(s.id())).toArray();
            double makespan = PriorityRule.best(ProblemGraph.of(problem), order).makespan();
            double baseline = PriorityRule.CP_MISF.schedule(problem).makespan();
            if (makespan > baseline + 1e-9) {
                return Optional.of(String.format(Locale.ROOT, "its order takes %.3f s where critical-path list "
                        + "scheduling takes %.3f s, and time is the first goal", makespan, baseline));
            }
        }
        return Optional.empty();
    }

    private static void describe(List<String> faults, String what, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        String named = String.join(", ", ids.subList(0, Math.min(NAMED, ids.size())));
        faults.add(what + " " + ids.size() + " step(s) (" + named + (ids.size() > NAMED ? ", ..." : "") + ")");
    }
}
