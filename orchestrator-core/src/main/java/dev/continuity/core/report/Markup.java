package dev.continuity.core.report;

import java.util.Comparator;
import java.util.Locale;

/** Escaping, coordinates, text-width estimates and ordering for the HTML and SVG of a report. */
final class Markup {
    private Markup() {}

    /** Escapes text for HTML and SVG, in content and in quoted attributes. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A coordinate with at most one decimal. */
    static String n(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }

    /**
     * The width of {@code s} in pixels at {@code px} font size, estimated: full-width characters (kanji, kana,
     * full-width forms) take about one em, narrow ones about 0.58 em.
     */
    static double textWidth(String s, double px) {
        double em = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            em += wide(cp) ? 1.0 : cp == ' ' || cp == '.' || cp == ',' || cp == 'i' || cp == 'l' || cp == '|' ? 0.3 : 0.58;
        }
        return em * px;
    }

    /** {@code s}, cut with an ellipsis so that it fits {@code maxWidth} pixels. */
    static String fit(String s, double maxWidth, double px) {
        if (textWidth(s, px) <= maxWidth) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        double w = textWidth("…", px);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            double cw = textWidth(new String(Character.toChars(cp)), px);
            if (w + cw > maxWidth) {
                break;
            }
            b.appendCodePoint(cp);
            w += cw;
            i += Character.charCount(cp);
        }
        return b + "…";
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    /**
     * Natural order: runs of digits (ASCII or full-width) compare by value, so {@code 第2巻} comes before {@code 第10巻}
     * and {@code chapter-9} before {@code chapter-10}.
     */
    static final Comparator<String> NATURAL = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (digit(ca) >= 0 && digit(cb) >= 0) {
                int si = i;
                int sj = j;
                while (i < a.length() && digit(a.charAt(i)) >= 0) {
                    i++;
                }
                while (j < b.length() && digit(b.charAt(j)) >= 0) {
                    j++;
                }
                int c = compareDigits(a.substring(si, i), b.substring(sj, j));
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= '０' && c <= '９') {
            return c - '０';
        }
        return -1;
    }

    private static int compareDigits(String x, String y) {
        String a = stripZeros(x);
        String b = stripZeros(y);
        if (a.length() != b.length()) {
            return Integer.compare(a.length(), b.length());
        }
        for (int k = 0; k < a.length(); k++) {
            int c = Integer.compare(digit(a.charAt(k)), digit(b.charAt(k)));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String stripZeros(String s) {
        int k = 0;
        while (k < s.length() - 1 && digit(s.charAt(k)) == 0) {
            k++;
        }
        return s.substring(k);
    }
}
