package dev.continuity.ml.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The terms of a text, for the edit-propagation features: whitespace-separated tokens as they are (so
 * {@code plain-clothes}, {@code <abbr>Mr.</abbr>} or {@code [[Chapter 3]]} stay whole), the same token without its
 * leading and trailing punctuation when it has some ({@code "Holmes,"} also gives {@code Holmes}), and, inside a token, every
 * run of CJK characters split into overlapping character bigrams (Japanese and Chinese have no spaces; bigrams are the
 * usual index unit there, so renaming {@code 導師} makes the bigram {@code 導師} vanish). The non-CJK parts of a mixed
 * token are terms of their own.
 */
public final class Terms {

    /** No character below this one (the first Hangul Jamo) is Han, Hiragana, Katakana or Hangul. */
    static final char FIRST_CJK = '\u1100';

    /** Longer tokens are cut to this many characters (minified markup, base64). */
    static final int MAX_TERM_LENGTH = 64;

    private Terms() {
    }

    /** How often each term occurs in {@code text}. */
    public static Map<String, Integer> counts(CharSequence text) {
        Map<String, Integer> counts = new HashMap<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                token(text, start, i, counts);
            }
        }
        return counts;
    }

    /**
     * The terms whose number of occurrences dropped from {@code before} to {@code after}: what the edit removed
     * or replaced. At most {@code max} of them, those with the largest drop first (then by name), so a rewrite of a
     * whole file gives a bounded set.
     */
    public static Set<String> vanished(Map<String, Integer> before, Map<String, Integer> after, int max) {
        List<Map.Entry<String, Integer>> drops = new ArrayList<>();
        before.forEach((term, count) -> {
            int drop = count - after.getOrDefault(term, 0);
            if (drop > 0) {
                drops.add(Map.entry(term, drop));
            }
        });
        return Collections.unmodifiableSet(largestFirst(drops, max).keySet());
    }

    /**
     * The terms the edit removed everywhere: those that occurred at least {@code minCount} times in {@code before} and
     * not at all in {@code after}, each with the number of occurrences removed. Removing every one of several
     * occurrences is a systematic replacement (a character renamed, a spelling modernised, markup changed) rather than
     * a local fix, and other files that still hold the term are likely to get the same edit. At most {@code max}
     * terms, the most frequent first (then by name).
     */
    public static Map<String, Integer> swept(Map<String, Integer> before, Map<String, Integer> after, int minCount,
                                             int max) {
        List<Map.Entry<String, Integer>> gone = new ArrayList<>();
        before.forEach((term, count) -> {
            if (count >= minCount && !after.containsKey(term)) {
                gone.add(Map.entry(term, count));
            }
        });
        return Collections.unmodifiableMap(largestFirst(gone, max));
    }

    /** At most {@code max} of {@code entries}, the largest value first (then by name), in that order. */
    private static Map<String, Integer> largestFirst(List<Map.Entry<String, Integer>> entries, int max) {
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int k = 0; k < entries.size() && k < max; k++) {
            out.put(entries.get(k).getKey(), entries.get(k).getValue());
        }
        return out;
    }

    private static void token(CharSequence text, int start, int end, Map<String, Integer> counts) {
        boolean cjk = false;
        for (int i = start; i < end; i++) {
            if (isCjk(text.charAt(i))) {
                cjk = true;
                break;
            }
        }
        if (!cjk) {
            plain(text, start, end, counts);
            return;
        }
        int i = start;
        while (i < end) {
            int runStart = i;
            boolean inCjk = isCjk(text.charAt(i));
            while (i < end && isCjk(text.charAt(i)) == inCjk) {
                i++;
            }
            if (!inCjk) {
                plain(text, runStart, i, counts);
            } else if (i - runStart == 1) {
                add(counts, String.valueOf(text.charAt(runStart)));
            } else {
                for (int k = runStart; k + 1 < i; k++) {
                    add(counts, text.subSequence(k, k + 2).toString());
                }
            }
        }
    }

    /** A token without CJK characters: as it is, and without its leading and trailing punctuation. */
    private static void plain(CharSequence text, int start, int end, Map<String, Integer> counts) {
        add(counts, text.subSequence(start, Math.min(end, start + MAX_TERM_LENGTH)).toString());
        int from = start;
        int to = end;
        while (from < to && !Character.isLetterOrDigit(text.charAt(from))) {
            from++;
        }
        while (to > from && !Character.isLetterOrDigit(text.charAt(to - 1))) {
            to--;
        }
        if (to > from && (from > start || to < end)) {
            add(counts, text.subSequence(from, Math.min(to, from + MAX_TERM_LENGTH)).toString());
        }
    }

    private static void add(Map<String, Integer> counts, String term) {
        counts.merge(term, 1, Integer::sum);
    }

    /** Han, Hiragana, Katakana (with the prolonged sound mark) and Hangul. */
    static boolean isCjk(char c) {
        if (c < FIRST_CJK) {
            return false;         // Latin, Greek, Cyrillic, markup...: no script lookup for every character
        }
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL || c == 'ー';
    }
}
