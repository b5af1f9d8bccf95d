package dev.continuity.ml;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.UpdateType;
import dev.continuity.api.spi.ImpactQuery;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark command (not a unit test): one prediction of the learned predictor end to end, as the orchestrator asks
 * it, in a real git project of many files. {@link TribuoImpactPredictor#predict} with the change's size against
 * {@code HEAD}, the edit evidence over every other file, the features, the model, calibration and explanations; the
 * project scan is not included (the orchestrator scans once per request, whatever predicts).
 * <ol>
 *   <li>first call: mines the git log, trains and saves a model, tokenizes every file (the cold start);</li>
 *   <li>warm calls: 50 to warm up, then the median and 95th percentile of 200.</li>
 * </ol>
 * Argument: a git work tree, for instance one made by {@code orchestrator-benchmarks/scripts/make_git_history.py
 * 2000 2000} (2,000 markdown files under {@code text/}); its first {@code text/} file is changed in the work tree
 * (a paragraph rewritten) and restored at the end. The project's {@code .continuity/} folder is created. With
 * {@code -Dbench.retrain=true} it then also times two retrainings of the project's model on its whole history (the
 * git log's transactions with their edit evidence read from git), as a run's learning triggers them; with
 * {@code -Dbench.retrain=N}, N retrainings, and the median of those after the first.
 * <pre>{@code
 * git init -q /tmp/p2000 && python3 orchestrator-benchmarks/scripts/make_git_history.py 2000 2000 \
 *     | git -C /tmp/p2000 fast-import --quiet && git -C /tmp/p2000 symbolic-ref HEAD refs/heads/main \
 *     && git -C /tmp/p2000 checkout -q -f main
 * mvn -q -B -o test-compile exec:java -pl orchestrator-ml -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.continuity.ml.ProjectPredictionBenchmark -Dexec.args=/tmp/p2000
 * }</pre>
 */
public final class ProjectPredictionBenchmark {

    private ProjectPredictionBenchmark() {
    }

    /** {@code -Dbench.retrain}: {@code true} for two retrainings, or how many. */
    private static int retrainings() {
        String value = System.getProperty("bench.retrain", "false");
        if (value.equals("true")) {
            return 2;
        }
        return value.equals("false") ? 0 : Integer.parseInt(value);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ProjectPredictionBenchmark GIT_WORK_TREE");
        }
        Path root = Path.of(args[0]).toAbsolutePath();
        Path changed;
        try (var files = Files.list(root.resolve("text"))) {
            changed = files.filter(p -> p.toString().endsWith(".md")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(root + "/text holds no .md file"));
        }
        String before = Files.readString(changed, StandardCharsets.UTF_8);
        int cut = before.indexOf('\n');
        // rewrite the first paragraph, as a writer's edit would
        String after = "A rewritten opening paragraph with new words." + before.substring(cut < 0 ? before.length() : cut);
        Files.writeString(changed, after, StandardCharsets.UTF_8);
        String relative = root.relativize(changed).toString().replace('\\', '/');
        TribuoImpactPredictor predictor = new TribuoImpactPredictor(MlOptions.defaults(), InstantSource.system(),
                ".*\\.md");
        System.out.printf(Locale.ROOT, "java %s, %d processors%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        try (Orchestrator o = Orchestrators.builder(root).impactPredictor(predictor).build()) {
            long s0 = System.nanoTime();
            ProjectSnapshot project = o.scan();
            double scan = (System.nanoTime() - s0) / 1e6;
            ImpactQuery query = new ImpactQuery(ChangeContext.of(UpdateType.MANUSCRIPT_CHANGE, relative), project,
                    List.of(), "auto", Instant.now());
            long c0 = System.nanoTime();
            List<ImpactedFile> first = predictor.predict(query);
            double cold = (System.nanoTime() - c0) / 1e9;
            for (int i = 0; i < 50; i++) {
                predictor.predict(query);
            }
            long[] nanos = new long[200];
            for (int i = 0; i < nanos.length; i++) {
                long t0 = System.nanoTime();
                predictor.predict(query);
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "project of %d files (scan %.0f ms, not counted); first prediction %.1f s "
                            + "(git log mined, model trained, every file tokenized), %d files reported%n",
                    project.files().size(), scan, cold, first.size());
            System.out.printf(Locale.ROOT, "warm prediction, end to end: median %.1f ms, p95 %.1f ms, max %.1f ms%n",
                    nanos[100] / 1e6, nanos[190] / 1e6, nanos[199] / 1e6);
            long[] size = predictor.edits((dev.continuity.core.project.Project) project).terms().indexSize();
            System.out.printf(Locale.ROOT, "inverted index: %d terms, %d postings (id arrays of %d ints, %.1f MB)%n",
                    size[0], size[1], size[2], size[2] * 4 / 1e6);
            Runtime rt = Runtime.getRuntime();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            System.out.printf(Locale.ROOT, "heap in use after the predictions (model, history, terms): %.0f MB%n",
                    (rt.totalMemory() - rt.freeMemory()) / 1e6);
            predictor.insights().forEach(i -> System.out.println("  " + i));
            int retrainings = retrainings();
            if (retrainings > 0) {
                // a retraining of the project's model on its whole history, as a run's learning triggers it
                LearnedImpactPredictor learned = predictor.forProject((dev.continuity.core.project.Project) project);
                double[] seconds = new double[retrainings];
                for (int i = 0; i < retrainings; i++) {
                    long r0 = System.nanoTime();
                    TrainingReport report = learned.retrain();
                    seconds[i] = (System.nanoTime() - r0) / 1e9;
                    System.out.printf(Locale.ROOT, "retrain %d: %.2f s (%d training queries, %d rows, %s)%n", i + 1,
                            seconds[i], report.metadata().trainingQueries(), report.metadata().trainingRows(),
                            report.metadata().type());
                }
                if (retrainings > 2) {
                    double[] warm = Arrays.copyOfRange(seconds, 1, retrainings);
                    Arrays.sort(warm);
                    System.out.printf(Locale.ROOT, "retraining: first %.2f s; after it median %.2f s, min %.2f s, max "
                            + "%.2f s%n", seconds[0], warm[warm.length / 2], warm[0], warm[warm.length - 1]);
                }
            }
        } finally {
            Files.writeString(changed, before, StandardCharsets.UTF_8);
        }
    }
}
