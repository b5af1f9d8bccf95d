package dev.continuity.core.project;

import java.util.Arrays;

/** Maps char offsets of a text to 1-based line numbers. */
final class TextLines {
    private final int[] starts;

    TextLines(String text) {
        int[] s = new int[16];
        int n = 0;
        s[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == s.length) {
                    s = Arrays.copyOf(s, n * 2);
                }
                s[n++] = i + 1;
            }
        }
        starts = Arrays.copyOf(s, n);
    }

    int lineOf(int offset) {
        int i = Arrays.binarySearch(starts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    int startOf(int line) {
        return starts[Math.max(0, Math.min(line - 1, starts.length - 1))];
    }
}
