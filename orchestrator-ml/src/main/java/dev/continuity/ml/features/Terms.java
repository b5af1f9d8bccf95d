package dev.continuity.ml.features;

import dev.continuity.ml.text.TermBag;
import dev.continuity.ml.text.TermScanner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
    static final char FIRST_CJK = TermScanner.FIRST_CJK;

    private Terms() {
    }

    /** How often each term occurs in {@code text}. */
    public static Map<String, Integer> counts(CharSequence text) {
        Map<String, Integer> counts = new HashMap<>();
        TermScanner.scan(text, (t, start, end) -> counts.merge(new String(t, start, end - start), 1, Integer::sum));
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
        return TermBag.largestFirst(entries, max);
    }

    /** Han, Hiragana, Katakana (with the prolonged sound mark) and Hangul. */
    static boolean isCjk(char c) {
        return TermScanner.isCjk(c);
    }
}
