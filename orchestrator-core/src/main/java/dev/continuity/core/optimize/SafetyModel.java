package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The failure model behind {@link OptimizationGoal#MAXIMIZE_SAFETY} and {@link
 * OptimizationGoal#MINIMIZE_RISK_EXPOSURE}, and the planner of adaptive checkpoints.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li>Steps <em>commit</em> in the order they finish in the schedule (ties: earlier start, then
 *       the schedule's priority order): {@code s_1, ..., s_n}. With one worker this is simply the
 *       execution order.
 *   <li>Step {@code s_k} fails with probability {@code p_k}, independently of the others. A failure
 *       is observed when the step ends (its result is rejected), and it aborts the run.
 *   <li>The probability that the <em>first</em> failure is at position {@code k} is
 *       {@code q_k = p_k * prod_{j<k} (1 - p_j)}.
 *   <li>A checkpoint after position {@code c} persists the results of {@code s_1..s_c}. It costs
 *       {@link #checkpointCost()} (time units), paid only if the run gets there, i.e. with
 *       probability {@code S_c = prod_{j<=c} (1 - p_j)}.
 *   <li>A failure at position {@code k} loses the work committed since the last checkpoint before
 *       it, plus the failed step itself: {@code W(c(k)+1 .. k) = sum of w_j for c(k) < j <= k},
 *       where {@code c(k)} is the last checkpoint position below {@code k} (0 if none) and
 *       {@code w_j} the duration.
 * </ul>
 * Expected lost work {@code L = sum_k q_k * W(c(k)+1 .. k)}. The safety objective is
 * {@code L + sum_{checkpoints c} cost * S_c} with the checkpoints chosen optimally for the order by
 * dynamic programming ({@code F(e) = min_{c<e} F(c) + L(c, e) + cost * S_e}; with prefix sums each
 * {@code L(c, e)} is linear in a prefix of the first-failure probabilities, so the minimum is a
 * lower envelope of lines and the whole plan costs O(n)); without adaptive checkpoints it is
 * {@code L} with none.
 *
 * <p><b>Risk exposure</b> counts results, not work: {@code X = sum_k q_k * (k - c(k) - 1)}, the
 * expected number of already committed results that the first failure rolls back (each one a file
 * the author sees reverted), under the same checkpoints.
 *
 * <h2>Ratio rules</h2>
 * For one worker, no precedence and no checkpoints, swapping adjacent steps {@code i, j} changes
 * only their two terms (the prefix survival and prefix work they leave behind are symmetric), and
 * {@code i} before {@code j} is at least as good iff {@code w_i * p_j <= w_j * p_i}. Hence the
 * optimal order sorts by <b>{@code w / p} ascending</b> ({@code p = 0} last) — {@link
 * PriorityRule#RISK_RATIO}. For exposure the lost weight of a result is 1 and the failed step
 * itself does not count, which gives {@code (1 - p_i) / p_i <= (1 - p_j) / p_j}, i.e. <b>{@code
 * p} descending</b> — {@link PriorityRule#RISK_DESCENDING}.
 *
 * @param checkpointCost      cost of one checkpoint, finite and {@code >= 0}
 * @param adaptiveCheckpoints whether to place checkpoints optimally (otherwise there are none)
 */
public record SafetyModel(double checkpointCost, boolean adaptiveCheckpoints) {

    public SafetyModel {
        if (!Double.isFinite(checkpointCost) || checkpointCost < 0) {
            throw new IllegalArgumentException("checkpointCost must be finite and >= 0, was " + checkpointCost);
        }
    }

    /** Adaptive checkpoints at a cost of 1 time unit each. */
    public static SafetyModel defaults() {
        return new SafetyModel(1.0, true);
    }

    /** No checkpoints: lost work is everything done before the failure. */
    public static SafetyModel withoutCheckpoints() {
        return new SafetyModel(0, false);
    }

    /** Assesses {@code schedule}; it must belong to {@code problem}. */
    public SafetyAssessment assess(SchedulingProblem problem, Schedule schedule) {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(schedule, "schedule");
        if (schedule.size() != problem.size()) {
            throw new IllegalArgumentException(
                    "schedule has " + schedule.size() + " tasks, problem has " + problem.size());
        }
        ProblemGraph g = ProblemGraph.of(problem);
        int n = g.n;
        double[] start = new double[n];
        double[] finish = new double[n];
        for (int i = 0; i < n; i++) {
            start[i] = schedule.start(i);
            finish[i] = schedule.finish(i);
        }
        SafetyCalculator calc = new SafetyCalculator(n);
        calc.commitOrder(start, finish, ListScheduler.toArray(schedule.priorityOrder()));
        return assess(g, calc);
    }

    /** Assessment of the commit order already in {@code calc}. */
    SafetyAssessment assess(ProblemGraph g, SafetyCalculator calc) {
        int n = g.n;
        calc.evaluate(g.duration, g.failure, checkpointCost, adaptiveCheckpoints);
        List<Checkpoint> checkpoints = new ArrayList<>();
        if (adaptiveCheckpoints) {
            boolean[] chosen = new boolean[n + 1];
            for (int k = 1; k < n; k++) {
                chosen[k] = calc.checkpointAfterPosition(k);
            }
            double withAll = calc.objectiveWith(chosen, checkpointCost);
            int previous = 0;
            for (int k = 1; k < n; k++) {
                if (!chosen[k]) {
                    continue;
                }
                chosen[k] = false;
                double saving = calc.objectiveWith(chosen, checkpointCost) - withAll;
                chosen[k] = true;
                int task = calc.commit[k - 1];
                double segmentRisk = calc.surviveThrough(previous) > 0
                        ? clamp01(1 - calc.surviveThrough(k) / calc.surviveThrough(previous)) : 1;
                double protectedWork = calc.workThrough(k) - calc.workThrough(previous);
                double remainingRisk = calc.surviveThrough(k) > 0
                        ? clamp01(1 - calc.surviveThrough(n) / calc.surviveThrough(k)) : 0;
                String reason = String.format(Locale.ROOT,
                        "after '%s' (commit %d of %d): risk since the previous checkpoint %.3f; persists %.1f s"
                                + " of work against a remaining risk of %.3f; expected net saving %.2f (its cost %.2f included)",
                        g.ids[task], k, n, segmentRisk, protectedWork, remainingRisk, saving, checkpointCost);
                checkpoints.add(new Checkpoint(task, g.ids[task], k, segmentRisk, protectedWork, saving, reason));
                previous = k;
            }
        }
        return SafetyAssessment.builder()
                .commitOrder(ListScheduler.toList(calc.commit))
                .successProbability(clamp01(calc.success))
                .expectedLostWorkWithoutCheckpoints(Math.max(0, calc.lostWithout))
                .expectedLostWorkWithCheckpoints(Math.max(0, calc.lostWith))
                .expectedCheckpointCost(calc.checkpointCost)
                .riskExposure(Math.max(0, calc.exposure))
                .checkpoints(checkpoints)
                .build();
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
