package dev.continuity.ml.features;

import java.util.Arrays;
import java.util.Objects;

/**
 * The sparse features of one (change, candidate) pair: names sorted, unique, values finite and non-zero.
 */
public final class FeatureVector {

    private static final FeatureVector EMPTY = new FeatureVector(new String[0], new double[0]);

    private final String[] names;
    private final double[] values;

    private FeatureVector(String[] names, double[] values) {
        this.names = names;
        this.values = values;
    }

    /** The vector without features. */
    public static FeatureVector empty() {
        return EMPTY;
    }

    /**
     * Builds a vector from parallel arrays; later duplicates replace earlier ones; zero and
     * non-finite values are dropped.
     */
    public static FeatureVector of(String[] names, double[] values, int length) {
        Objects.checkFromToIndex(0, length, names.length);
        Objects.checkFromToIndex(0, length, values.length);
        if (strictlyAscending(names, length)) {       // already in order (a vector's own names, filtered or mapped)
            int[] all = new int[length];
            Arrays.setAll(all, i -> i);
            return of(names, values, length, all);
        }
        return of(names, values, length, layout(names, length));
    }

    /**
     * Which of {@code names[0, length)} a vector keeps, in its order: the indices sorted by name, a name's last
     * occurrence only. {@link #of(String[], double[], int, int[])} with it gives what {@link #of(String[], double[],
     * int)} gives, without sorting again a sequence of names seen before.
     */
    static int[] layout(String[] names, int length) {
        Integer[] order = new Integer[length];
        for (int i = 0; i < length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = names[a].compareTo(names[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[length];
        int k = 0;
        for (int i = 0; i < length; i++) {
            if (i + 1 < length && names[order[i + 1]].equals(names[order[i]])) {
                continue; // a later duplicate wins
            }
            out[k++] = order[i];
        }
        return Arrays.copyOf(out, k);
    }

    /** A vector of the entries {@code layout} lists ({@link #layout}), zero and non-finite values dropped. */
    static FeatureVector of(String[] names, double[] values, int length, int[] layout) {
        Objects.checkFromToIndex(0, length, names.length);
        Objects.checkFromToIndex(0, length, values.length);
        String[] n = new String[layout.length];
        double[] v = new double[layout.length];
        int k = 0;
        for (int idx : layout) {
            double value = values[Objects.checkIndex(idx, length)];
            if (value != 0.0 && Double.isFinite(value)) {
                n[k] = names[idx];
                v[k] = value;
                k++;
            }
        }
        return new FeatureVector(k == n.length ? n : Arrays.copyOf(n, k), k == v.length ? v : Arrays.copyOf(v, k));
    }

    private static boolean strictlyAscending(String[] names, int length) {
        for (int i = 1; i < length; i++) {
            if (names[i - 1].compareTo(names[i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Number of (non-zero) features. */
    public int size() {
        return names.length;
    }

    /** Name of the i-th feature (sorted order). */
    public String name(int i) {
        return names[i];
    }

    /** Value of the i-th feature. */
    public double value(int i) {
        return values[i];
    }

    /** Value of a named feature, 0 when absent. */
    public double get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? values[i] : 0.0;
    }

    /** A copy of the names. */
    public String[] names() {
        return names.clone();
    }

    /** A copy of the values. */
    public double[] values() {
        return values.clone();
    }

    /** This vector without the named feature. */
    public FeatureVector without(String name) {
        int i = Arrays.binarySearch(names, name);
        if (i < 0) {
            return this;
        }
        String[] n = new String[names.length - 1];
        double[] v = new double[values.length - 1];
        System.arraycopy(names, 0, n, 0, i);
        System.arraycopy(names, i + 1, n, i, names.length - i - 1);
        System.arraycopy(values, 0, v, 0, i);
        System.arraycopy(values, i + 1, v, i, values.length - i - 1);
        return new FeatureVector(n, v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector f && Arrays.equals(names, f.names) && Arrays.equals(values, f.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }
}
