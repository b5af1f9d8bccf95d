package dev.continuity.ml.features;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * File kinds of the query files and the candidate as one-hot categories (extension and top-level
 * folder), whether they share extension and folder, how far apart their folders are, and how alike their names are:
 * {@code kind.same_name}, the weight of the words both names hold over the weight of the words either holds (the best
 * over the query files), each word weighing {@code log((N + 1) / (n + 1))} when n of the N files the co-change index
 * knows hold it in their names. A source file and its test ({@code CoChangeIndex.java},
 * {@code CoChangeIndexTest.java}), a character's file and the chapter named after her ({@code アリス.yaml},
 * {@code 第1章_アリスの旅立ち.md}); a word every file's name holds ({@code ch} of {@code ch0001.md}) weighs nothing.
 */
final class FileKindFeatures implements FeatureExtractor {

    /** The words of the names asked about (a prediction asks about every file of the project). */
    private final Map<String, String[]> names = new ConcurrentHashMap<>();

    /**
     * How many of {@code files}' names hold each word.
     *
     * @param files the files the counts are over (the co-change index's, the same set until it changes)
     */
    private record NameWords(Set<String> files, Map<String, Integer> counts) {
        /** A word's weight: {@code log((N + 1) / (n + 1))} for a word that n of the N files' names hold. */
        double weight(String word) {
            return Math.log((files.size() + 1.0) / (counts.getOrDefault(word, 0) + 1.0));
        }
    }

    /** The word counts of the last set of files asked about. */
    private volatile NameWords nameWords = new NameWords(Set.of(), Map.of());

    private NameWords nameWords(Set<String> files) {
        NameWords known = nameWords;
        if (known.files() != files) {
            Map<String, Integer> counts = new HashMap<>();
            for (String f : files) {
                for (String w : words(f)) {
                    counts.merge(w, 1, Integer::sum);
                }
            }
            known = new NameWords(files, counts);
            nameWords = known;
        }
        return known;
    }

    private static boolean contains(String[] words, String word) {
        for (String w : words) {
            if (w.equals(word)) {
                return true;
            }
        }
        return false;
    }

    private String[] words(String path) {
        String[] w = names.get(path);
        if (w == null) {
            if (names.size() >= 100_000) {
                names.clear();
            }
            w = nameTokens(path).toArray(String[]::new);
            names.put(path, w);
        }
        return w;
    }

    @Override
    public void extract(QueryContext ctx, String candidate, FeatureSink sink) {
        String cExt = extension(candidate);
        String cDir = folder(candidate);
        sink.category("kind.c.ext", cExt);
        sink.category("kind.c.top", top(candidate));
        boolean sameExt = false;
        boolean sameDir = false;
        int minDirDistance = Integer.MAX_VALUE;
        for (String q : ctx.queryFiles()) {
            String qExt = extension(q);
            sink.category("kind.q.ext", qExt);
            sink.category("kind.q.top", top(q));
            sameExt |= qExt.equals(cExt);
            String qDir = folder(q);
            sameDir |= qDir.equals(cDir);
            minDirDistance = Math.min(minDirDistance, folderDistance(qDir, cDir));
        }
        double name = 0;
        String[] cWords = words(candidate);
        if (cWords.length > 0) {
            NameWords known = nameWords(ctx.index().existingFiles());
            for (String q : ctx.queryFiles()) {
                String[] qWords = words(q);
                double common = 0;
                double all = 0;
                for (String w : qWords) {
                    double weight = known.weight(w);
                    all += weight;
                    if (contains(cWords, w)) {
                        common += weight;
                    }
                }
                for (String c : cWords) {
                    if (!contains(qWords, c)) {
                        all += known.weight(c);
                    }
                }
                if (common > 0) {
                    name = Math.max(name, common / all);
                }
            }
        }
        sink.put("kind.same_name", name);
        sink.flag("kind.same_ext", sameExt);
        sink.flag("kind.same_folder", sameDir);
        sink.put("kind.folder_distance_log", Math.log1p(minDirDistance));
    }

    /**
     * The words of a file's name without its extension, lower case: split at characters other than letters and digits,
     * between letters and digits, before a capital that follows a small letter or that starts a word after capitals
     * ({@code XMLParser}: {@code xml}, {@code parser}), and where the script changes ({@code 第1章_アリスの旅立ち}:
     * 第, 1, 章, アリス, の, 旅立, ち).
     */
    static Set<String> nameTokens(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        Set<String> out = new LinkedHashSet<>();
        StringBuilder word = new StringBuilder();
        int prev = 0;
        Character.UnicodeScript script = Character.UnicodeScript.COMMON;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            int width = Character.charCount(c);
            int next = i + width < name.length() ? name.codePointAt(i + width) : 0;
            boolean kept = Character.isLetterOrDigit(c);
            Character.UnicodeScript own = Character.UnicodeScript.of(c);
            boolean shared = own == Character.UnicodeScript.COMMON || own == Character.UnicodeScript.INHERITED;
            if (word.length() > 0 && (!kept || startsWord(prev, c, next)
                    || (!shared && script != Character.UnicodeScript.COMMON && own != script))) {
                out.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
                script = Character.UnicodeScript.COMMON;
            }
            if (kept) {
                word.appendCodePoint(c);
                if (!shared) {
                    // marks shared by scripts (the katakana prolonged sound mark) do not split a word
                    script = own;
                }
            }
            prev = c;
            i += width;
        }
        if (word.length() > 0) {
            out.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** Whether {@code c}, a letter or digit after the letter or digit {@code prev}, starts a word by digits or case. */
    private static boolean startsWord(int prev, int c, int next) {
        if (Character.isDigit(c) != Character.isDigit(prev)) {
            return true;
        }
        return Character.isUpperCase(c) && (Character.isLowerCase(prev)
                || (Character.isUpperCase(prev) && Character.isLowerCase(next)));
    }

    static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "(none)";
    }

    static String folder(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String top(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? "(root)" : path.substring(0, slash);
    }

    /** Number of folder steps from one folder to the other through their common ancestor. */
    static int folderDistance(String a, String b) {
        String[] pa = a.isEmpty() ? new String[0] : a.split("/");
        String[] pb = b.isEmpty() ? new String[0] : b.split("/");
        int common = 0;
        while (common < pa.length && common < pb.length && pa[common].equals(pb[common])) {
            common++;
        }
        return (pa.length - common) + (pb.length - common);
    }

    @Override
    public String id() {
        return "builtin.kind";
    }

    /** 2: {@code kind.same_name} added; 3: its words weighed by how few names hold them. */
    @Override
    public int version() {
        return 3;
    }
}
