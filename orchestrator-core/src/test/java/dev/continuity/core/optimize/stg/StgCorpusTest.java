package dev.continuity.core.optimize.stg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.continuity.core.optimize.GeneticOptimizerConfig;
import dev.continuity.core.optimize.GeneticSequenceOptimizer;
import dev.continuity.core.optimize.OptimizationResult;
import dev.continuity.core.optimize.PriorityRule;
import dev.continuity.core.optimize.SchedulingProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs on the shared Standard Task Graph Set when it is present; skipped otherwise. */
class StgCorpusTest {

    private static Path root() {
        Optional<Path> root = SharedData.stgRoot();
        assumeTrue(root.isPresent(), "shared/data/stg not found (set -Dcontinuity.shared=...)");
        return root.get();
    }

    private static void check(Path root, String file, int procs, double maxGapPercent) {
        StgOptima optima = StgOptima.readDirectory(root.resolve("optimal"));
        StgInstance instance = StgReader.read(root.resolve(file), file);
        SchedulingProblem problem = instance.problem(procs);
        instance.declaredCriticalPath().ifPresent(cp -> assertThat(problem.criticalPathLength()).isEqualTo(cp));

        OptimizationResult result = new GeneticSequenceOptimizer(GeneticOptimizerConfig.defaults().toBuilder()
                .timeBudget(Duration.ofMillis(900)).build()).optimize(problem, List.of());

        assertThat(result.schedule().verify(problem).violations()).isEmpty();
        assertThat(result.predictedMakespan()).as("%s p=%d", file, procs)
                .isLessThanOrEqualTo(PriorityRule.CP_MISF.schedule(problem).makespan());
        StgOptimum optimum = optima.find(file, procs).orElseThrow();
        assertThat(result.predictedMakespan()).isGreaterThanOrEqualTo(optimum.low());
        assertThat(100 * (result.predictedMakespan() - optimum.high()) / optimum.high())
                .as("%s p=%d gap to %s", file, procs, optimum).isLessThanOrEqualTo(maxGapPercent);
    }

    @Test
    void aFewInstancesReachTheirOptimum() {
        Path root = root();
        assumeTrue(Files.isRegularFile(root.resolve("50/rand0000.stg")));
        check(root, "50/rand0000.stg", 2, 0);
        check(root, "50/rand0000.stg", 4, 0);
        check(root, "100/rand0003.stg", 4, 0);
        check(root, "100/rand0020.stg", 4, 1.0);
    }

    @Test
    @Tag("slow")
    void firstTwentyOfEachSetOnAllProcessorCounts() {
        Path root = root();
        for (String set : List.of("50", "100")) {
            for (int i = 0; i < 20; i++) {
                String file = String.format("%s/rand%04d.stg", set, i);
                for (int procs : List.of(2, 4, 8, 16)) {
                    check(root, file, procs, 1.0);
                }
            }
        }
    }
}
