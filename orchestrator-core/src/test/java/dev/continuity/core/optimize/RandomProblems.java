package dev.continuity.core.optimize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded random plans for tests: DAGs with durations, services and failure probabilities. */
final class RandomProblems {
    private RandomProblems() {
    }

    /**
     * A random DAG of {@code n} tasks; each earlier task is a predecessor with probability
     * {@code edgeProbability}; durations 1..10 (some 0 when {@code zeroDurations}); about half the
     * tasks use one of {@code services} services with capacity 1..4.
     */
    static SchedulingProblem dag(long seed, int n, int workers, double edgeProbability, int services,
            boolean zeroDurations) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Integer> capacity = new LinkedHashMap<>();
        for (int s = 0; s < services; s++) {
            capacity.put("svc" + s, 1 + random.nextInt(4));
        }
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> preds = new ArrayList<>();
            for (int p = 0; p < i; p++) {
                if (random.nextDouble() < edgeProbability) {
                    preds.add(p);
                }
            }
            double duration = zeroDurations && random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(10);
            Task.Builder b = Task.builder("t" + i).duration(duration).predecessors(preds)
                    .failureProbability(Math.round(random.nextDouble() * 0.3 * 1000) / 1000.0);
            if (services > 0 && random.nextBoolean()) {
                b.service("svc" + random.nextInt(services));
            }
            tasks.add(b.build());
        }
        // shuffle indices so that the index order is not topological
        int[] perm = permutation(random, n);
        int[] inverse = new int[n];
        for (int i = 0; i < n; i++) {
            inverse[perm[i]] = i;
        }
        Task[] shuffled = new Task[n];
        for (int i = 0; i < n; i++) {
            Task t = tasks.get(i);
            List<Integer> preds = t.predecessors().stream().map(p -> inverse[p]).toList();
            shuffled[inverse[i]] = t.toBuilder().predecessors(preds).build();
        }
        return new SchedulingProblem(List.of(shuffled), workers, capacity);
    }

    /**
     * An update plan as the orchestrator builds them: {@code n} steps with durations 1..10, about 3
     * predecessors per step on average among the earlier ones, 70 % of the steps calling one of 1-4
     * services whose bulkheads admit 1-4 calls at once, and 2-8 workers.
     */
    static SchedulingProblem updatePlan(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        int services = 1 + random.nextInt(4);
        Map<String, Integer> capacity = new LinkedHashMap<>();
        for (int s = 0; s < services; s++) {
            capacity.put("svc" + s, 1 + random.nextInt(4));
        }
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> preds = new ArrayList<>();
            for (int p = 0; p < i; p++) {
                if (random.nextDouble() < 3.0 / n) {
                    preds.add(p);
                }
            }
            Task.Builder b = Task.builder("step" + i).duration(1 + random.nextInt(10)).predecessors(preds)
                    .failureProbability(random.nextDouble() * 0.1);
            if (random.nextDouble() < 0.7) {
                b.service("svc" + random.nextInt(services));
            }
            tasks.add(b.build());
        }
        return new SchedulingProblem(tasks, 2 + random.nextInt(7), capacity);
    }

    /** Independent tasks (no precedence) on one worker. */
    static SchedulingProblem independent(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(Task.builder("s" + i).duration(1 + random.nextInt(20))
                    .failureProbability(0.01 + random.nextDouble() * 0.4).build());
        }
        return SchedulingProblem.of(tasks, 1);
    }

    static int[] permutation(SplittableRandom random, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static List<Integer> permutationList(SplittableRandom random, int n) {
        return ListScheduler.toList(permutation(random, n));
    }
}
