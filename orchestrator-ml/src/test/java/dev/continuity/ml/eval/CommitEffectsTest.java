package dev.continuity.ml.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CommitEffectsTest {

    /**
     * A period of {@code commits} transactions of {@code pairs} pairs each, whose confidences are exactly calibrated
     * given the commit's effect {@code u ~ N(0, sigma²)}: pair i of commit c changes with probability
     * sigmoid(x_i + u_c), and the model reports sigmoid(x_i).
     */
    private static CommitEffects period(int commits, int pairs, double sigma, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        CommitEffects effects = new CommitEffects();
        for (int c = 0; c < commits; c++) {
            double u = sigma * rng.nextGaussian();
            List<RankedFile> ranking = new ArrayList<>();
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < pairs; i++) {
                double x = -3 + 5 * rng.nextDouble();
                String file = "f" + i;
                ranking.add(new RankedFile(file, 1 / (1 + Math.exp(-x)), 0));
                if (rng.nextDouble() < 1 / (1 + Math.exp(-(x + u)))) {
                    expected.add(file);
                }
            }
            effects.add("c" + c, ranking, expected);
        }
        return effects;
    }

    @Test
    void recoversTheCommitEffectOfAPeriodItWasDrawnWith() {
        EvaluationResult.CommitEffect strong = period(80, 40, 1.5, 1).estimate(7);
        EvaluationResult.CommitEffect none = period(80, 40, 0.0, 2).estimate(7);

        assertThat(strong.transactions()).isEqualTo(80);
        assertThat(strong.sigma()).isBetween(1.1, 2.0);
        assertThat(none.sigma()).isLessThan(0.4);
    }

    @Test
    void aStrongCommitEffectWidensWhatACalibratedModelMeasures() {
        EvaluationResult.CommitEffect strong = period(12, 50, 2.5, 3).estimate(7);
        EvaluationResult.CommitEffect none = period(12, 50, 0.0, 4).estimate(7);

        assertThat(strong.draws()).isEqualTo(CommitEffects.DRAWS);
        assertThat(strong.idealEceMedian()).isGreaterThan(none.idealEceMedian());
        assertThat(strong.idealEceP95()).isGreaterThanOrEqualTo(strong.idealEceMedian());
        assertThat(strong.idealWithinGoal()).isLessThan(none.idealWithinGoal());
        assertThat(none.idealWithinGoal()).isGreaterThan(0.5);
    }

    @Test
    void theSameSeedGivesTheSameEstimate() {
        assertThat(period(10, 30, 1.0, 5).estimate(9)).isEqualTo(period(10, 30, 1.0, 5).estimate(9));
    }

    @Test
    void aPeriodOfOneTransactionOrOfVeryManyIsNotEstimated() {
        EvaluationResult.CommitEffect one = period(1, 30, 1.0, 6).estimate(7);
        EvaluationResult.CommitEffect many = period(CommitEffects.MAX_GROUPS + 1, 3, 1.0, 6).estimate(7);

        assertThat(one.draws()).isZero();
        assertThat(one.transactions()).isEqualTo(1);
        assertThat(one.sigma()).isNaN();
        assertThat(many.draws()).isZero();
        assertThat(many.transactions()).isEqualTo(-1);
    }

    @Test
    void nelderMeadFindsTheMinimumOfABowl() {
        double[] min = CommitEffects.nelderMead(p -> Math.pow(p[0] - 1, 2) + 3 * Math.pow(p[1] + 2, 2)
                + Math.pow(p[2] - 0.5, 2) + 0.5 * (p[0] - 1) * (p[2] - 0.5), new double[]{0, 0, 0},
                new double[]{1, 1, 1});

        assertThat(min[0]).isCloseTo(1, within(1e-3));
        assertThat(min[1]).isCloseTo(-2, within(1e-3));
        assertThat(min[2]).isCloseTo(0.5, within(1e-3));
    }
}
