package dev.continuity.ml.eval;

import dev.continuity.ml.ImpactPrediction;
import dev.continuity.ml.LearnedImpactPredictor;
import dev.continuity.ml.MlOptions;
import dev.continuity.ml.TrainingReport;
import dev.continuity.ml.features.ChangeQuery;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.history.UpdateHistoryRecord;
import dev.continuity.ml.model.ModelType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The performance benchmark (a command, not a timed unit test):
 * <ol>
 *   <li>training: {@link LearnedImpactPredictor#retrain()} on a synthetic history of 5,000 transactions (400 files),
 *       wall-clock, after one warm-up training on the same history;</li>
 *   <li>prediction: one change ranked against all 2,000 files of a synthetic project (trained on 2,000
 *       transactions), warm (after 50 warm-up predictions), median and 95th percentile of 200 predictions.</li>
 * </ol>
 * Arguments: {@code [modelType ...]} (default: auto logistic random-forest ensemble).
 */
public final class PerformanceBenchmark {

    private PerformanceBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<ModelType> types = new ArrayList<>();
        for (String a : args.length == 0 ? new String[]{"AUTO", "LOGISTIC", "RANDOM_FOREST", "ENSEMBLE"} : args) {
            types.add(ModelType.valueOf(a.toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        System.out.printf("java %s, %d processors, max heap %d MB%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        SyntheticHistory training = SyntheticHistory.generate(11, 400, 5_000);
        SyntheticHistory large = SyntheticHistory.generate(12, 2_000, 2_000);
        for (ModelType type : types) {
            MlOptions options = MlOptions.builder().modelType(type).build();
            trainingBenchmark(training, options);
            predictionBenchmark(large, options);
        }
    }

    static void trainingBenchmark(SyntheticHistory history, MlOptions options) throws IOException {
        Path dir = Files.createTempDirectory("continuity-bench");
        try {
            LearnedImpactPredictor predictor = LearnedImpactPredictor.builder(dir).options(options)
                    .trainingLinkGraph(history::linkGraph).clock(InstantSource.system()).build();
            predictor.importHistory(history.records());
            long cold = System.nanoTime();
            predictor.retrain(); // first training in this JVM (includes JIT warm-up)
            double coldSeconds = (System.nanoTime() - cold) / 1e9;
            long t0 = System.nanoTime();
            TrainingReport report = predictor.retrain();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "train %-13s %d transactions, %d queries, %d rows: %.2f s warm, %.2f s first "
                            + "(chose %s, held-out MAP %s, %s calibration)%n", options.modelType(),
                    history.records().size(), report.metadata().trainingQueries(), report.metadata().trainingRows(),
                    seconds, coldSeconds,
                    report.metadata().type(), report.metadata().validationMap(), report.metadata().calibrationMethod());
        } finally {
            delete(dir);
        }
    }

    static void predictionBenchmark(SyntheticHistory history, MlOptions options) throws IOException {
        Path dir = Files.createTempDirectory("continuity-bench");
        try {
            LearnedImpactPredictor predictor = LearnedImpactPredictor.builder(dir).options(options)
                    .trainingLinkGraph(history::linkGraph).build();
            predictor.importHistory(history.records());
            predictor.retrain();
            List<UpdateHistoryRecord> recs = history.records();
            List<String> candidates = new ArrayList<>(history.files());
            OffsetDateTime now = recs.get(recs.size() - 1).time().plusHours(1);
            List<ChangeQuery> queries = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                UpdateHistoryRecord r = recs.get(recs.size() - 1 - (i % 200));
                ChangedFile first = r.changedFiles().get(0);
                queries.add(new ChangeQuery(List.of(first), r.author(), now, history.linkGraph()));
            }
            for (int i = 0; i < 50; i++) {
                predictor.predict(queries.get(i), candidates);
            }
            long[] nanos = new long[200];
            int ranked = 0;
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                ImpactPrediction p = predictor.predict(queries.get(50 + i), candidates);
                nanos[i] = System.nanoTime() - t0;
                ranked = p.ranked().size();
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "predict %-11s %d candidates (explanations for the top %d): median %.1f ms, "
                            + "p95 %.1f ms, max %.1f ms%n", options.modelType(), ranked, options.explainTop(),
                    nanos[100] / 1e6, nanos[190] / 1e6, nanos[199] / 1e6);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
