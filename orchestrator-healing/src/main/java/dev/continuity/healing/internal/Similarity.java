package dev.continuity.healing.internal;

import dev.continuity.api.EntityInfo;
import dev.continuity.api.Reference;
import dev.continuity.api.spi.ProjectSnapshot;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Edit-distance similarity of names, by code point (so Japanese and emoji count one per character), a swap of two
 * adjacent characters counting as one edit.
 */
public final class Similarity {
    private Similarity() {}

    /**
     * Edit distance by code point, counting a swap of two adjacent characters as one edit (the optimal string alignment
     * distance): {@code Jnae} is one edit from {@code Jane}, the commonest typo of a short name, where plain Levenshtein
     * counts two.
     */
    public static int distance(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[] before = new int[y.length + 1];
        int[] prev = new int[y.length + 1];
        int[] cur = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int d = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                    d = Math.min(d, before[j - 2] + 1);
                }
                cur[j] = d;
            }
            int[] t = before;
            before = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length];
    }

    /** 1 - distance / longer length: 1.0 for equal strings, 0.0 for nothing in common. */
    public static double of(String a, String b) {
        int longer = Math.max(a.codePointCount(0, a.length()), b.codePointCount(0, b.length()));
        return longer == 0 ? 1.0 : 1.0 - (double) distance(a, b) / longer;
    }

    /**
     * A candidate replacement.
     *
     * @param written what to write instead (a name or alias, or a path)
     * @param target  what it resolves to (the entity's canonical name, or the path)
     * @param score   its similarity to the broken text
     * @param reason  why it is the one, beyond its similarity; empty for a candidate by similarity alone
     */
    public record Candidate(String written, String target, double score, String reason) {
        /** A candidate by similarity alone. */
        public Candidate(String written, String target, double score) {
            this(written, target, score, "");
        }
    }

    /**
     * What a broken reference could be replaced with.
     *
     * @param ranked the candidates, best first (at most three)
     * @param unique the one to write, when there is one
     */
    public record Suggestion(List<Candidate> ranked, Optional<Candidate> unique) {}

    /**
     * The candidates for a broken reference and the one to write. A file link that names one file in another letter
     * case, with an equivalent extension, or by a name only that file has ({@link FileMatches}) means that file, however
     * close other names are; a moved file is not taken, though, when another file is the unique close candidate by
     * similarity. Otherwise the best candidate by similarity, if it reaches {@code threshold} and beats the runner-up
     * by {@code margin}.
     */
    public static Suggestion suggestion(ProjectSnapshot project, Reference r, double threshold, double margin) {
        List<Candidate> ranked = referenceCandidates(project, r, 3);
        Optional<Candidate> bySimilarity = unique(ranked, threshold, margin);
        Optional<FileMatches.Match> match = isFileReference(r) ? FileMatches.of(project, r) : Optional.empty();
        if (match.isEmpty()) {
            return new Suggestion(ranked, bySimilarity);
        }
        FileMatches.Match m = match.get();
        Candidate best = new Candidate(m.written(), m.file(), of(r.text(), m.written()), m.kind().reason());
        List<Candidate> all = new ArrayList<>();
        all.add(best);
        ranked.stream().filter(c -> !c.target().equals(m.file())).limit(2).forEach(all::add);
        boolean contested = m.kind() == FileMatches.Kind.MOVED && bySimilarity.filter(c -> !c.target().equals(m.file())).isPresent();
        return new Suggestion(List.copyOf(all), contested ? Optional.empty() : Optional.of(best));
    }

    /**
     * The candidates for {@code text} among {@code options} (written form to target), best first, one per target (its
     * closest written form), ties broken by written form.
     */
    public static List<Candidate> rank(String text, Map<String, String> options) {
        Map<String, Candidate> best = new java.util.HashMap<>();
        options.forEach((written, target) -> {
            Candidate c = new Candidate(written, target, of(text, written));
            best.merge(target, c, (a, b) -> a.score() > b.score() || a.score() == b.score() && a.written().compareTo(b.written()) <= 0 ? a : b);
        });
        List<Candidate> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::written));
        return out;
    }

    /** The best candidate if it reaches {@code threshold} and beats the runner-up by at least {@code margin}. */
    public static Optional<Candidate> unique(List<Candidate> ranked, double threshold, double margin) {
        if (ranked.isEmpty() || ranked.getFirst().score() < threshold) {
            return Optional.empty();
        }
        if (ranked.size() > 1 && ranked.getFirst().score() - ranked.get(1).score() < margin) {
            return Optional.empty();
        }
        return Optional.of(ranked.getFirst());
    }

    /** The ranked candidates for a broken reference. */
    public static List<Candidate> referenceCandidates(ProjectSnapshot project, Reference r) {
        if (isFileReference(r)) {
            return rank(r.text(), fileOptions(project.files(), r));
        }
        return rank(r.text(), entityOptions(project));
    }

    /**
     * The first {@code limit} of {@link #referenceCandidates(ProjectSnapshot, Reference)}, the same list cut short. The
     * rankings are remembered for the last set of names (and of files): healing detects again after every fix on a
     * state whose names have nearly always not changed, and ranking each broken name against every name and alias of
     * the project was most of the time a heal of many broken references took.
     */
    public static List<Candidate> referenceCandidates(ProjectSnapshot project, Reference r, int limit) {
        if (isFileReference(r)) {
            List<String> files = project.files();
            RankCache cache = fileRankings.get();
            if (cache == null || !cache.universe().equals(files)) {
                cache = new RankCache(files, new ConcurrentHashMap<>());
                fileRankings = new SoftReference<>(cache);
            }
            return cache.get(prefix(r) + '\0' + r.fromFile() + '\0' + r.text(), limit, () -> rank(r.text(), fileOptions(files, r)));
        }
        Map<String, String> options = entityOptions(project);
        RankCache cache = entityRankings.get();
        if (cache == null || !cache.universe().equals(options)) {
            cache = new RankCache(options, new ConcurrentHashMap<>());
            entityRankings = new SoftReference<>(cache);
        }
        return cache.get(r.text(), limit, () -> rank(r.text(), options));
    }

    /** Rankings (cut to their limit) by key, valid for one universe of names or files. */
    private record RankCache(Object universe, ConcurrentHashMap<String, List<Candidate>> ranked) {
        private static final int MAX_ENTRIES = 50_000;

        List<Candidate> get(String key, int limit, java.util.function.Supplier<List<Candidate>> rank) {
            String k = limit + "\0" + key;
            List<Candidate> hit = ranked.get(k);
            if (hit != null) {
                return hit;
            }
            List<Candidate> all = rank.get();
            List<Candidate> cut = List.copyOf(all.size() > limit ? all.subList(0, limit) : all);
            if (ranked.size() < MAX_ENTRIES) {
                ranked.put(k, cut);
            }
            return cut;
        }
    }

    private static volatile SoftReference<RankCache> entityRankings = new SoftReference<>(null);
    private static volatile SoftReference<RankCache> fileRankings = new SoftReference<>(null);

    private static String prefix(Reference r) {
        String target = r.target();
        return target.endsWith(r.text()) ? target.substring(0, target.length() - r.text().length()) : "";
    }

    private static Map<String, String> fileOptions(List<String> files, Reference r) {
        String prefix = prefix(r);
        Map<String, String> options = new LinkedHashMap<>();
        for (String f : files) {
            if (f.startsWith(prefix) && !f.equals(r.fromFile())) {
                options.put(f.substring(prefix.length()), f);
            }
        }
        return options;
    }

    /** The written forms of the last entity list asked about. */
    private record Options(List<EntityInfo> entities, Map<String, String> options) {}

    private static volatile SoftReference<Options> lastOptions = new SoftReference<>(null);

    /** Every name and alias, to the entity's name (unmodifiable; the same map while the entity list is the same). */
    private static Map<String, String> entityOptions(ProjectSnapshot project) {
        List<EntityInfo> entities = project.entities();
        Options last = lastOptions.get();
        if (last != null && last.entities() == entities) {
            return last.options();
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (EntityInfo e : entities) {
            e.allNames().forEach(n -> options.putIfAbsent(n, e.name()));
        }
        Map<String, String> unmodifiable = java.util.Collections.unmodifiableMap(options);
        lastOptions = new SoftReference<>(new Options(entities, unmodifiable));
        return unmodifiable;
    }

    /** Whether a reference names a file (it has a path or an extension) rather than an entity. */
    public static boolean isFileReference(Reference r) {
        return !r.targetIsEntity() && (r.text().contains("/") || r.text().matches(".*\\.[A-Za-z0-9]{1,5}$"));
    }
}
