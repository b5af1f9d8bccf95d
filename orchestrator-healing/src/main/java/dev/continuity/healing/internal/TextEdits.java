package dev.continuity.healing.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces spans of a text and nothing else, so every other byte of a file stays as it was. Each edit names the text it
 * expects at its span; an edit whose span no longer holds that text, or that overlaps another, is refused.
 */
public final class TextEdits {
    private TextEdits() {}

    /**
     * One replacement.
     *
     * @param start       first char
     * @param end         one past the last char
     * @param expected    the text that must be there now
     * @param replacement the new text
     */
    public record Edit(int start, int end, String expected, String replacement) {
        public Edit {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad span " + start + ".." + end);
            }
        }
    }

    /** The text with every edit applied. */
    public static String apply(String file, String text, List<Edit> edits) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder out = new StringBuilder(text);
        int limit = text.length();
        for (Edit e : sorted) {
            if (e.end() > limit) {
                throw new IllegalStateException(file + ": overlapping edits at " + e.start() + ".." + e.end());
            }
            if (e.end() > text.length() || !text.substring(e.start(), e.end()).equals(e.expected())) {
                throw new IllegalStateException(file + ": expected '" + e.expected() + "' at " + e.start() + ".." + e.end()
                        + "; the file changed since it was scanned");
            }
            out.replace(e.start(), e.end(), e.replacement());
            limit = e.start();
        }
        return out.toString();
    }

    /** 1-based line of a char offset. */
    public static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The offset where 1-based {@code line} starts (the text's length when past the end). */
    public static int lineStart(String text, int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', offset);
            if (nl < 0) {
                return text.length();
            }
            offset = nl + 1;
        }
        return offset;
    }

    /** The text of 1-based {@code line}, without its line break, shortened to {@code max} chars. */
    public static String quoteLine(String text, int line, int max) {
        int s = lineStart(text, line);
        int e = text.indexOf('\n', s);
        String l = (e < 0 ? text.substring(s) : text.substring(s, e)).replace("\r", "").strip();
        return l.length() > max ? l.substring(0, max) + "…" : l;
    }
}
