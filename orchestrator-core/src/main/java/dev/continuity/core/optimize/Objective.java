package dev.continuity.core.optimize;

import dev.continuity.api.OptimizationGoal;
import java.util.List;

/**
 * Evaluates priority lists against a list of goals, on a shared {@link SerialDecoder}: the
 * optimisers' fitness function. Not thread-safe.
 *
 * <p>In scalar form a single goal is its raw value and several goals are combined as a weighted
 * sum, each normalised by its value on the baseline schedule. For the makespan alone, {@code
 * tieBreakWeight * mean finish time} is added: among equal makespans the more compact schedule
 * wins, which gives the search a gradient across the large plateaus of equal makespan (the term
 * is below {@code tieBreakWeight * makespan}). When {@code justify} is on, the
 * decoded schedule is also improved by forward-backward justification and the better of the two
 * counts; the decoder is left holding the schedule that was counted, so its {@code sequence}
 * reproduces the fitness exactly.
 */
final class Objective {
    final List<OptimizationGoal> goals;
    final SerialDecoder decoder;
    private final SafetyModel safetyModel;
    private final SafetyCalculator safety;
    private final boolean needsSafety;
    private final boolean justify;
    private final double tieBreakWeight;
    private final double[] weights;
    private double[] scale;
    private final double[] values;
    private final int[] sequenceBuffer;
    long evaluations;
    private static final int JUSTIFICATION_PASSES = 2;

    Objective(ProblemGraph graph, List<OptimizationGoal> goals, double[] weights, SafetyModel safetyModel,
            boolean justify, double tieBreakWeight) {
        this.tieBreakWeight = tieBreakWeight;
        this.goals = List.copyOf(goals);
        this.decoder = new SerialDecoder(graph);
        this.safetyModel = safetyModel;
        this.safety = new SafetyCalculator(graph.n);
        this.needsSafety = goals.contains(OptimizationGoal.MAXIMIZE_SAFETY)
                || goals.contains(OptimizationGoal.MINIMIZE_RISK_EXPOSURE);
        this.justify = justify && goals.contains(OptimizationGoal.MINIMIZE_TIME);
        this.weights = weights.clone();
        this.scale = new double[goals.size()];
        java.util.Arrays.fill(scale, 1);
        this.values = new double[goals.size()];
        this.sequenceBuffer = new int[graph.n];
    }

    int size() {
        return goals.size();
    }

    /** Sets the normalisation from the baseline's objective values (0 counts as 1). */
    void normaliseBy(double[] baselineValues) {
        scale = new double[baselineValues.length];
        for (int g = 0; g < scale.length; g++) {
            scale[g] = baselineValues[g] > 0 ? baselineValues[g] : 1;
        }
    }

    /** Goal values of the schedule the decoder currently holds. */
    double[] currentValues(double[] out) {
        if (needsSafety) {
            safety.commitOrder(decoder.start, decoder.finish, decoder.sequence);
            safety.evaluate(decoder.graph.duration, decoder.graph.failure,
                    safetyModel.checkpointCost(), safetyModel.adaptiveCheckpoints());
        }
        for (int g = 0; g < goals.size(); g++) {
            out[g] = switch (goals.get(g)) {
                case MINIMIZE_TIME -> decoder.makespan();
                case MAXIMIZE_SAFETY -> safety.lostWith + safety.checkpointCost;
                case MINIMIZE_RISK_EXPOSURE -> safety.exposure;
            };
        }
        return out;
    }

    double combine(double[] v) {
        if (v.length == 1) {
            if (tieBreakWeight > 0 && goals.get(0) == OptimizationGoal.MINIMIZE_TIME) {
                double sum = 0;
                for (double f : decoder.finish) {
                    sum += f;
                }
                return v[0] + tieBreakWeight * sum / decoder.graph.n;
            }
            return v[0];
        }
        double sum = 0;
        for (int g = 0; g < v.length; g++) {
            sum += weights[g] * v[g] / scale[g];
        }
        return sum;
    }

    /** Scalar fitness of a priority list (lower is better). */
    double scalar(int[] order) {
        evaluations++;
        decoder.decodeOrder(order);
        double best = combine(currentValues(values));
        if (!justify) {
            return best;
        }
        System.arraycopy(decoder.sequence, 0, sequenceBuffer, 0, sequenceBuffer.length);
        for (int pass = 0; pass < JUSTIFICATION_PASSES; pass++) {
            decoder.justify();
            double value = combine(currentValues(values));
            if (value > best) {
                decoder.decodeOrder(sequenceBuffer); // back to the better schedule
                break;
            }
            boolean improved = value < best;
            best = value;
            if (!improved) {
                break;
            }
            System.arraycopy(decoder.sequence, 0, sequenceBuffer, 0, sequenceBuffer.length);
        }
        return best;
    }

    /** Goal vector of a priority list (no justification: the vector is of the plain decode). */
    double[] vector(int[] order) {
        evaluations++;
        decoder.decodeOrder(order);
        return currentValues(new double[goals.size()]);
    }
}
