package dev.continuity.ml.text;

import java.util.Arrays;

/**
 * Numbers the terms seen so far: each distinct term gets the next id, 0, 1, 2... A term is looked up by a range of a
 * text, so a term already known costs a hash and a comparison, not a string. An open-addressing table with linear
 * probing, kept at most half full.
 *
 * <p>Not thread-safe.
 */
public final class TermDictionary {

    /** Ints per slot of the table: the hash, the id + 1 (0: an empty slot), the offset in the pool, the length. */
    private static final int SLOT = 4;

    private String[] terms = new String[1024];
    private int size;
    // A lookup reads one slot and the characters of one term: both sit in flat arrays, not behind a string's pointers.
    private int[] table = new int[2048 * SLOT];
    private char[] pool = new char[8192];
    private int pooled;

    /** The id of {@code text[start, end)}, numbering it first if it is new. */
    public int intern(char[] text, int start, int end) {
        int h = hash(text, start, end);
        int found = probe(text, start, end, h);
        return found >= 0 ? found : add(text, start, end, h, -found - 1);
    }

    /** The id of {@code term}, or -1 when it was never interned. */
    public int find(CharSequence term) {
        char[] chars = term.toString().toCharArray();
        int found = probe(chars, 0, chars.length, hash(chars, 0, chars.length));
        return found >= 0 ? found : -1;
    }

    /** The id of {@code text[start, end)} (hash {@code h}); else {@code -1 - at}, {@code at} the empty slot's place. */
    private int probe(char[] text, int start, int end, int h) {
        int length = end - start;
        int mask = table.length / SLOT - 1;
        int slot = h & mask;
        while (true) {
            int at = slot * SLOT;
            int entry = table[at + 1];
            if (entry == 0) {
                return -1 - at;
            }
            if (table[at] == h && table[at + 3] == length && matches(table[at + 2], text, start, length)) {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The term numbered {@code id}. */
    public String term(int id) {
        return term(terms, size, id);
    }

    private static String term(String[] terms, int size, int id) {
        if (id < 0 || id >= size) {
            throw new IndexOutOfBoundsException("no term " + id + " among " + size);
        }
        return terms[id];
    }

    /** How many terms are numbered: the ids are 0 to {@code size() - 1}. */
    public int size() {
        return size;
    }

    /**
     * The terms numbered so far. The dictionary only ever adds terms, so a snapshot stays true for every id below its
     * size; one taken before a hand-over to another thread is safe to read there while this dictionary grows.
     */
    public Snapshot snapshot() {
        return new Snapshot(terms, size);
    }

    /** The terms numbered 0 to {@link #size()} - 1 when it was taken. */
    public static final class Snapshot {
        private final String[] terms;
        private final int size;

        private Snapshot(String[] terms, int size) {
            this.terms = terms;
            this.size = size;
        }

        /** The term numbered {@code id}. */
        public String term(int id) {
            return TermDictionary.term(terms, size, id);
        }

        /** How many terms it holds. */
        public int size() {
            return size;
        }
    }

    private int add(char[] text, int start, int end, int h, int at) {
        int id = size;
        if (id == terms.length) {
            terms = Arrays.copyOf(terms, id * 2);
        }
        int length = end - start;
        if (pooled + length > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pooled + length, pool.length * 2));
        }
        System.arraycopy(text, start, pool, pooled, length);
        terms[id] = new String(pool, pooled, length);
        table[at] = h;
        table[at + 1] = id + 1;
        table[at + 2] = pooled;
        table[at + 3] = length;
        pooled += length;
        size++;
        if (size * 2 > table.length / SLOT) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        int[] grown = new int[table.length * 2];
        int mask = grown.length / SLOT - 1;
        for (int from = 0; from < table.length; from += SLOT) {
            if (table[from + 1] == 0) {
                continue;
            }
            int slot = table[from] & mask;
            while (grown[slot * SLOT + 1] != 0) {
                slot = (slot + 1) & mask;
            }
            System.arraycopy(table, from, grown, slot * SLOT, SLOT);
        }
        table = grown;
    }

    /** {@link String#hashCode()} of the range, spread so that linear probing sees well-mixed low bits. */
    private static int hash(char[] text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + text[i];
        }
        h *= 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    private boolean matches(int offset, char[] text, int start, int length) {
        return Arrays.equals(pool, offset, offset + length, text, start, start + length);
    }
}
