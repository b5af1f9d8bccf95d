package dev.continuity.ml.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The terms of one text by their {@link TermDictionary} ids, with how often each occurs: two arrays sorted by id, so
 * that a membership test is a binary search and the difference of two texts is one merge of the two arrays. Immutable.
 */
public final class TermBag {

    /** The bag of an empty text. */
    public static final TermBag EMPTY = new TermBag(new int[0], new int[0]);

    /** A membership test reads the fence, then one block of this many ids. */
    private static final int BLOCK = 16;

    private final int[] ids;
    private final int[] counts;
    /** The first id of each block of {@link #BLOCK} ids: small enough to stay in cache over many lookups. */
    private final int[] fence;

    private TermBag(int[] ids, int[] counts) {
        this.ids = ids;
        this.counts = counts;
        this.fence = new int[(ids.length + BLOCK - 1) / BLOCK];
        for (int k = 0; k < fence.length; k++) {
            fence[k] = ids[k * BLOCK];
        }
    }

    /** The number of distinct terms. */
    public int size() {
        return ids.length;
    }

    /** Whether the text holds the term numbered {@code id}. */
    public boolean contains(int id) {
        int[] f = fence;
        int n = f.length;
        if (n == 0 || id < f[0]) {
            return false;
        }
        // the last block starting at or below id, found without unpredictable branches; then a look into it
        int base = 0;
        while (n > 1) {
            int half = n >>> 1;
            base = f[base + half] <= id ? base + half : base;
            n -= half;
        }
        int to = Math.min(base * BLOCK + BLOCK, ids.length);
        for (int i = base * BLOCK; i < to; i++) {
            if (ids[i] >= id) {
                return ids[i] == id;
            }
        }
        return false;
    }

    /** The {@code i}-th term's id, in increasing order of ids. */
    public int idAt(int i) {
        return ids[i];
    }

    /** How often the {@code i}-th term occurs. */
    public int countAt(int i) {
        return counts[i];
    }

    /** Hands every term's id to {@code action}, in increasing order. */
    public void forEachId(IntConsumer action) {
        for (int id : ids) {
            action.accept(id);
        }
    }

    /**
     * The terms whose number of occurrences dropped from {@code before} to {@code after}: the same set as
     * {@link dev.continuity.ml.features.Terms#vanished} of the two texts' counts (when there are more than {@code max},
     * the largest drops, then the first by name), in no particular order.
     */
    public static Set<String> vanished(TermBag before, TermBag after, TermDictionary dictionary, int max) {
        List<Map.Entry<String, Integer>> drops = new ArrayList<>();
        forEachBefore(before, after, (id, was, now) -> {
            if (was > now) {
                drops.add(Map.entry(dictionary.term(id), was - now));
            }
        });
        return Set.of(selected(drops, max).stream().map(Map.Entry::getKey).toArray(String[]::new));
    }

    /** A term of a bag before an edit, with its occurrences before and after (0: gone). */
    @FunctionalInterface
    private interface Change {
        void term(int id, int before, int after);
    }

    /** Hands each term of {@code before} to {@code change}, with its counts in both bags (one merge of the arrays). */
    private static void forEachBefore(TermBag before, TermBag after, Change change) {
        int j = 0;
        for (int i = 0; i < before.ids.length; i++) {
            int id = before.ids[i];
            while (j < after.ids.length && after.ids[j] < id) {
                j++;
            }
            change.term(id, before.counts[i], j < after.ids.length && after.ids[j] == id ? after.counts[j] : 0);
        }
    }

    /**
     * The terms that occurred at least {@code minCount} times in {@code before} and not at all in {@code after}, with
     * their occurrences in {@code before}: the same map as {@link dev.continuity.ml.features.Terms#swept} of the two
     * texts' counts, in no particular order.
     */
    public static Map<String, Integer> swept(TermBag before, TermBag after, TermDictionary dictionary, int minCount,
                                             int max) {
        List<Map.Entry<String, Integer>> gone = new ArrayList<>();
        forEachBefore(before, after, (id, was, now) -> {
            if (was >= minCount && now == 0) {
                gone.add(Map.entry(dictionary.term(id), was));
            }
        });
        @SuppressWarnings("unchecked")
        Map.Entry<String, Integer>[] kept = selected(gone, max).toArray(new Map.Entry[0]);
        return Map.ofEntries(kept);
    }

    /**
     * The entries {@link #largestFirst} keeps, without its sort when it keeps them all. The callers make immutable
     * collections of them, which {@link Set#copyOf} and {@link Map#copyOf} then return as they are.
     */
    private static List<Map.Entry<String, Integer>> selected(List<Map.Entry<String, Integer>> entries, int max) {
        return entries.size() > max ? List.copyOf(largestFirst(entries, max).entrySet()) : entries;
    }

    /**
     * Hands each term of {@code before} that {@code after} lacks to {@code lost}, and each term of {@code after} that
     * {@code before} lacks to {@code gained}.
     */
    public static void difference(TermBag before, TermBag after, IntConsumer lost, IntConsumer gained) {
        int i = 0;
        int j = 0;
        int[] a = before.ids;
        int[] b = after.ids;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                i++;
                j++;
            } else if (a[i] < b[j]) {
                lost.accept(a[i++]);
            } else {
                gained.accept(b[j++]);
            }
        }
        while (i < a.length) {
            lost.accept(a[i++]);
        }
        while (j < b.length) {
            gained.accept(b[j++]);
        }
    }

    /** At most {@code max} of {@code entries}, the largest value first (then by name), in that order. */
    public static Map<String, Integer> largestFirst(List<Map.Entry<String, Integer>> entries, int max) {
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int k = 0; k < entries.size() && k < max; k++) {
            out.put(entries.get(k).getKey(), entries.get(k).getValue());
        }
        return out;
    }

    /**
     * Makes bags, numbering new terms in its dictionary. It keeps one count per known term between texts, so a text
     * costs its tokens and a sort of its distinct terms. Not thread-safe.
     */
    public static final class Builder implements TermScanner.Sink {
        private static final int DIGIT = 11;

        private final TermDictionary dictionary;
        // counts by id of the text being scanned (signed: a difference of texts), and which ids it touched
        private int[] scratch = new int[1024];
        private int[] mark = new int[1024];
        private int epoch = 1;
        private int[] touched = new int[256];
        private int distinct;
        private int sign = 1;
        private final int[] buckets = new int[(1 << DIGIT) + 1];
        private int[] buffer = new int[1024];
        private final Lines oldLines = new Lines();
        private final Lines newLines = new Lines();
        private int[] table = new int[256];
        private int[] remaining = new int[128];

        /** A builder that numbers terms in {@code dictionary}. */
        public Builder(TermDictionary dictionary) {
            this.dictionary = dictionary;
        }

        /** The bag of {@code text}. */
        public TermBag bag(CharSequence text) {
            char[] chars = text.toString().toCharArray();
            return bag(chars, chars.length);
        }

        /** The bag of {@code text[0, length)}. */
        public TermBag bag(char[] text, int length) {
            sign = 1;
            TermScanner.scan(text, length, this);
            int[] ids = sorted(touched, distinct, dictionary.size());
            int[] counts = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                counts[i] = scratch[ids[i]];
            }
            reset();
            return ids.length == 0 ? EMPTY : new TermBag(ids, counts);
        }

        /**
         * The bag of {@code text[0, length)}, a new version of {@code before[0, beforeLength)} whose bag is
         * {@code beforeBag}: the terms of the lines the edit removed are taken out of {@code beforeBag} and those of
         * the lines it added put in, which is exact because no term spans a line break. An edit of a paragraph costs
         * that paragraph instead of the whole text. When fewer than half of the new text's characters are in lines
         * it kept, the text is scanned whole instead.
         *
         * @throws IllegalArgumentException when {@code beforeBag} is not the bag of {@code before}
         */
        public TermBag bag(char[] text, int length, char[] before, int beforeLength, TermBag beforeBag) {
            oldLines.split(before, beforeLength);
            newLines.split(text, length);
            int n0 = oldLines.count;
            int size = Integer.highestOneBit(Math.max(4, n0 * 2 - 1)) << 1;
            if (table.length < size) {
                table = new int[size];
            } else {
                Arrays.fill(table, 0, size, 0);
            }
            if (remaining.length < n0) {
                remaining = new int[Math.max(n0, remaining.length * 2)];
            } else {
                Arrays.fill(remaining, 0, n0, 0);
            }
            int mask = size - 1;
            // the old lines as a multiset: each distinct line once in the table, with how many times it occurs
            for (int i = 0; i < n0; i++) {
                int slot = mix(oldLines.hashes[i]) & mask;
                while (true) {
                    int r = table[slot] - 1;
                    if (r < 0) {
                        table[slot] = i + 1;
                        remaining[i] = 1;
                        break;
                    }
                    if (oldLines.sameAs(r, oldLines, i)) {
                        remaining[r]++;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
            }
            // each new line that an old one still matches is kept; the others were added
            int kept = 0;
            boolean[] added = newLines.added;
            for (int j = 0; j < newLines.count; j++) {
                added[j] = true;
                int slot = mix(newLines.hashes[j]) & mask;
                while (true) {
                    int r = table[slot] - 1;
                    if (r < 0) {
                        break;
                    }
                    if (oldLines.sameAs(r, newLines, j)) {
                        if (remaining[r] > 0) {
                            remaining[r]--;
                            added[j] = false;
                            kept += newLines.ends[j] - newLines.starts[j];
                        }
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
            }
            if (kept * 2 < length) {
                return bag(text, length);
            }
            sign = 1;
            for (int j = 0; j < newLines.count; j++) {
                if (added[j]) {
                    TermScanner.scan(text, newLines.starts[j], newLines.ends[j], this);
                }
            }
            for (int i = 0; i < n0; i++) {
                if (remaining[i] > 0) {       // a distinct old line, with the occurrences no new line kept
                    sign = -remaining[i];
                    TermScanner.scan(before, oldLines.starts[i], oldLines.ends[i], this);
                }
            }
            return merged(beforeBag);
        }

        /** {@code base} plus the signed counts scanned since the last reset. */
        private TermBag merged(TermBag base) {
            int[] delta = Arrays.copyOf(touched, distinct);
            Arrays.sort(delta);
            int[] ids = new int[base.ids.length + delta.length];
            int[] counts = new int[ids.length];
            int k = 0;
            int i = 0;
            int j = 0;
            try {
                while (i < base.ids.length || j < delta.length) {
                    int id;
                    int count;
                    if (j == delta.length || (i < base.ids.length && base.ids[i] < delta[j])) {
                        id = base.ids[i];
                        count = base.counts[i++];
                    } else if (i == base.ids.length || delta[j] < base.ids[i]) {
                        id = delta[j++];
                        count = scratch[id];
                    } else {
                        id = base.ids[i];
                        count = base.counts[i++] + scratch[delta[j++]];
                    }
                    if (count < 0) {
                        throw new IllegalArgumentException("the bag before holds fewer occurrences of "
                                + dictionary.term(id) + " than the text before");
                    }
                    if (count > 0) {
                        ids[k] = id;
                        counts[k++] = count;
                    }
                }
            } finally {
                reset();
            }
            return k == 0 ? EMPTY : new TermBag(Arrays.copyOf(ids, k), Arrays.copyOf(counts, k));
        }

        /** Clears the counts of the ids touched since the last reset. */
        private void reset() {
            for (int i = 0; i < distinct; i++) {
                scratch[touched[i]] = 0;
            }
            distinct = 0;
            if (++epoch == 0) {
                Arrays.fill(mark, 0);
                epoch = 1;
            }
        }

        /**
         * The first {@code n} of {@code values} (distinct, below {@code bound}) in increasing order: a radix sort of
         * two 11-bit digits when the values fit in them (the usual dictionary), else {@link Arrays#sort}.
         */
        private int[] sorted(int[] values, int n, int bound) {
            int[] out = Arrays.copyOf(values, n);
            if (bound > 1 << (2 * DIGIT) || n < 64) {
                Arrays.sort(out);
                return out;
            }
            if (buffer.length < n) {
                buffer = new int[Math.max(n, buffer.length * 2)];
            }
            digitPass(out, buffer, n, 0);
            digitPass(buffer, out, n, DIGIT);
            return out;
        }

        /** One stable counting-sort pass of {@code from} into {@code to} on the digit at {@code shift}. */
        private void digitPass(int[] from, int[] to, int n, int shift) {
            int[] count = buckets;
            Arrays.fill(count, 0);
            int mask = (1 << DIGIT) - 1;
            for (int i = 0; i < n; i++) {
                count[((from[i] >>> shift) & mask) + 1]++;
            }
            for (int b = 1; b < count.length; b++) {
                count[b] += count[b - 1];
            }
            for (int i = 0; i < n; i++) {
                to[count[(from[i] >>> shift) & mask]++] = from[i];
            }
        }

        @Override
        public void term(char[] text, int start, int end) {
            int id = dictionary.intern(text, start, end);
            if (id >= scratch.length) {
                int grown = Math.max(id + 1, scratch.length * 2);
                scratch = Arrays.copyOf(scratch, grown);
                mark = Arrays.copyOf(mark, grown);
            }
            if (mark[id] != epoch) {
                mark[id] = epoch;
                if (distinct == touched.length) {
                    touched = Arrays.copyOf(touched, distinct * 2);
                }
                touched[distinct++] = id;
            }
            scratch[id] += sign;
        }

        private static int mix(int h) {
            h *= 0x9E3779B9;
            return h ^ (h >>> 15);
        }

        /** The lines of a text (split at {@code '\n'}, which is whitespace), with their hashes. */
        private static final class Lines {
            char[] text;
            int count;
            int[] starts = new int[128];
            int[] ends = new int[128];
            int[] hashes = new int[128];
            boolean[] added = new boolean[128];

            void split(char[] text, int length) {
                this.text = text;
                count = 0;
                int start = 0;
                int h = 0;
                for (int i = 0; i < length; i++) {
                    char c = text[i];
                    if (c == '\n') {
                        add(start, i, h);
                        start = i + 1;
                        h = 0;
                    } else {
                        h = 31 * h + c;
                    }
                }
                add(start, length, h);
            }

            private void add(int start, int end, int h) {
                if (count == starts.length) {
                    int grown = count * 2;
                    starts = Arrays.copyOf(starts, grown);
                    ends = Arrays.copyOf(ends, grown);
                    hashes = Arrays.copyOf(hashes, grown);
                    added = Arrays.copyOf(added, grown);
                }
                starts[count] = start;
                ends[count] = end;
                hashes[count++] = h;
            }

            /** Whether line {@code i} of these lines is line {@code j} of {@code other}. */
            boolean sameAs(int i, Lines other, int j) {
                return hashes[i] == other.hashes[j] && Arrays.equals(text, starts[i], ends[i], other.text,
                        other.starts[j], other.ends[j]);
            }
        }
    }
}
