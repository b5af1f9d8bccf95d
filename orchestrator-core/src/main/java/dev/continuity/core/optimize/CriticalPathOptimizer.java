package dev.continuity.core.optimize;

import dev.continuity.api.AdaptiveCheckpoint;
import dev.continuity.api.DependencyEdge;
import dev.continuity.api.DependencyGraphView;
import dev.continuity.api.EdgeKind;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.OptimizedStep;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.UpdatePlan;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.spi.SequenceOptimizer;
import dev.continuity.core.plan.CriticalPathScheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline optimiser: critical-path list scheduling (bottom level first, ties by most successors), with a
 * checkpoint after every high-risk step and whenever the failure probability accumulated since the last checkpoint
 * exceeds {@link #CHECKPOINT_RISK}.
 */
public final class CriticalPathOptimizer implements SequenceOptimizer {
    /** Accumulated failure probability that triggers a checkpoint. */
    public static final double CHECKPOINT_RISK = 0.05;

    @Override
    public String id() {
        return "critical-path";
    }

    @Override
    public IntelligentUpdatePlan optimize(UpdatePlan plan, List<OptimizationGoal> goals) {
        List<UpdateStep> steps = plan.steps();
        int n = steps.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(steps.get(i).id(), i);
        }
        double[] durations = new double[n];
        int[][] preds = new int[n][];
        for (int i = 0; i < n; i++) {
            durations[i] = steps.get(i).estimatedDuration().toNanos() / 1e9;
            preds[i] = steps.get(i).dependsOn().stream().mapToInt(index::get).toArray();
        }
        CriticalPathScheduler.Schedule s = CriticalPathScheduler.schedule(durations, preds, plan.workers());
        return toPlan(plan, goals, s, id(), Map.of("algorithm", "critical-path list scheduling"));
    }

    /** Builds the API plan from a schedule, with checkpoints and predictions. */
    public static IntelligentUpdatePlan toPlan(UpdatePlan plan, List<OptimizationGoal> goals, CriticalPathScheduler.Schedule s, String optimizerId,
                                               Map<String, Object> feedback) {
        List<UpdateStep> steps = plan.steps();
        List<OptimizedStep> ordered = new ArrayList<>();
        for (int k = 0; k < s.order().length; k++) {
            int i = s.order()[k];
            ordered.add(new OptimizedStep(steps.get(i), k, s.start()[i], s.finish()[i], s.worker()[i]));
        }
        List<AdaptiveCheckpoint> checkpoints = new ArrayList<>();
        double sinceRisk = 0;
        double survive = 1;
        double work = 0;
        double protectedWork = 0;
        for (int k = 0; k < ordered.size(); k++) {
            UpdateStep step = ordered.get(k).step();
            double p = step.failureProbability();
            sinceRisk = 1 - (1 - sinceRisk) * (1 - p);
            survive *= 1 - p;
            work += step.estimatedDuration().toNanos() / 1e9;
            boolean highRisk = step.risk().compareTo(RiskLevel.HIGH) >= 0;
            if (k < ordered.size() - 1 && (sinceRisk > CHECKPOINT_RISK || highRisk && p > 0)) {
                String reason = highRisk
                        ? "after high-risk step " + step.id() + " (" + step.file() + ")"
                        : String.format("failure probability since the last checkpoint reached %.3f", sinceRisk);
                checkpoints.add(new AdaptiveCheckpoint(step.id(), k, reason, round(work - protectedWork), Math.min(1, round(1 - survive))));
                protectedWork = work;
                sinceRisk = 0;
            }
        }
        List<DependencyEdge> edges = new ArrayList<>();
        for (UpdateStep step : steps) {
            step.dependsOn().forEach(d -> edges.add(new DependencyEdge(step.id(), d, EdgeKind.REFERENCES)));
        }
        Map<String, Double> predictions = new LinkedHashMap<>();
        predictions.put("makespanSeconds", round(s.makespan()));
        predictions.put("totalWorkSeconds", round(plan.totalWorkSeconds()));
        predictions.put("successProbability", round(survive));
        predictions.put("steps", (double) steps.size());
        List<String> mitigation = new ArrayList<>();
        if (!checkpoints.isEmpty()) {
            mitigation.add(checkpoints.size() + " checkpoint(s) bound the work a failure can lose");
        }
        mitigation.add("every change is staged and committed atomically; a failed run leaves the project as it was");
        return new IntelligentUpdatePlan(plan.planId(), ordered, new DependencyGraphView(steps.stream().map(UpdateStep::id).toList(), edges),
                predictions, mitigation, checkpoints, feedback, optimizerId, goals, plan.workers());
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
