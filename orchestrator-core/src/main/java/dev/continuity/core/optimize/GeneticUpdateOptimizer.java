package dev.continuity.core.optimize;

import dev.continuity.api.AdaptiveCheckpoint;
import dev.continuity.api.DependencyEdge;
import dev.continuity.api.DependencyGraphView;
import dev.continuity.api.EdgeKind;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.OptimizedStep;
import dev.continuity.api.UpdatePlan;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.spi.SequenceOptimizer;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * The default {@link SequenceOptimizer}: turns an {@link UpdatePlan} into a {@link SchedulingProblem} (step durations,
 * dependencies, services with their capacities, failure probabilities), optimises it with a {@link ScheduleOptimizer}
 * ({@link GeneticSequenceOptimizer} unless another is given), and reports the schedule, the gain over the CP/MISF
 * baseline, the expected lost work and the adaptive checkpoints with their reasons. Never worse than the baseline:
 * the optimiser guarantees it, and this class checks it.
 */
public final class GeneticUpdateOptimizer implements SequenceOptimizer {
    private final ScheduleOptimizer optimizer;
    private final ToIntFunction<String> serviceCapacity;
    private final String id;

    /**
     * @param optimizer       the schedule optimiser
     * @param serviceCapacity per service, how many of its steps may run at once (bulkhead or rate limit); services not
     *                        named are limited by the workers only
     * @param id              the id reported in plans
     */
    public GeneticUpdateOptimizer(ScheduleOptimizer optimizer, Map<String, Integer> serviceCapacity, String id) {
        this(optimizer, capacities(serviceCapacity), id);
    }

    /**
     * @param optimizer       the schedule optimiser
     * @param serviceCapacity how many steps of a service may run at once (the orchestrator's: the service's bulkhead),
     *                        asked for each service of a plan; {@link Integer#MAX_VALUE} for no limit but the workers
     * @param id              the id reported in plans
     */
    public GeneticUpdateOptimizer(ScheduleOptimizer optimizer, ToIntFunction<String> serviceCapacity, String id) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.serviceCapacity = Objects.requireNonNull(serviceCapacity, "serviceCapacity");
        this.id = Objects.requireNonNull(id, "id");
    }

    private static ToIntFunction<String> capacities(Map<String, Integer> serviceCapacity) {
        Map<String, Integer> copy = Map.copyOf(serviceCapacity);
        return s -> copy.getOrDefault(s, Integer.MAX_VALUE);
    }

    /** The genetic optimiser, seeded from {@code random}, with a time budget per plan. */
    public static GeneticUpdateOptimizer genetic(RandomGenerator random, InstantSource clock, Duration budget, Map<String, Integer> serviceCapacity) {
        return genetic(random, clock, budget, capacities(serviceCapacity));
    }

    /** The genetic optimiser, seeded from {@code random}, with a time budget per plan and each service's capacity. */
    public static GeneticUpdateOptimizer genetic(RandomGenerator random, InstantSource clock, Duration budget, ToIntFunction<String> serviceCapacity) {
        GeneticOptimizerConfig config = GeneticOptimizerConfig.defaults().toBuilder().seed(random.nextLong()).timeBudget(budget).build();
        return new GeneticUpdateOptimizer(new GeneticSequenceOptimizer(config, clock), serviceCapacity, "genetic");
    }

    @Override
    public String id() {
        return id;
    }

    /** The scheduling problem of a plan: one task per step, in the plan's order. */
    public SchedulingProblem problem(UpdatePlan plan) {
        Map<String, Integer> capacity = new LinkedHashMap<>();
        for (UpdateStep s : plan.steps()) {
            if (!capacity.containsKey(s.service())) {
                capacity.put(s.service(), serviceCapacity.applyAsInt(s.service()));
            }
        }
        // a service that can run as many steps as there are workers is no constraint
        capacity.values().removeIf(c -> c >= plan.workers());
        return problemOf(plan, capacity);
    }

    /**
     * The scheduling problem of a plan: one task per step, in the plan's order; the services named in
     * {@code serviceCapacity} run at most that many of their steps at once.
     */
    public static SchedulingProblem problemOf(UpdatePlan plan, Map<String, Integer> serviceCapacity) {
        Map<String, Integer> index = new HashMap<>();
        List<UpdateStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            index.put(steps.get(i).id(), i);
        }
        SchedulingProblem.Builder b = SchedulingProblem.builder().workers(plan.workers());
        for (UpdateStep s : steps) {
            Task.Builder t = Task.builder(s.id()).duration(s.estimatedDuration().toNanos() / 1e9)
                    .predecessors(s.dependsOn().stream().map(index::get).toList())
                    .failureProbability(s.failureProbability());
            if (serviceCapacity.containsKey(s.service())) {
                t.service(s.service());
            }
            b.task(t.build());
        }
        serviceCapacity.forEach(b::serviceCapacity);
        return b.build();
    }

    @Override
    public IntelligentUpdatePlan optimize(UpdatePlan plan, List<OptimizationGoal> goals) {
        List<UpdateStep> steps = plan.steps();
        if (steps.isEmpty()) {
            return new IntelligentUpdatePlan(plan.planId(), List.of(), DependencyGraphView.empty(), Map.of("makespanSeconds", 0.0), List.of(),
                    List.of(), Map.of("optimizer", id), id, goals, plan.workers());
        }
        SchedulingProblem problem = problem(plan);
        List<OptimizationGoal> g = goals.isEmpty() ? List.of(OptimizationGoal.MINIMIZE_TIME) : goals;
        OptimizationResult r = optimizer.optimize(problem, g);
        r.schedule().verify(problem).orThrow();
        Dispatch executed = dispatch(problem, g, r);
        Schedule schedule = executed.schedule();
        SafetyAssessment safety = executed.safety();
        if (g.get(0) == OptimizationGoal.MINIMIZE_TIME && schedule.makespan() > executed.baseline().makespan() + 1e-9) {
            throw new IllegalStateException("optimiser " + id + " returned a makespan " + schedule.makespan() + " worse than the baseline "
                    + executed.baseline().makespan());
        }
        List<OptimizedStep> ordered = new ArrayList<>(steps.size());
        List<Integer> order = executed.order();
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            ordered.add(new OptimizedStep(steps.get(i), k, schedule.start(i), schedule.finish(i), schedule.worker(i)));
        }
        List<AdaptiveCheckpoint> checkpoints = new ArrayList<>();
        double cumulativeSurvive = 1;
        int last = 0;
        List<Integer> commitOrder = safety.commitOrder();
        for (Checkpoint c : safety.checkpoints()) {
            for (int k = last; k <= c.position() && k < commitOrder.size(); k++) {
                cumulativeSurvive *= 1 - steps.get(commitOrder.get(k)).failureProbability();
            }
            last = c.position() + 1;
            checkpoints.add(new AdaptiveCheckpoint(c.afterTaskId(), c.position(), c.reason(), round(c.protectedWork()),
                    Math.min(1, Math.max(0, round(1 - cumulativeSurvive)))));
        }
        List<DependencyEdge> edges = new ArrayList<>();
        for (UpdateStep s : steps) {
            s.dependsOn().forEach(d -> edges.add(new DependencyEdge(s.id(), d, EdgeKind.REFERENCES)));
        }
        Map<String, Double> predictions = new LinkedHashMap<>();
        double baseline = executed.baseline().makespan();
        double gain = baseline > 0 ? 100 * (baseline - schedule.makespan()) / baseline : 0;
        predictions.put("makespanSeconds", round(schedule.makespan()));
        predictions.put("baselineMakespanSeconds", round(baseline));
        predictions.put("gainPercent", round(gain));
        predictions.put("lowerBoundSeconds", round(r.makespanLowerBound()));
        predictions.put("totalWorkSeconds", round(plan.totalWorkSeconds()));
        predictions.put("successProbability", round(safety.successProbability()));
        predictions.put("expectedLostWorkSeconds", round(safety.expectedLostWorkWithCheckpoints()));
        predictions.put("expectedLostWorkWithoutCheckpointsSeconds", round(safety.expectedLostWorkWithoutCheckpoints()));
        predictions.put("riskExposure", round(safety.riskExposure()));
        predictions.put("steps", (double) steps.size());
        List<String> mitigation = new ArrayList<>();
        mitigation.add(String.format(java.util.Locale.ROOT, "predicted makespan %.3f s against %.3f s for critical-path list scheduling (%.2f%% gain)",
                schedule.makespan(), baseline, gain));
        if (!checkpoints.isEmpty()) {
            mitigation.add(String.format(java.util.Locale.ROOT, "%d checkpoint(s) cut the expected work lost to a failure from %.3f s to %.3f s",
                    checkpoints.size(), safety.expectedLostWorkWithoutCheckpoints(), safety.expectedLostWorkWithCheckpoints()));
        }
        if (g.contains(OptimizationGoal.MAXIMIZE_SAFETY)) {
            mitigation.add("risky steps are placed early, so a failure loses little work");
        }
        mitigation.add("every change is staged and committed atomically; a failed run leaves the project as it was");
        Map<String, Object> feedback = new LinkedHashMap<>();
        feedback.put("optimizer", r.optimizer());
        feedback.put("combination", r.combination().name());
        feedback.put("generations", r.generations());
        feedback.put("evaluations", r.evaluations());
        feedback.put("elapsedMillis", r.elapsedMillis());
        feedback.put("stopReason", r.stopReason().name());
        feedback.put("source", r.source().name());
        feedback.put("executionOrder", executed.orderSource());
        feedback.put("optimizerMakespanSeconds", round(r.predictedMakespan()));
        return new IntelligentUpdatePlan(plan.planId(), ordered, new DependencyGraphView(steps.stream().map(UpdateStep::id).toList(), edges),
                predictions, mitigation, checkpoints, feedback, id, goals, plan.workers());
    }

    /**
     * What the executor will do with the optimiser's plan, and the order to give it. The executor does not replay a
     * schedule: it starts ready steps, best priority first, whenever a worker and a permit of the step's service are
     * free — non-delay list scheduling of the priority order, which can differ from the optimiser's serial schedule
     * (a serial schedule may keep a worker idle for a step of higher priority). So the plan is timed that way. Candidate
     * orders: the optimiser's, its schedule's start order, and the critical-path (CP/MISF) order — the baseline, so on
     * the first goal the plan as executed is never worse than critical-path list scheduling as executed. The candidate
     * best on the goals in priority order is kept (the optimiser's on ties).
     */
    private Dispatch dispatch(SchedulingProblem problem, List<OptimizationGoal> goals, OptimizationResult r) {
        ListScheduler scheduler = ListScheduler.of(problem);
        SafetyModel model = optimizer.safetyModel();
        List<Integer> cpOrder = PriorityRule.CP_MISF.priorityOrder(problem);
        Schedule baseline = scheduler.scheduleNonDelay(cpOrder);
        List<Integer> startOrder = new ArrayList<>(r.schedule().priorityOrder());
        int[] rank = new int[startOrder.size()];
        for (int k = 0; k < rank.length; k++) {
            rank[startOrder.get(k)] = k;
        }
        startOrder.sort(java.util.Comparator.comparingDouble((Integer i) -> r.schedule().start(i)).thenComparingInt(i -> rank[i]));
        List<Dispatch> candidates = new ArrayList<>();
        candidates.add(dispatched(problem, scheduler, model, r.schedule().priorityOrder(), "optimised", baseline));
        candidates.add(dispatched(problem, scheduler, model, startOrder, "optimised-start-order", baseline));
        candidates.add(new Dispatch(cpOrder, baseline, model.assess(problem, baseline), "critical-path", baseline));
        Dispatch best = candidates.get(0);
        for (Dispatch c : candidates.subList(1, candidates.size())) {
            if (better(c, best, goals)) {
                best = c;
            }
        }
        return best;
    }

    private static Dispatch dispatched(SchedulingProblem problem, ListScheduler scheduler, SafetyModel model, List<Integer> order, String source,
                                       Schedule baseline) {
        Schedule s = scheduler.scheduleNonDelay(order);
        return new Dispatch(order, s, model.assess(problem, s), source, baseline);
    }

    /** Whether {@code a} is better than {@code b} on the goals in priority order (each compared with a relative 1e-9). */
    private static boolean better(Dispatch a, Dispatch b, List<OptimizationGoal> goals) {
        for (OptimizationGoal goal : goals) {
            double va = a.value(goal);
            double vb = b.value(goal);
            double eps = 1e-9 * Math.max(1, Math.max(Math.abs(va), Math.abs(vb)));
            if (va < vb - eps) {
                return true;
            }
            if (va > vb + eps) {
                return false;
            }
        }
        return false;
    }

    /**
     * A priority order and the schedule the executor makes of it.
     *
     * @param order       the priority order given to the executor
     * @param schedule    its non-delay list schedule
     * @param safety      that schedule's safety
     * @param orderSource where the order came from
     * @param baseline    the non-delay list schedule of the CP/MISF order
     */
    private record Dispatch(List<Integer> order, Schedule schedule, SafetyAssessment safety, String orderSource, Schedule baseline) {
        double value(OptimizationGoal goal) {
            return switch (goal) {
                case MINIMIZE_TIME -> schedule.makespan();
                case MAXIMIZE_SAFETY -> safety.safetyObjective();
                case MINIMIZE_RISK_EXPOSURE -> safety.riskExposure();
            };
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
