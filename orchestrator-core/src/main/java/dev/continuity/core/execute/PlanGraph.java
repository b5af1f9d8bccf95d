package dev.continuity.core.execute;

import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizedStep;
import dev.continuity.api.UpdateStep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of a plan as arrays in the optimiser's priority order (index = rank), with predecessors, successors and
 * estimated durations: what the executor and the tracker share about a run.
 */
final class PlanGraph {
    final UpdateStep[] steps;
    final int[][] preds;
    final int[][] succs;
    final long[] estimatedNanos;
    final int[] checkpointPositions;
    final String[] checkpointSteps;
    private final Map<String, Integer> index;

    PlanGraph(IntelligentUpdatePlan plan) {
        List<OptimizedStep> ordered = new ArrayList<>(plan.mlOptimizedSteps());
        ordered.sort(Comparator.comparingInt(OptimizedStep::priority));
        int n = ordered.size();
        steps = new UpdateStep[n];
        index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            steps[i] = ordered.get(i).step();
            if (index.put(steps[i].id(), i) != null) {
                throw new IllegalArgumentException("duplicate step id " + steps[i].id() + " in plan " + plan.planId());
            }
        }
        preds = new int[n][];
        estimatedNanos = new long[n];
        int[] succCount = new int[n];
        for (int i = 0; i < n; i++) {
            List<String> deps = steps[i].dependsOn();
            int[] p = new int[deps.size()];
            for (int k = 0; k < p.length; k++) {
                Integer d = index.get(deps.get(k));
                if (d == null) {
                    throw new IllegalArgumentException("step " + steps[i].id() + " depends on " + deps.get(k) + ", which is not in plan " + plan.planId());
                }
                p[k] = d;
                succCount[d]++;
            }
            preds[i] = p;
            estimatedNanos[i] = steps[i].estimatedDuration().toNanos();
        }
        succs = new int[n][];
        for (int i = 0; i < n; i++) {
            succs[i] = new int[succCount[i]];
            succCount[i] = 0;
        }
        for (int i = 0; i < n; i++) {
            for (int d : preds[i]) {
                succs[d][succCount[d]++] = i;
            }
        }
        List<int[]> cps = new ArrayList<>();
        List<String> cpSteps = new ArrayList<>();
        plan.adaptiveCheckpoints().forEach(c -> {
            Integer i = index.get(c.afterStepId());
            if (i != null) {
                cps.add(new int[] {i});
                cpSteps.add(c.afterStepId());
            }
        });
        checkpointPositions = cps.stream().mapToInt(a -> a[0]).toArray();
        checkpointSteps = cpSteps.toArray(String[]::new);
    }

    private int[] topo;

    /** The steps in an order where every step comes after its predecessors. */
    synchronized int[] topologicalOrder() {
        if (topo == null) {
            int n = steps.length;
            int[] indegree = new int[n];
            for (int i = 0; i < n; i++) {
                indegree[i] = preds[i].length;
            }
            int[] order = new int[n];
            int head = 0;
            int tail = 0;
            for (int i = 0; i < n; i++) {
                if (indegree[i] == 0) {
                    order[tail++] = i;
                }
            }
            while (head < tail) {
                int i = order[head++];
                for (int s : succs[i]) {
                    if (--indegree[s] == 0) {
                        order[tail++] = s;
                    }
                }
            }
            if (tail != n) {
                throw new IllegalArgumentException("the plan's step dependencies contain a cycle");
            }
            topo = order;
        }
        return topo;
    }

    int size() {
        return steps.length;
    }

    int indexOf(String stepId) {
        Integer i = index.get(stepId);
        if (i == null) {
            throw new IllegalArgumentException("no step " + stepId);
        }
        return i;
    }
}
