package dev.continuity.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Property tests: every priority list decodes to a feasible schedule. */
class DecoderFeasibilityTest {

    @Property(tries = 400)
    void serialSchedulesAreFeasible(
            @ForAll @IntRange(min = 1, max = 40) int n,
            @ForAll @IntRange(min = 1, max = 4) int workers,
            @ForAll @IntRange(min = 0, max = 3) int services,
            @ForAll @DoubleRange(min = 0, max = 0.5) double edgeProbability,
            @ForAll long seed) {
        SchedulingProblem problem = RandomProblems.dag(seed, n, workers, edgeProbability, services, true);
        List<Integer> order = RandomProblems.permutationList(new SplittableRandom(seed ^ 0x9E37), n);

        Schedule schedule = ListScheduler.of(problem).schedule(order);

        assertThat(schedule.verify(problem).violations()).isEmpty();
        assertThat(schedule.tasks()).extracting(ScheduledTask::task)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, n).boxed().toList());
        assertThat(schedule.priorityOrder()).containsExactlyInAnyOrderElementsOf(order);
        assertThat(schedule.makespan()).isGreaterThanOrEqualTo(problem.makespanLowerBound() - 1e-9);
    }

    @Property(tries = 200)
    void decodingTheSchedulingSequenceReproducesTheSchedule(
            @ForAll @IntRange(min = 1, max = 30) int n,
            @ForAll @IntRange(min = 1, max = 4) int workers,
            @ForAll @IntRange(min = 0, max = 3) int services,
            @ForAll long seed) {
        SchedulingProblem problem = RandomProblems.dag(seed, n, workers, 0.2, services, true);
        ListScheduler scheduler = ListScheduler.of(problem);
        Schedule first = scheduler.schedule(RandomProblems.permutationList(new SplittableRandom(seed), n));

        Schedule again = scheduler.schedule(first.priorityOrder());

        assertThat(again.makespan()).isEqualTo(first.makespan());
        for (int i = 0; i < n; i++) {
            assertThat(again.start(i)).isEqualTo(first.start(i));
        }
    }

    @Property(tries = 200)
    void nonDelaySchedulesAreFeasibleAndNoBetterThanTheirSerialReplay(
            @ForAll @IntRange(min = 1, max = 30) int n,
            @ForAll @IntRange(min = 1, max = 4) int workers,
            @ForAll @IntRange(min = 0, max = 3) int services,
            @ForAll long seed) {
        SchedulingProblem problem = RandomProblems.dag(seed, n, workers, 0.25, services, true);
        ListScheduler scheduler = ListScheduler.of(problem);
        Schedule nonDelay = scheduler.scheduleNonDelay(RandomProblems.permutationList(new SplittableRandom(seed), n));

        assertThat(nonDelay.verify(problem).violations()).isEmpty();
        // Serial SGS on a feasible schedule's start order never starts a task later.
        Schedule replay = scheduler.schedule(nonDelay.startOrder());
        for (int i = 0; i < n; i++) {
            assertThat(replay.start(i)).isLessThanOrEqualTo(nonDelay.start(i) + 1e-9);
        }
    }

    @Property(tries = 200)
    void justificationKeepsFeasibilityAndNeverLengthens(
            @ForAll @IntRange(min = 2, max = 40) int n,
            @ForAll @IntRange(min = 1, max = 4) int workers,
            @ForAll @IntRange(min = 0, max = 3) int services,
            @ForAll long seed) {
        SchedulingProblem problem = RandomProblems.dag(seed, n, workers, 0.15, services, true);
        ProblemGraph graph = ProblemGraph.of(problem);
        SerialDecoder decoder = new SerialDecoder(graph);
        double before = decoder.decodeOrder(RandomProblems.permutation(new SplittableRandom(seed), n));

        double after = decoder.justify();

        assertThat(after).isLessThanOrEqualTo(before + 1e-9);
        Schedule justified = Schedule.assemble(graph, decoder.start, decoder.finish, decoder.sequence);
        assertThat(justified.verify(problem).violations()).isEmpty();
        assertThat(Arrays.stream(decoder.sequence).sorted().toArray())
                .containsExactly(java.util.stream.IntStream.range(0, n).toArray());
    }
}
