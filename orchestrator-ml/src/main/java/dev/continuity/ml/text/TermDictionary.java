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

    private String[] terms = new String[1024];
    private int[] hashes = new int[1024];
    private int size;
    /** Slot to id + 1; 0 is an empty slot. */
    private int[] table = new int[2048];

    /** The id of {@code text[start, end)}, numbering it first if it is new. */
    public int intern(CharSequence text, int start, int end) {
        int h = hash(text, start, end);
        int mask = table.length - 1;
        int slot = h & mask;
        while (true) {
            int entry = table[slot];
            if (entry == 0) {
                return add(text.subSequence(start, end).toString(), h, slot);
            }
            int id = entry - 1;
            if (hashes[id] == h && matches(terms[id], text, start, end)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The id of {@code term}, or -1 when it was never interned. */
    public int find(CharSequence term) {
        int end = term.length();
        int h = hash(term, 0, end);
        int mask = table.length - 1;
        int slot = h & mask;
        while (true) {
            int entry = table[slot];
            if (entry == 0) {
                return -1;
            }
            int id = entry - 1;
            if (hashes[id] == h && matches(terms[id], term, 0, end)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The term numbered {@code id}. */
    public String term(int id) {
        if (id < 0 || id >= size) {
            throw new IndexOutOfBoundsException("no term " + id + " among " + size);
        }
        return terms[id];
    }

    /** How many terms are numbered: the ids are 0 to {@code size() - 1}. */
    public int size() {
        return size;
    }

    private int add(String term, int h, int slot) {
        int id = size;
        if (id == terms.length) {
            terms = Arrays.copyOf(terms, id * 2);
            hashes = Arrays.copyOf(hashes, id * 2);
        }
        terms[id] = term;
        hashes[id] = h;
        table[slot] = id + 1;
        size++;
        if (size * 2 > table.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        int[] grown = new int[table.length * 2];
        int mask = grown.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = hashes[id] & mask;
            while (grown[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            grown[slot] = id + 1;
        }
        table = grown;
    }

    /** {@link String#hashCode()} of the range, spread so that linear probing sees well-mixed low bits. */
    private static int hash(CharSequence text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + text.charAt(i);
        }
        h *= 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    private static boolean matches(String term, CharSequence text, int start, int end) {
        int length = end - start;
        if (term.length() != length) {
            return false;
        }
        if (text instanceof String s) {
            return term.regionMatches(0, s, start, length);
        }
        for (int i = 0; i < length; i++) {
            if (term.charAt(i) != text.charAt(start + i)) {
                return false;
            }
        }
        return true;
    }
}
