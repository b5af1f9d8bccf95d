package dev.continuity.ml.eval;

import dev.continuity.ml.model.ModelType;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EvalImpactCommandTest {

    @Test
    void parsesTheDocumentedArguments() {
        EvalImpactCommand.Arguments a = EvalImpactCommand.parse(new String[]{"eval-impact", "--git", "repo",
                "--include", "src/.*\\.xhtml", "--test-fraction", "0.3", "--predictions", "out.jsonl", "--json",
                "--retrain-days", "30", "--retrain-transactions", "10", "--model", "random-forest", "--seed", "7"});
        assertThat(a.git()).contains(Path.of("repo"));
        assertThat(a.include()).contains("src/.*\\.xhtml");
        assertThat(a.synthetic()).isEmpty();
        assertThat(a.options().testFraction()).isEqualTo(0.3);
        assertThat(a.options().retrainEvery()).isEqualTo(Duration.ofDays(30));
        assertThat(a.options().retrainEveryTransactions()).isEqualTo(10);
        assertThat(a.options().ml().modelType()).isEqualTo(ModelType.RANDOM_FOREST);
        assertThat(a.options().ml().seed()).isEqualTo(7);
        assertThat(a.predictions()).contains(Path.of("out.jsonl"));
        assertThat(a.json()).isTrue();
        assertThat(a.links()).isTrue();
        assertThat(a.quiet()).isFalse();
        assertThat(EvalImpactCommand.parse(new String[]{"--git", "r", "--include", "x", "--quiet"}).quiet()).isTrue();
    }

    @Test
    void progressIsALineEveryTenSecondsWithTheTimeLeftOnceTestingHasBegun() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        EvalImpactCommand.ProgressLines progress = new EvalImpactCommand.ProgressLines(lines::add);
        // 1,000 transactions, the test period from position 750; each takes 0.1 s before it and 0.4 s in it
        long nanos = 0;
        for (int done = 1; done <= 1_000; done++) {
            nanos += done <= 750 ? 100_000_000L : 400_000_000L;
            int tested = Math.max(0, done - 750);
            progress.progress(new ImpactEvaluation.Progress(done, 1_000, 750, tested, tested / 50,
                    Duration.ofNanos(nanos)));
        }
        // 75 s before the test period and 100 s in it: one line per ten seconds, none at the very end
        assertThat(lines).hasSize(17);
        assertThat(lines.get(0)).isEqualTo("eval-impact: 100 of 1,000 transactions, 0 test transactions scored,"
                + " 0 model(s) trained, 10 s (test period from transaction 751)");
        assertThat(lines).filteredOn(l -> l.contains("left")).hasSize(10);
        String inTest = lines.stream().filter(l -> l.startsWith("eval-impact: 763 of")).findFirst().orElseThrow();
        assertThat(inTest).isEqualTo("eval-impact: 763 of 1,000 transactions, 13 test transactions scored,"
                + " 0 model(s) trained, 80 s, about 95 s left");
    }

    @Test
    void theTimeLeftLeavesOutTheFirstTraining() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        EvalImpactCommand.ProgressLines progress = new EvalImpactCommand.ProgressLines(lines::add);
        // 1,000 transactions, the test period from position 750: its first transaction trains on everything before it
        // (60 s); then each takes 0.4 s
        long nanos = 0;
        for (int done = 1; done <= 1_000; done++) {
            nanos += done <= 750 ? 10_000_000L : done == 751 ? 60_000_000_000L : 400_000_000L;
            int tested = Math.max(0, done - 750);
            progress.progress(new ImpactEvaluation.Progress(done, 1_000, 750, tested, tested > 0 ? 1 : 0,
                    Duration.ofNanos(nanos)));
        }
        String early = lines.stream().filter(l -> l.startsWith("eval-impact: 776 of")).findFirst().orElseThrow();
        assertThat(early).as("0.4 s for each of the 224 left, not the training's 60 s spread over them")
                .endsWith(", about 90 s left");
    }

    @Test
    void quietPrintsNoProgress() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = EvalImpactCommand.run(new String[]{"--synthetic", "3:40:120", "--quiet", "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                lines::add);
        assertThat(code).isZero();
        assertThat(lines).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"metrics\"");
    }

    @Test
    void badUsageExitsWithTwoAndSaysWhy() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvalImpactCommand.run(new String[]{"eval-impact", "--git", "repo"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--git and --include are required").contains("usage:");
        assertThat(EvalImpactCommand.run(new String[]{"--git", "r", "--include", "x", "--test-fraction", "2"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isEqualTo(2);
    }

    @Test
    void anInvalidIncludePatternIsBadUsageThatSaysWhere() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvalImpactCommand.run(new String[]{"--git", "repo", "--include", "src/(epub"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--include 'src/(epub' is not a valid regular expression (Unclosed group at index 9)");
    }

    @Test
    void aMissingRepositoryIsBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvalImpactCommand.run(new String[]{"--git", "/nonexistent/repo", "--include", ".*"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/repo");
    }

    @Test
    void aHistoryTooShortToEvaluateIsExplainedWithWhatWasRead(@TempDir Path dir) throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            for (int i = 0; i < 3; i++) {
                Files.writeString(dir.resolve("a.md"), "draft " + i);
                Files.writeString(dir.resolve("notes.txt"), "note " + i);
                git.add().addFilepattern(".").call();
                git.commit().setMessage("c" + i).setSign(false).call();
            }
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvalImpactCommand.run(new String[]{"--git", dir.toString(), "--include", ".*\\.md"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(dir.toString())
                .contains("3 transaction(s) to evaluate, at least 8 needed")
                .contains("Of 3 commit(s) read from HEAD, 0 are merges, 0 change no file matching --include '.*\\.md'")
                .doesNotContain("shallow");
    }

    @Test
    void aHistoryWhoseTestPeriodHasNoTransactionOfSeveralFilesIsBadInputThatSaysSo(@TempDir Path dir) throws Exception {
        // twelve commits, each changing one matching file: long enough to walk, but no commit gives a query
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            for (int i = 0; i < 12; i++) {
                Files.writeString(dir.resolve("ch" + i % 3 + ".md"), "draft " + i);
                Files.writeString(dir.resolve("notes.txt"), "note " + i);
                git.add().addFilepattern(".").call();
                git.commit().setMessage("c" + i).setSign(false).call();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvalImpactCommand.run(new String[]{"--git", dir.toString(), "--include", ".*\\.md", "--quiet"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).as("no table of zeros").isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(dir.toString())
                .contains("nothing to evaluate: the test period (the newest 25% of the 12 transactions) holds no transaction that changes 2 to 30"
                        + " files matching --include '.*\\.md'");

        ByteArrayOutputStream devErr = new ByteArrayOutputStream();
        assertThat(EvalImpactCommand.run(new String[]{"--git", dir.toString(), "--include", ".*\\.md", "--quiet", "--dev"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(devErr, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(devErr.toString(StandardCharsets.UTF_8)).contains("nothing to evaluate: the development period (--dev:")
                .contains("--dev-fraction");
    }

    @Test
    void anIncludeThatMatchesNoWholePathSaysItMustMatchTheWholePath(@TempDir Path dir) throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(dir.resolve("OEBPS"));
            for (int i = 0; i < 10; i++) {
                Files.writeString(dir.resolve("OEBPS/ch" + i % 3 + ".xhtml"), "draft " + i);
                git.add().addFilepattern(".").call();
                git.commit().setMessage("c" + i).setSign(false).call();
            }
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvalImpactCommand.run(new String[]{"--git", dir.toString(), "--include", "\\.xhtml$"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("10 change no file matching --include '\\.xhtml$'")
                .contains("the pattern must match a file's whole path (for a part of it, e.g. '.*\\.xhtml')");
        assertThat(EvalImpactCommand.wholePath("^OEBPS/")).isEqualTo("OEBPS/.*");
        assertThat(EvalImpactCommand.wholePath("xhtml")).isEqualTo(".*xhtml.*");
        assertThat(EvalImpactCommand.wholePath("price\\$")).isEqualTo(".*price\\$.*");
    }

    @Test
    void anIncludeThatMatchesSomeFilesGivesNoHint(@TempDir Path dir) throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("a.md"), "one");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("c").setSign(false).call();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        EvalImpactCommand.run(new String[]{"--git", dir.toString(), "--include", ".*\\.md"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("1 transaction(s) to evaluate").doesNotContain("whole path");
    }

    @Test
    void aBadNumberNamesTheOptionAndTheValueTyped() {
        String[][] cases = {
                {"--retrain-days", "-5", "--retrain-days must be > 0, got -5"},
                {"--retrain-days", "0", "--retrain-days must be > 0, got 0"},
                {"--retrain-days", "NaN", "--retrain-days must be > 0, got NaN"},
                {"--retrain-days", "1e300", "--retrain-days must be at most 36500 (100 years), got 1e300"},
                {"--retrain-days", "two", "--retrain-days needs a number, got 'two'"},
                {"--test-fraction", "1.5", "--test-fraction must be between 0 and 1 (both excluded), got 1.5"},
                {"--test-fraction", "NaN", "--test-fraction must be between 0 and 1 (both excluded), got NaN"},
                {"--dev-fraction", "0", "--dev-fraction must be between 0 and 1 (both excluded), got 0"},
                {"--retrain-transactions", "0", "--retrain-transactions must be >= 1, got 0"},
                {"--retrain-transactions", "1.7", "--retrain-transactions needs an integer, got '1.7'"},
                {"--retrain-transactions", "3000000000", "--retrain-transactions must be at most 2147483647, got 3000000000"},
                {"--seed", "1e30", "--seed needs an integer, got '1e30'"},
                {"--seed", "4.2", "--seed needs an integer, got '4.2'"},
                {"--seed", "99999999999999999999", "--seed must be between -9223372036854775808 and 9223372036854775807"},
                {"--synthetic", "1:40.5:100", "--synthetic's FILES needs an integer, got '40.5'"},
        };
        for (String[] c : cases) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            String[] args = c[0].equals("--synthetic") ? new String[]{c[0], c[1]}
                    : new String[]{"--git", "repo", "--include", ".*", c[0], c[1]};
            int code = EvalImpactCommand.run(args, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(c[0] + " " + c[1]).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(c[0] + " " + c[1]).contains("eval-impact: " + c[2])
                    .doesNotContain("retrainEvery").doesNotContain("Fraction").doesNotContain("PT");
        }
        EvalImpactCommand.Arguments a = EvalImpactCommand.parse(new String[]{"--git", "r", "--include", ".*",
                "--retrain-days", "0.5", "--seed", "-3", "--retrain-transactions", "+7"});
        assertThat(a.options().retrainEvery()).isEqualTo(Duration.ofHours(12));
        assertThat(a.options().ml().seed()).isEqualTo(-3);
        assertThat(a.options().retrainEveryTransactions()).isEqualTo(7);
        assertThat(EvalImpactCommand.parse(new String[]{"--git", "r", "--include", ".*", "--retrain-days", "1e-9"})
                .options().retrainEvery()).isPositive();
    }

    @Test
    void aDamagedRepositoryOrAHeadThatIsNoCommitIsBadInputThatSaysWhy(@TempDir Path dir) throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            for (int i = 0; i < 10; i++) {
                Files.writeString(dir.resolve("a" + i % 3 + ".md"), "draft " + i);
                git.add().addFilepattern(".").call();
                git.commit().setMessage("c" + i).setSign(false).call();
            }
            git.gc().call();
        }
        String head = Files.readString(dir.resolve(".git/HEAD"));
        Files.writeString(dir.resolve(".git/HEAD"), "garbage\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvalImpactCommand.run(new String[]{"--git", dir.toString(), "--include", ".*\\.md"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("HEAD does not resolve to a commit")
                .doesNotContain("0 commit(s)");

        Files.writeString(dir.resolve(".git/HEAD"), head);
        try (var packs = Files.newDirectoryStream(dir.resolve(".git/objects/pack"), "*.pack")) {
            for (Path pack : packs) {
                Files.delete(pack);
            }
        }
        err.reset();
        code = EvalImpactCommand.run(new String[]{"--git", dir.toString(), "--include", ".*\\.md"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot mine git history of").contains(": Missing");
    }

    @Test
    void aDotGitFileThatNamesNoGitDirectoryIsBadInputThatSaysWhy(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".git"), "not a gitdir line\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvalImpactCommand.run(new String[]{"--git", dir.toString(), "--include", ".*\\.md"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot open git repository " + dir + ": ");
    }

    @Test
    void aHeadThatNamesABranchWithoutCommitsSaysWhichBranchesHaveSome(@TempDir Path dir) throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            for (int i = 0; i < 10; i++) {
                Files.writeString(dir.resolve("a" + i % 3 + ".md"), "draft " + i);
                git.add().addFilepattern(".").call();
                git.commit().setMessage("c" + i).setSign(false).call();
            }
        }
        // `git init --bare` names master, and the history was pushed to main
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/master\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvalImpactCommand.run(new String[]{"--git", dir.toString(), "--include", ".*\\.md"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Of 0 commit(s) read from HEAD")
                .contains("HEAD names the branch 'master', which has no commit; the branches with commits are main")
                .contains("symbolic-ref HEAD refs/heads/main");
    }
}
