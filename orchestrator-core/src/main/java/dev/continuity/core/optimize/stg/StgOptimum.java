package dev.continuity.core.optimize.stg;

import java.util.Objects;

/**
 * The published optimum of one instance on {@code procs} processors: {@code low == high} when it
 * was proven, otherwise the interval in which it lies ({@code high} is the best known schedule).
 *
 * @param file  the instance, relative to the set's root (e.g. {@code 50/rand0000.stg})
 * @param procs processor count
 * @param low   proven lower bound
 * @param high  best known makespan
 */
public record StgOptimum(String file, int procs, double low, double high) {

    public StgOptimum {
        Objects.requireNonNull(file, "file");
        if (procs < 1) {
            throw new IllegalArgumentException("procs must be >= 1, was " + procs);
        }
        if (!(low >= 0) || !(high >= low)) {
            throw new IllegalArgumentException(file + ": need 0 <= low <= high, were " + low + ", " + high);
        }
    }

    public boolean proven() {
        return low == high;
    }
}
