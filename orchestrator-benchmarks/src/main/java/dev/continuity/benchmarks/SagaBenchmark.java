package dev.continuity.benchmarks;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.core.heal.HealingStage;
import dev.continuity.core.project.HardenedYaml;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectConfigLoader;
import dev.continuity.core.project.ProjectScanner;
import dev.continuity.healing.BuiltIns;
import dev.continuity.healing.ConsistencyVerifier;
import dev.continuity.healing.SelfHealingEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scanning and healing a saga of thousands of files ({@link GeneratedSaga}), each figure a median over repetitions and
 * a ratio against floors measured in the same run: reading every file, and one detection (every built-in detector
 * once on the project). A heal keeps a fix only after detecting again on the state with it, so a heal of {@code k}
 * fixes costs about {@code k} detections; the last figure says how close it is to that.
 *
 * <p>The repetitions run in one JVM after a warm-up, each with a new scanner and engine (a cold scan); the rankings of
 * names the broken-reference detector keeps for unchanged names are warm after the first.
 *
 * <pre>java -cp orchestrator-benchmarks/target/benchmarks.jar dev.continuity.benchmarks.SagaBenchmark [chapters/volume=200] [misspelt=200] [reps=5]</pre>
 */
public final class SagaBenchmark {
    private SagaBenchmark() {}

    private static final Pattern FIRST_CHARACTER = Pattern.compile("(?m)^characters: \\[([^,\\]]+)");

    public static void main(String[] args) throws Exception {
        int chapters = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int misspelt = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path root = Files.createTempDirectory("continuity-saga-");
        GeneratedSaga.Summary s = GeneratedSaga.write(root, 5, chapters, 250, 200, 200, 42);
        HardenedYaml yaml = new HardenedYaml();
        ProjectScanner scanner = new ProjectScanner(root, new ProjectConfigLoader(yaml).load(root), yaml, List.of());
        ConsistencyVerifier verifier = new ConsistencyVerifier(BuiltIns.detectors(), new SimpleMeterRegistry());
        HealingStage engine = SelfHealingEngine.builder(scanner).detectors(BuiltIns.detectors()).build();

        // the generated index is a stub: regenerate it once, so that the misspelt names are the only issues
        Project first = scanner.scan();
        Map<String, byte[]> fresh = engine.heal(first, Map.of(), verifier.detect(first).issues()).writes();
        for (Map.Entry<String, byte[]> e : fresh.entrySet()) {
            Files.write(root.resolve(e.getKey()), e.getValue());
        }
        int written = misspell(root, misspelt);
        System.out.printf(Locale.ROOT, "generated %d files (%d chapters), %d character names misspelt in chapter plots, in %s%n",
                s.files(), s.chapters(), written, root);

        double[] read = new double[reps];
        double[] scan = new double[reps];
        double[] detect = new double[reps];
        double[] heal = new double[reps];
        int issues = 0;
        int fixed = 0;
        for (int warmup = -1; warmup < reps; warmup++) {
            int i = Math.max(0, warmup);
            read[i] = time(() -> readAll(root));
            ProjectScanner cold = new ProjectScanner(root, new ProjectConfigLoader(yaml).load(root), yaml, List.of());
            long t0 = System.nanoTime();
            Project p = cold.scan();
            scan[i] = ms(t0);
            HealingStage e = SelfHealingEngine.builder(cold).detectors(BuiltIns.detectors()).build();
            ConsistencyVerifier v = new ConsistencyVerifier(BuiltIns.detectors(), new SimpleMeterRegistry());
            t0 = System.nanoTime();
            List<ConsistencyIssue> found = v.detect(p).issues();
            detect[i] = ms(t0);
            t0 = System.nanoTime();
            List<SelfHealingAction> actions = e.heal(p, Map.of(), found).actions();
            heal[i] = ms(t0);
            issues = found.size();
            fixed = (int) actions.stream().filter(a -> a.outcome() == FixOutcome.APPLIED).count();
        }
        double readMs = median(read);
        double detectMs = median(detect);
        System.out.printf(Locale.ROOT, "%n| measure | ms | ratio |%n|---|---:|---:|%n");
        System.out.printf(Locale.ROOT, "| floor: read every file (walk + readAllBytes) | %.1f | 1.00x read |%n", readMs);
        System.out.printf(Locale.ROOT, "| cold scan | %.1f | %.2fx read |%n", median(scan), median(scan) / readMs);
        System.out.printf(Locale.ROOT, "| floor: one detection (every built-in detector once, %d issues) | %.1f | 1.00x detection |%n", issues, detectMs);
        System.out.printf(Locale.ROOT, "| heal of the %d issues, nothing written (%d fixed and verified) | %.1f | %.1fx detection = %.2fx detection per fix |%n",
                issues, fixed, median(heal), median(heal) / detectMs, median(heal) / detectMs / Math.max(1, fixed));
    }

    /** Replaces the first character of {@code count} chapter plots (spread over the saga) by a name one letter off. */
    static int misspell(Path root, int count) throws IOException {
        List<Path> plots;
        try (Stream<Path> files = Files.walk(root.resolve("20_プロット"))) {
            plots = files.filter(f -> f.getFileName().toString().matches("第\\d+章\\.yaml")).sorted().toList();
        }
        int done = 0;
        for (int i = 0; i < plots.size() && done < count; i += Math.max(1, plots.size() / Math.max(1, count))) {
            Path plot = plots.get(i);
            String text = Files.readString(plot, StandardCharsets.UTF_8);
            Matcher m = FIRST_CHARACTER.matcher(text);
            if (!m.find()) {
                continue;
            }
            String name = m.group(1);
            String typo = name.substring(0, name.length() - 1) + (name.endsWith("ン") ? "ヌ" : "ン");
            Files.writeString(plot, text.substring(0, m.start(1)) + typo + text.substring(m.end(1)), StandardCharsets.UTF_8);
            done++;
        }
        return done;
    }

    private static long readAll(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            long bytes = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                bytes += Files.readAllBytes(f).length;
            }
            return bytes;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double time(java.util.function.Supplier<?> s) {
        long t0 = System.nanoTime();
        s.get();
        return ms(t0);
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
