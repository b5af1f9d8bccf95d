package dev.continuity.ml.eval;

import dev.continuity.ml.SharedData;
import dev.continuity.ml.history.GitHistoryMiner;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.history.UpdateHistoryRecord;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real Sherlock Holmes history from {@code shared/data/histories}; skipped when the shared folder is absent. */
class SherlockHistoryTest {

    static final String INCLUDE = "src/epub/text/.*\\.xhtml";

    @TempDir
    static Path work;
    static Path clone;

    @BeforeAll
    static void cloneBundle() throws Exception {
        Optional<Path> bundle = SharedData.history("sherlock-holmes.bundle");
        assumeTrue(bundle.isPresent(), "shared/data/histories/sherlock-holmes.bundle not found; skipping");
        clone = work.resolve("sherlock");
        try (Git git = Git.cloneRepository().setURI(bundle.get().toString()).setDirectory(clone.toFile()).call()) {
            assertThat(git.getRepository().resolve("HEAD")).isNotNull();
        }
    }

    @Test
    void minesTheContentCommitsOfTheHistory() {
        GitHistoryMiner.MiningResult result = new GitHistoryMiner(GitMiningOptions.including(INCLUDE)).mine(clone);

        assertThat(result.commitsSeen()).isEqualTo(148);
        assertThat(result.mergesSkipped()).isZero();
        assertThat(result.records()).hasSize(81);
        assertThat(result.commitsSeen()).isEqualTo(result.records().size() + result.emptySkipped()
                + result.largeDropped() + result.mergesSkipped());
        List<UpdateHistoryRecord> multi = result.records().stream().filter(r -> r.transactionFiles().size() >= 2).toList();
        assertThat(multi).isNotEmpty();
        assertThat(result.records()).allSatisfy(r -> assertThat(r.transactionFiles())
                .allSatisfy(f -> assertThat(f).matches(INCLUDE)));
    }

    @Test
    void snapshotsListTheStoriesAtAParentCommitAndTheirLinks() throws Exception {
        List<UpdateHistoryRecord> records = new GitHistoryMiner(GitMiningOptions.including(INCLUDE)).mine(clone).records();
        UpdateHistoryRecord last = records.get(records.size() - 1);
        try (Git git = Git.open(clone.toFile());
             GitSnapshots snapshots = new GitSnapshots(git.getRepository(), GitMiningOptions.including(INCLUDE), true)) {
            String parent = last.parentCommit().orElseThrow();
            assertThat(snapshots.contentFilesAt(parent)).hasSize(16).contains("src/epub/text/colophon.xhtml");
            assertThat(snapshots.linkGraphAt(parent).distance("src/epub/text/imprint.xhtml",
                    "src/epub/text/uncopyright.xhtml")).hasValue(1);
        }
    }

    @Test
    @Tag("slow")
    void theEvaluationRunsOnTheRealHistory() {
        // the development period: the test period is held out (docs/benchmarks.md counts every run of it)
        EvaluationResult result = EvalImpactCommand.evaluate(EvalImpactCommand.parse(new String[]{
                "eval-impact", "--git", clone.toString(), "--include", INCLUDE, "--dev", "--dev-fraction", "0.7"}));
        assertThat(result.queries()).isGreaterThan(20);
        assertThat(result.metrics()).extracting(PredictorMetrics::predictor).containsExactlyElementsOf(
                ImpactEvaluation.PREDICTORS);
        assertThat(result.metrics("model").noPrediction()).isZero();
        assertThat(result.metrics("model").map()).isBetween(0.0, 1.0);
    }
}
