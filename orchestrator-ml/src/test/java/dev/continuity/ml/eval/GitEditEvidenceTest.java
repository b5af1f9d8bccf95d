package dev.continuity.ml.eval;

import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.history.GitHistoryMiner;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.history.UpdateHistoryRecord;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Edit evidence of mined commits: what each commit removed, and the project's terms at its parent only. */
class GitEditEvidenceTest {

    @TempDir
    Path dir;

    private long clock = Instant.parse("2024-03-01T10:00:00Z").getEpochSecond();

    private void commit(Git git, String message, Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
            git.add().addFilepattern(f.getKey()).call();
        }
        clock += 3600;
        PersonIdent who = new PersonIdent("ann", "ann@example.org", Instant.ofEpochSecond(clock), ZoneOffset.UTC);
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
    }

    @Test
    void evidenceComesFromTheCommitAndItsParentOnly() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            commit(git, "start", Map.of("text/a.md", "He will re-enter the room.\n", "text/b.md", "She may re-enter.\n",
                    "text/c.md", "Nothing here.\n"));
            commit(git, "modernize a", Map.of("text/a.md", "He will reenter the room.\n", "text/c.md", "Nothing. Still.\n"));
            // later, c gains the old spelling: the evidence of the earlier commit must not see it
            commit(git, "later", Map.of("text/c.md", "Now re-enter here.\n", "text/b.md", "She may re-enter!\n"));

            GitMiningOptions options = GitMiningOptions.including("text/.*\\.md");
            List<UpdateHistoryRecord> records = new GitHistoryMiner(options).mine(dir).records();
            UpdateHistoryRecord modernize = records.stream().filter(r -> r.changedFiles().size() == 2
                    && r.changedFiles().stream().anyMatch(f -> f.path().equals("text/a.md"))).findFirst().orElseThrow();
            try (GitSnapshots snapshots = new GitSnapshots(git.getRepository(), options, false)) {
                EditEvidence e = snapshots.editsOf(modernize);
                assertThat(e.vanishedTerms().get("text/a.md")).contains("re-enter").doesNotContain("room.", "the");
                assertThat(e.content().documentCount()).isEqualTo(3);
                assertThat(e.content().termsOf("text/b.md")).contains("re-enter");
                assertThat(e.content().termsOf("text/c.md")).as("c at the parent, not later").doesNotContain("re-enter");
                assertThat(e.content().documentFrequency("re-enter")).isEqualTo(2);
            }
        }
    }

    @Test
    void documentFrequenciesFollowEachParentTreeAlongAWalkAndBack() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            commit(git, "start", Map.of("text/a.md", "alpha beta\n", "text/b.md", "beta gamma\n",
                    "text/c.md", "gamma delta\n"));
            commit(git, "one", Map.of("text/a.md", "alpha gamma\n", "text/b.md", "beta delta\n"));
            commit(git, "two", Map.of("text/c.md", "alpha\n", "text/d.md", "alpha beta\n", "text/a.md", "beta\n"));
            commit(git, "three", Map.of("text/b.md", "omega\n", "text/a.md", "gamma omega\n"));

            GitMiningOptions options = GitMiningOptions.including("text/.*\\.md");
            List<UpdateHistoryRecord> records = new GitHistoryMiner(options).mine(dir).records().stream()
                    .filter(r -> r.parentCommit().isPresent())
                    .sorted(Comparator.comparing(UpdateHistoryRecord::time)).toList();
            assertThat(records).hasSize(3);
            try (GitSnapshots snapshots = new GitSnapshots(git.getRepository(), options, false)) {
                List<EditEvidence> walk = records.stream().map(snapshots::editsOf).toList();
                // each parent tree, counted by hand
                assertFrequencies(walk.get(0), Map.of("alpha", 1, "beta", 2, "gamma", 2, "delta", 1, "omega", 0));
                assertFrequencies(walk.get(1), Map.of("alpha", 1, "beta", 1, "gamma", 2, "delta", 2, "omega", 0));
                assertFrequencies(walk.get(2), Map.of("alpha", 2, "beta", 3, "gamma", 0, "delta", 1, "omega", 0));
                // going back to an earlier commit after the walk moved on
                assertFrequencies(snapshots.editsOf(records.get(0)),
                        Map.of("alpha", 1, "beta", 2, "gamma", 2, "delta", 1));
                assertFrequencies(snapshots.editsOf(records.get(2)), Map.of("alpha", 2, "beta", 3, "gamma", 0));
            }
        }
    }

    @Test
    void evidenceFromChangedLinesIsTheEvidenceFromWholeTexts() throws Exception {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(17);
        String[] words = {"Holmes", "Watson,", "re-enter", "Baker", "street.", "the", "a", "導師は", "lamp", "fog"};
        Map<String, List<String>> files = new java.util.TreeMap<>();
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            for (int c = 0; c < 25; c++) {
                Map<String, String> changed = new java.util.HashMap<>();
                for (int f = 0; f < 1 + rng.nextInt(3); f++) {
                    String name = "text/f" + rng.nextInt(5) + ".md";
                    List<String> lines = files.computeIfAbsent(name, k -> new java.util.ArrayList<>());
                    int at = lines.isEmpty() ? 0 : rng.nextInt(lines.size());
                    StringBuilder line = new StringBuilder();
                    for (int w = 0; w < 1 + rng.nextInt(8); w++) {
                        line.append(words[rng.nextInt(words.length)]).append(' ');
                    }
                    switch (lines.isEmpty() ? 0 : rng.nextInt(3)) {
                        case 0 -> lines.add(at, line.toString());
                        case 1 -> lines.set(at, line.toString());
                        default -> lines.remove(at);
                    }
                    changed.put(name, String.join("\n", lines) + "\n");
                }
                commit(git, "c" + c, changed);
            }
            GitMiningOptions options = GitMiningOptions.including("text/.*\\.md");
            List<UpdateHistoryRecord> records = new GitHistoryMiner(options).mine(dir).records().stream()
                    .filter(r -> r.parentCommit().isPresent())
                    .sorted(Comparator.comparing(UpdateHistoryRecord::time)).toList();
            assertThat(records).hasSizeGreaterThan(20);
            try (GitSnapshots lines = new GitSnapshots(git.getRepository(), options, false);
                 GitSnapshots whole = new GitSnapshots(git.getRepository(), options, false, 0)) {
                for (UpdateHistoryRecord r : records) {
                    EditEvidence a = lines.editsOf(r);
                    EditEvidence b = whole.editsOf(r);
                    assertThat(a.vanishedTerms()).as(r.id()).isEqualTo(b.vanishedTerms());
                    assertThat(a.sweptTerms()).as(r.id()).isEqualTo(b.sweptTerms());
                    for (String f : files.keySet()) {
                        assertThat(a.content().termsOf(f)).as(f).isEqualTo(b.content().termsOf(f));
                    }
                    for (String w : words) {
                        assertThat(a.content().documentFrequency(w)).as(w).isEqualTo(b.content().documentFrequency(w));
                    }
                }
            }
        }
    }

    private static void assertFrequencies(EditEvidence e, Map<String, Integer> expected) {
        expected.forEach((term, n) -> assertThat(e.content().documentFrequency(term)).as(term).isEqualTo(n));
    }
}
