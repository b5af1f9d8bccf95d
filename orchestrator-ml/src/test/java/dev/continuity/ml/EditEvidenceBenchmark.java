package dev.continuity.ml;

import dev.continuity.ml.features.EditEvidence;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Benchmark command (not a unit test): the run-time cost of the edit evidence in a 2,000-file git project, one changed
 * file against {@code HEAD}, all other files as candidates; the first call tokenizes every file, later calls reuse the
 * per-file cache. {@code mvn -q -B -o test-compile exec:java -pl orchestrator-ml
 * -Dexec.mainClass=dev.continuity.ml.EditEvidenceBenchmark -Dexec.classpathScope=test}
 */
public final class EditEvidenceBenchmark {

    private EditEvidenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("continuity-edit-bench");
        SplittableRandom random = new SplittableRandom(1);
        String[] words = new String[3_000];
        for (int i = 0; i < words.length; i++) {
            words[i] = "w" + Integer.toString(i, 36) + (i % 7 == 0 ? "," : "");
        }
        List<String> files = new ArrayList<>();
        for (int f = 0; f < 2_000; f++) {
            StringBuilder text = new StringBuilder();
            for (int line = 0; line < 60; line++) {
                for (int w = 0; w < 12; w++) {
                    text.append(words[random.nextInt(words.length)]).append(' ');
                }
                text.append('\n');
            }
            String name = "chapters/c" + f + ".md";
            Files.createDirectories(dir.resolve(name).getParent());
            Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
            files.add(name);
        }
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("bench", "bench@example.org", Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            git.commit().setMessage("start").setAuthor(who).setCommitter(who).call();
        }
        String changed = files.get(0);
        String text = Files.readString(dir.resolve(changed));
        Files.writeString(dir.resolve(changed), text.replace(text.substring(0, text.indexOf(' ')), "renamed"));
        List<String> candidates = files.subList(1, files.size());
        ProjectEdits edits = new ProjectEdits(dir, ".*\\.md");
        long t0 = System.nanoTime();
        edits.changes(List.of(changed));
        EditEvidence first = edits.current(List.of(changed), Optional.empty(), candidates);
        int df = first.vanishedTerms().get(changed).stream().mapToInt(t -> first.content().documentFrequency(t)).sum();
        double cold = (System.nanoTime() - t0) / 1e6;
        double[] warm = new double[50];
        for (int i = 0; i < warm.length; i++) {
            long s = System.nanoTime();
            edits.changes(List.of(changed));
            EditEvidence e = edits.current(List.of(changed), Optional.empty(), candidates);
            e.vanishedTerms().get(changed).forEach(t -> e.content().documentFrequency(t));
            warm[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf("change size and edit evidence, 2,000 files, %d vanished term(s) found in %d file(s): first %.1f ms, warm median %.1f ms, "
                + "p95 %.1f ms%n", first.vanishedTerms().get(changed).size(), df, cold, warm[warm.length / 2], warm[(int) (warm.length * 0.95)]);
    }
}
