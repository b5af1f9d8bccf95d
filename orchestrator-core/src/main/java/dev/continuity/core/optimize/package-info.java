/**
 * The optimise stage: orders and times the steps of an update plan.
 *
 * <p>A {@link dev.continuity.core.optimize.SchedulingProblem} (steps with durations, dependencies,
 * services and failure probabilities; a worker count; service capacities) goes into a {@link
 * dev.continuity.core.optimize.ScheduleOptimizer} together with a list of {@link
 * dev.continuity.api.OptimizationGoal}s; an {@link
 * dev.continuity.core.optimize.OptimizationResult} comes out with a feasible {@link
 * dev.continuity.core.optimize.Schedule}, the CP/MISF baseline it never falls behind, the lower
 * bound, the risk figures of the {@link dev.continuity.core.optimize.SafetyModel} and the adaptive
 * checkpoints. Implementations: {@link dev.continuity.core.optimize.GeneticSequenceOptimizer}
 * (Jenetics), {@link dev.continuity.core.optimize.SimulatedAnnealingOptimizer} and, for tiny plans,
 * {@link dev.continuity.core.optimize.ExhaustiveOptimizer}. Every one of them decodes priority lists
 * with the serial schedule-generation scheme of {@link dev.continuity.core.optimize.ListScheduler},
 * so every candidate is feasible by construction.
 */
@NullMarked
package dev.continuity.core.optimize;

import org.jspecify.annotations.NullMarked;
