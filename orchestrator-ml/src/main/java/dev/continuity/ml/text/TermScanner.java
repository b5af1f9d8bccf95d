package dev.continuity.ml.text;

/**
 * Splits a text into the terms of {@link dev.continuity.ml.features.Terms}, handing each to a {@link Sink} as a range
 * of the text: whitespace-separated tokens as they are (cut to {@link #MAX_TERM_LENGTH} characters), the same token
 * without its leading and trailing punctuation when it has some, and, inside a token, every run of CJK characters as
 * overlapping character bigrams (a run of one character is a term of its own) with the non-CJK parts as terms of their
 * own. No string is made here: a sink that only counts known terms allocates nothing per token.
 */
public final class TermScanner {

    /** No character below this one (the first Hangul Jamo) is Han, Hiragana, Katakana or Hangul. */
    public static final char FIRST_CJK = '\u1100';

    /** Longer tokens are cut to this many characters (minified markup, base64). */
    public static final int MAX_TERM_LENGTH = 64;

    /** Receives the terms of a text, in order, each as {@code text[start, end)}; a term may come more than once. */
    @FunctionalInterface
    public interface Sink {
        /**
         * One occurrence of a term.
         *
         * @param text  the text being scanned
         * @param start the term's first character
         * @param end   one past its last character
         */
        void term(char[] text, int start, int end);
    }

    private TermScanner() {
    }

    /** Hands every term occurrence of {@code text} to {@code sink}, in order. */
    public static void scan(CharSequence text, Sink sink) {
        char[] chars = text.toString().toCharArray();
        scan(chars, chars.length, sink);
    }

    /** Hands every term occurrence of {@code text[0, length)} to {@code sink}, in order. */
    public static void scan(char[] text, int length, Sink sink) {
        scan(text, 0, length, sink);
    }

    /**
     * Hands every term occurrence of {@code text[from, to)} to {@code sink}, in order. A range that starts and ends at
     * whitespace or at the text's ends (a line, say) gives exactly its share of the whole text's terms: no term spans
     * whitespace.
     */
    public static void scan(char[] text, int from, int to, Sink sink) {
        int n = to;
        int i = from;
        while (i < n) {
            while (i < n && Character.isWhitespace(text[i])) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text[i])) {
                i++;
            }
            if (i > start) {
                token(text, start, i, sink);
            }
        }
    }

    private static void token(char[] text, int start, int end, Sink sink) {
        boolean cjk = false;
        for (int i = start; i < end; i++) {
            if (isCjk(text[i])) {
                cjk = true;
                break;
            }
        }
        if (!cjk) {
            plain(text, start, end, sink);
            return;
        }
        int i = start;
        while (i < end) {
            int runStart = i;
            boolean inCjk = isCjk(text[i]);
            while (i < end && isCjk(text[i]) == inCjk) {
                i++;
            }
            if (!inCjk) {
                plain(text, runStart, i, sink);
            } else if (i - runStart == 1) {
                sink.term(text, runStart, runStart + 1);
            } else {
                for (int k = runStart; k + 1 < i; k++) {
                    sink.term(text, k, k + 2);
                }
            }
        }
    }

    /** A token without CJK characters: as it is, and without its leading and trailing punctuation. */
    private static void plain(char[] text, int start, int end, Sink sink) {
        sink.term(text, start, Math.min(end, start + MAX_TERM_LENGTH));
        int from = start;
        int to = end;
        while (from < to && !Character.isLetterOrDigit(text[from])) {
            from++;
        }
        while (to > from && !Character.isLetterOrDigit(text[to - 1])) {
            to--;
        }
        if (to > from && (from > start || to < end)) {
            sink.term(text, from, Math.min(to, from + MAX_TERM_LENGTH));
        }
    }

    /** Han, Hiragana, Katakana (with the prolonged sound mark) and Hangul. */
    public static boolean isCjk(char c) {
        if (c < FIRST_CJK) {
            return false;         // Latin, Greek, Cyrillic, markup...: no script lookup for every character
        }
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL || c == 'ー';
    }
}
