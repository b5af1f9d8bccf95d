package dev.continuity.benchmarks;

import dev.continuity.ml.features.Terms;
import dev.continuity.ml.text.TermBag;
import dev.continuity.ml.text.TermDictionary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The edit evidence's text work on one edited chapter, as a training does it for every file a commit changed: the
 * terms of the new version, and what the edit removed. Each chapter is 15 paragraphs of 40 to 120 words (about
 * 10,000 characters, one paragraph per line, words drawn from a Zipf-like vocabulary of 5,000); the edit rewrites one
 * paragraph. Three ways, in the same run:
 * <ul>
 *   <li>{@code mapCounts}: {@link Terms#counts} of the new version and {@link Terms#vanished} against the old one's
 *       counts: hash maps of strings, the representation before session 20;</li>
 *   <li>{@code bagWhole}: the new version's {@link TermBag} from its whole text, and {@link TermBag#vanished};</li>
 *   <li>{@code bagFromLines}: the new version's bag from the old bag and the lines that differ, and
 *       {@link TermBag#vanished}: what a training now does.</li>
 * </ul>
 * The old version's counts or bag are at hand in all three, as a training keeps those of the current tree.
 * <pre>{@code java -jar orchestrator-benchmarks/target/benchmarks.jar TermsBenchmark}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TermsBenchmark {

    private static final int CHAPTERS = 64;

    private final List<char[]> before = new ArrayList<>();
    private final List<char[]> after = new ArrayList<>();
    private final List<Map<String, Integer>> beforeCounts = new ArrayList<>();
    private final List<TermBag> beforeBags = new ArrayList<>();
    private TermDictionary dictionary;
    private TermBag.Builder builder;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(42);
        String[] vocabulary = new String[5_000];
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] = word(rng) + (rng.nextInt(8) == 0 ? "," : rng.nextInt(12) == 0 ? "." : "");
        }
        dictionary = new TermDictionary();
        builder = new TermBag.Builder(dictionary);
        for (int c = 0; c < CHAPTERS; c++) {
            List<String> paragraphs = new ArrayList<>();
            for (int p = 0; p < 15; p++) {
                paragraphs.add(paragraph(rng, vocabulary));
            }
            String old = String.join("\n", paragraphs) + "\n";
            paragraphs.set(rng.nextInt(paragraphs.size()), paragraph(rng, vocabulary));
            String now = String.join("\n", paragraphs) + "\n";
            before.add(old.toCharArray());
            after.add(now.toCharArray());
            beforeCounts.add(Terms.counts(old));
            beforeBags.add(builder.bag(old));
        }
    }

    private static String word(SplittableRandom rng) {
        StringBuilder b = new StringBuilder();
        int n = 2 + rng.nextInt(8);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + rng.nextInt(26)));
        }
        return b.toString();
    }

    private static String paragraph(SplittableRandom rng, String[] vocabulary) {
        StringBuilder b = new StringBuilder();
        int words = 40 + rng.nextInt(81);
        for (int w = 0; w < words; w++) {
            // Zipf-like: the square of a uniform draw favours the first words of the vocabulary
            double u = rng.nextDouble();
            b.append(w == 0 ? "" : " ").append(vocabulary[(int) (u * u * u * vocabulary.length)]);
        }
        return b.toString();
    }

    @Benchmark
    @OperationsPerInvocation(CHAPTERS)
    public void mapCounts(Blackhole bh) {
        for (int c = 0; c < CHAPTERS; c++) {
            Map<String, Integer> now = Terms.counts(new String(after.get(c)));
            bh.consume(Terms.vanished(beforeCounts.get(c), now, 256));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHAPTERS)
    public void bagWhole(Blackhole bh) {
        for (int c = 0; c < CHAPTERS; c++) {
            char[] text = after.get(c);
            TermBag now = builder.bag(text, text.length);
            bh.consume(TermBag.vanished(beforeBags.get(c), now, dictionary, 256));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHAPTERS)
    public void bagFromLines(Blackhole bh) {
        for (int c = 0; c < CHAPTERS; c++) {
            char[] text = after.get(c);
            char[] old = before.get(c);
            TermBag now = builder.bag(text, text.length, old, old.length, beforeBags.get(c));
            bh.consume(TermBag.vanished(beforeBags.get(c), now, dictionary, 256));
        }
    }
}
