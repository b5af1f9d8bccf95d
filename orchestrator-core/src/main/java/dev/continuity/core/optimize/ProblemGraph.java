package dev.continuity.core.optimize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The compiled, array-based form of a {@link SchedulingProblem} that the decoders work on:
 * predecessor and successor lists in compressed-row form, durations, failure probabilities and
 * resource demands as primitive arrays. Immutable; share freely.
 */
final class ProblemGraph {
    final int n;
    final String[] ids;
    final double[] duration;
    final double[] failure;
    final int[] predStart;
    final int[] preds;
    final int[] succStart;
    final int[] succs;
    final int workers;
    /** Service index per task, {@code -1} when the task is limited by the worker count only. */
    final int[] service;
    /** Effective capacity per service index ({@code < workers}, otherwise the service is dropped). */
    final int[] capacity;
    final String[] serviceNames;

    private ProblemGraph(int n, String[] ids, double[] duration, double[] failure,
            int[] predStart, int[] preds, int[] succStart, int[] succs,
            int workers, int[] service, int[] capacity, String[] serviceNames) {
        this.n = n;
        this.ids = ids;
        this.duration = duration;
        this.failure = failure;
        this.predStart = predStart;
        this.preds = preds;
        this.succStart = succStart;
        this.succs = succs;
        this.workers = workers;
        this.service = service;
        this.capacity = capacity;
        this.serviceNames = serviceNames;
    }

    static ProblemGraph of(SchedulingProblem problem) {
        List<Task> tasks = problem.tasks();
        int n = tasks.size();
        String[] ids = new String[n];
        double[] duration = new double[n];
        double[] failure = new double[n];
        int[] predStart = new int[n + 1];
        int[] succCount = new int[n];
        for (int i = 0; i < n; i++) {
            Task t = tasks.get(i);
            ids[i] = t.id();
            duration[i] = t.duration();
            failure[i] = t.failureProbability();
            predStart[i + 1] = predStart[i] + t.predecessors().size();
            for (int p : t.predecessors()) {
                succCount[p]++;
            }
        }
        int[] preds = new int[predStart[n]];
        int[] succStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            succStart[i + 1] = succStart[i] + succCount[i];
        }
        int[] succs = new int[succStart[n]];
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) {
            int k = predStart[i];
            for (int p : tasks.get(i).predecessors()) {
                preds[k++] = p;
                succs[succStart[p] + fill[p]++] = i;
            }
        }
        // Services whose capacity is at least the worker count never bind: drop them.
        Map<String, Integer> index = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<Integer> caps = new ArrayList<>();
        int[] service = new int[n];
        for (int i = 0; i < n; i++) {
            service[i] = -1;
            String name = tasks.get(i).service().orElse(null);
            if (name == null) {
                continue;
            }
            Integer cap = problem.serviceCapacity().get(name);
            if (cap == null || cap >= problem.workers()) {
                continue;
            }
            service[i] = index.computeIfAbsent(name, s -> {
                names.add(s);
                caps.add(cap);
                return names.size() - 1;
            });
        }
        int[] capacity = caps.stream().mapToInt(Integer::intValue).toArray();
        return new ProblemGraph(n, ids, duration, failure, predStart, preds, succStart, succs,
                problem.workers(), service, capacity, names.toArray(String[]::new));
    }

    /** The same problem with every edge reversed (for backward scheduling). */
    ProblemGraph reversed() {
        return new ProblemGraph(n, ids, duration, failure, succStart, succs, predStart, preds,
                workers, service, capacity, serviceNames);
    }

    int predecessorCount(int task) {
        return predStart[task + 1] - predStart[task];
    }

    int successorCount(int task) {
        return succStart[task + 1] - succStart[task];
    }

    /** A topological order; among ready tasks the smallest index goes first. */
    int[] topologicalOrder() {
        int[] pending = new int[n];
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            pending[i] = predecessorCount(i);
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        int[] order = new int[n];
        int k = 0;
        while (!ready.isEmpty()) {
            int t = ready.poll();
            order[k++] = t;
            for (int s = succStart[t]; s < succStart[t + 1]; s++) {
                if (--pending[succs[s]] == 0) {
                    ready.add(succs[s]);
                }
            }
        }
        return order;
    }

    /** Longest path from each task to an exit, the task's own duration included. */
    double[] bottomLevels() {
        int[] topo = topologicalOrder();
        double[] level = new double[n];
        for (int k = n - 1; k >= 0; k--) {
            int t = topo[k];
            double best = 0;
            for (int s = succStart[t]; s < succStart[t + 1]; s++) {
                best = Math.max(best, level[succs[s]]);
            }
            level[t] = best + duration[t];
        }
        return level;
    }

    /** Earliest start of each task when resources are unlimited. */
    double[] topLevels() {
        int[] topo = topologicalOrder();
        double[] level = new double[n];
        for (int t : topo) {
            double best = 0;
            for (int p = predStart[t]; p < predStart[t + 1]; p++) {
                best = Math.max(best, level[preds[p]] + duration[preds[p]]);
            }
            level[t] = best;
        }
        return level;
    }

    /**
     * A cycle among the tasks' predecessor links, as a list of task indices where the last one
     * depends on the first; empty when the graph is acyclic. Predecessor indices must be in range.
     */
    static List<Integer> findCycle(List<Task> tasks) {
        int n = tasks.size();
        int[] state = new int[n]; // 0 new, 1 on stack, 2 done
        int[] parent = new int[n];
        for (int root = 0; root < n; root++) {
            if (state[root] != 0) {
                continue;
            }
            Deque<int[]> stack = new ArrayDeque<>();
            stack.push(new int[] {root, 0});
            state[root] = 1;
            parent[root] = -1;
            while (!stack.isEmpty()) {
                int[] frame = stack.peek();
                int t = frame[0];
                List<Integer> preds = tasks.get(t).predecessors();
                if (frame[1] < preds.size()) {
                    int p = preds.get(frame[1]++);
                    if (p < 0 || p >= n) {
                        continue;
                    }
                    if (state[p] == 1) {
                        // The DFS walks predecessor links, so parent[c] depends on c and t
                        // depends on p: the list t, parent[t], ..., p is in "must precede" order.
                        List<Integer> cycle = new ArrayList<>();
                        for (int c = t; c != p; c = parent[c]) {
                            cycle.add(c);
                        }
                        cycle.add(p);
                        cycle.add(t);
                        return cycle;
                    }
                    if (state[p] == 0) {
                        state[p] = 1;
                        parent[p] = t;
                        stack.push(new int[] {p, 0});
                    }
                } else {
                    state[t] = 2;
                    stack.pop();
                }
            }
        }
        return List.of();
    }
}
