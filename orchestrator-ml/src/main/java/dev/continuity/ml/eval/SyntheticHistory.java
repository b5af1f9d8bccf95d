package dev.continuity.ml.eval;

import dev.continuity.ml.features.AdjacencyLinkGraph;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.history.ChangeKind;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.history.RecordSource;
import dev.continuity.ml.history.UpdateHistoryRecord;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A seeded synthetic history of a novel-writing project with realistic co-change structure, for benchmarks and
 * tests (not for judging quality: real histories do that).
 *
 * <p>The project has chapters ({@code chapters/chNNNN.md}), chapter plots ({@code plot/chNNNN.yaml}), character
 * sheets and setting notes. Chapter {@code i} links to its plot, two to four characters and one setting (the link
 * graph). Writing moves forward through the chapters over time (drift). Transactions: an author edits an active
 * chapter and, with some probability, its plot, characters or setting (a co-change cluster); sometimes a character
 * sheet is revised together with a few chapters it appears in; rarely a sweep renames a character in every chapter
 * that mentions it (up to 30 files); a fifth of the changes are isolated single-file edits. Three authors have their
 * own habits and working hours; gaps between commits are exponential (mean six hours).
 */
public final class SyntheticHistory {

    private final List<UpdateHistoryRecord> records;
    private final Set<String> files;
    private final AdjacencyLinkGraph graph;

    private SyntheticHistory(List<UpdateHistoryRecord> records, Set<String> files, AdjacencyLinkGraph graph) {
        this.records = List.copyOf(records);
        this.files = Collections.unmodifiableSet(files);
        this.graph = graph;
    }

    /**
     * Generates a history.
     *
     * @param seed         random seed
     * @param fileCount    approximate number of files (at least 40)
     * @param transactions number of transactions
     */
    public static SyntheticHistory generate(long seed, int fileCount, int transactions) {
        if (fileCount < 40 || transactions < 1) {
            throw new IllegalArgumentException("need at least 40 files and 1 transaction, got " + fileCount + ", "
                    + transactions);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int chapters = Math.max(10, (int) (fileCount * 0.4));
        int characters = Math.max(5, (int) (fileCount * 0.1));
        int settings = Math.max(3, fileCount - 2 * chapters - characters);
        List<String> chapter = new ArrayList<>();
        List<String> plot = new ArrayList<>();
        List<String> character = new ArrayList<>();
        List<String> setting = new ArrayList<>();
        for (int i = 0; i < chapters; i++) {
            chapter.add(String.format("chapters/ch%04d.md", i));
            plot.add(String.format("plot/ch%04d.yaml", i));
        }
        for (int i = 0; i < characters; i++) {
            character.add(String.format("characters/c%03d.md", i));
        }
        for (int i = 0; i < settings; i++) {
            setting.add(String.format("settings/s%03d.md", i));
        }
        List<List<Integer>> cast = new ArrayList<>();
        List<List<Integer>> appearsIn = new ArrayList<>();
        for (int c = 0; c < characters; c++) {
            appearsIn.add(new ArrayList<>());
        }
        int[] place = new int[chapters];
        AdjacencyLinkGraph.Builder links = AdjacencyLinkGraph.builder();
        for (int i = 0; i < chapters; i++) {
            Set<Integer> who = new TreeSet<>();
            who.add(zipf(rng, characters, 1.1)); // protagonists appear often
            int extra = 1 + rng.nextInt(3);
            for (int k = 0; k < extra; k++) {
                who.add(rng.nextInt(characters));
            }
            cast.add(new ArrayList<>(who));
            final int chapterIndex = i;
            who.forEach(c -> appearsIn.get(c).add(chapterIndex));
            place[i] = rng.nextInt(settings);
            links.addEdge(chapter.get(i), plot.get(i), "markdown");
            who.forEach(c -> links.addEdge(chapter.get(chapterIndex), character.get(c), "markdown"));
            links.addEdge(chapter.get(i), setting.get(place[i]), "markdown");
            if (i + 1 < chapters) {
                links.addEdge(plot.get(i), plot.get(i + 1), "markdown");
            }
        }
        String[] authors = {"writer", "editor", "continuity"};
        int[] workHour = {21, 10, 15};
        List<UpdateHistoryRecord> out = new ArrayList<>();
        long t = Instant.parse("2022-01-03T09:00:00Z").getEpochSecond();
        String parent = null;
        for (int n = 0; n < transactions; n++) {
            t += (long) (-Math.log(1 - rng.nextDouble()) * 6 * 3600);
            double progress = (double) n / transactions;
            int front = (int) (progress * (chapters - 1));
            Set<String> changed = new LinkedHashSet<>();
            double kind = rng.nextDouble();
            int author;
            if (kind < 0.20) { // isolated edit
                author = rng.nextInt(3);
                List<String> all = pickList(rng, chapter, plot, character, setting);
                changed.add(all.get(rng.nextInt(all.size())));
            } else if (kind < 0.75) { // writing the active chapters
                author = rng.nextDouble() < 0.8 ? 0 : 1;
                int ch = Math.max(0, front - zipf(rng, Math.min(chapters, 8), 1.3));
                changed.add(chapter.get(ch));
                if (rng.nextDouble() < 0.6) {
                    changed.add(plot.get(ch));
                }
                for (int c : cast.get(ch)) {
                    if (rng.nextDouble() < (author == 0 ? 0.25 : 0.45)) {
                        changed.add(character.get(c));
                    }
                }
                if (rng.nextDouble() < 0.2) {
                    changed.add(setting.get(place[ch]));
                }
                if (rng.nextDouble() < 0.25 && ch + 1 < chapters) {
                    changed.add(plot.get(ch + 1));
                }
            } else if (kind < 0.97) { // character revision with a few of its chapters
                author = rng.nextDouble() < 0.7 ? 1 : 2;
                int c = zipf(rng, characters, 1.1);
                changed.add(character.get(c));
                final int reach = front + 1;
                List<Integer> in = appearsIn.get(c).stream().filter(i -> i <= reach).toList();
                int take = Math.min(in.size(), 1 + rng.nextInt(3));
                for (int k = 0; k < take; k++) {
                    changed.add(chapter.get(in.get(in.size() - 1 - rng.nextInt(Math.min(in.size(), 6)))));
                }
            } else { // sweep: rename a character everywhere it appears so far
                author = 2;
                int c = zipf(rng, characters, 1.1);
                changed.add(character.get(c));
                for (int i : appearsIn.get(c)) {
                    if (i <= front && changed.size() < 30) {
                        changed.add(chapter.get(i));
                    }
                }
            }
            int hour = Math.floorMod(workHour[author] + (int) Math.round(rng.nextGaussian() * 2), 24);
            long day = Math.floorDiv(t, 86_400L);
            long time = day * 86_400L + hour * 3600L + rng.nextInt(3600);
            List<ChangedFile> changes = new ArrayList<>();
            for (String f : changed) {
                int size = f.startsWith("chapters/") ? 5 + rng.nextInt(120) : 1 + rng.nextInt(12);
                int deleted = rng.nextInt(size + 1);
                changes.add(new ChangedFile(f, size - deleted, deleted, ChangeKind.MODIFIED));
            }
            String id = String.format("syn%06d", n);
            OffsetDateTime when = Instant.ofEpochSecond(Math.max(time, t)).atOffset(ZoneOffset.ofHours(0));
            out.add(new UpdateHistoryRecord(id, Optional.of(id), Optional.ofNullable(parent), when,
                    Optional.of(authors[author]), RecordSource.GIT, changes, List.of(), List.of(), Map.of(), List.of()));
            parent = id;
            t = Math.max(t, time);
        }
        Set<String> all = new TreeSet<>();
        all.addAll(chapter);
        all.addAll(plot);
        all.addAll(character);
        all.addAll(setting);
        return new SyntheticHistory(out, all, links.build());
    }

    /** The transactions, oldest first; each names the previous one as its parent commit. */
    public List<UpdateHistoryRecord> records() {
        return records;
    }

    /** Every file of the project (all exist from the start). */
    public Set<String> files() {
        return files;
    }

    /** The link graph (constant over time). */
    public LinkGraph linkGraph() {
        return graph;
    }

    /** Snapshots: every commit has every file and the same link graph. */
    public RepositorySnapshots snapshots() {
        return new RepositorySnapshots() {
            @Override
            public Set<String> contentFilesAt(String commit) {
                return files;
            }

            @Override
            public LinkGraph linkGraphAt(String commit) {
                return graph;
            }
        };
    }

    @SafeVarargs
    private static List<String> pickList(SplittableRandom rng, List<String>... lists) {
        return lists[rng.nextInt(lists.length)];
    }

    /** A Zipf-like draw in [0, n): index k with probability proportional to 1 / (k + 1)^s. */
    private static int zipf(SplittableRandom rng, int n, double s) {
        double total = 0;
        for (int k = 0; k < n; k++) {
            total += 1 / Math.pow(k + 1, s);
        }
        double u = rng.nextDouble() * total;
        for (int k = 0; k < n; k++) {
            u -= 1 / Math.pow(k + 1, s);
            if (u <= 0) {
                return k;
            }
        }
        return n - 1;
    }
}
