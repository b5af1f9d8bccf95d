package dev.continuity.core.optimize;

import java.util.Arrays;

/**
 * The usage timeline of the workers and of every capacity-limited service, as a step function.
 *
 * <p>Breakpoints {@code time[0] = 0 < time[1] < ... < time[size-1]} split the time axis into
 * segments; segment {@code k} is {@code [time[k], time[k+1])} and the last one is unbounded and
 * always empty. A reservation inserts at most two breakpoints, so a schedule of {@code n} tasks
 * needs at most {@code 2n + 1}. All state lives in primitive arrays that are reused between
 * decodes; nothing is allocated or boxed per query. Not thread-safe.
 */
final class ResourceProfile {
    private final int workers;
    private final int[] capacity;
    private final double[] time;
    private final int[] workerUse;
    private final int[][] serviceUse;
    private int size;

    ResourceProfile(int workers, int[] capacity, int maxTasks) {
        this.workers = workers;
        this.capacity = capacity.clone();
        int max = 2 * maxTasks + 2;
        this.time = new double[max];
        this.workerUse = new int[max];
        this.serviceUse = new int[capacity.length][max];
        reset();
    }

    void reset() {
        size = 1;
        time[0] = 0;
        workerUse[0] = 0;
        for (int[] use : serviceUse) {
            use[0] = 0;
        }
    }

    /**
     * The earliest {@code t >= earliest} at which a task of this duration, using {@code service}
     * ({@code -1} for none), fits: one worker and one unit of the service free throughout
     * {@code [t, t + duration)}. A task of zero duration occupies nothing and starts at once.
     */
    double earliestStart(double earliest, double duration, int service) {
        if (duration <= 0) {
            return earliest;
        }
        int k = segmentAt(earliest);
        double candidate = earliest;
        int[] use = service >= 0 ? serviceUse[service] : null;
        int cap = service >= 0 ? capacity[service] : 0;
        search:
        while (true) {
            double end = candidate + duration;
            for (int i = k; i < size && time[i] < end; i++) {
                if (workerUse[i] >= workers || (use != null && use[i] >= cap)) {
                    k = i + 1; // the last segment is always free, so k < size
                    candidate = time[k];
                    continue search;
                }
            }
            return candidate;
        }
    }

    /** Occupies one worker (and one unit of {@code service}, if {@code >= 0}) on {@code [start, finish)}. */
    void reserve(double start, double finish, int service) {
        if (finish <= start) {
            return;
        }
        int a = breakpoint(start);
        int b = breakpoint(finish);
        for (int i = a; i < b; i++) {
            workerUse[i]++;
        }
        if (service >= 0) {
            int[] use = serviceUse[service];
            for (int i = a; i < b; i++) {
                use[i]++;
            }
        }
    }

    /** Index of the segment containing {@code t} ({@code t >= 0}). */
    private int segmentAt(double t) {
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (time[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Ensures a breakpoint at {@code t} and returns its index; the new segment copies its usage. */
    private int breakpoint(double t) {
        int k = segmentAt(t);
        if (time[k] == t) {
            return k;
        }
        int at = k + 1;
        int tail = size - at;
        System.arraycopy(time, at, time, at + 1, tail);
        System.arraycopy(workerUse, at, workerUse, at + 1, tail);
        time[at] = t;
        workerUse[at] = workerUse[k];
        for (int[] use : serviceUse) {
            System.arraycopy(use, at, use, at + 1, tail);
            use[at] = use[k];
        }
        size++;
        return at;
    }

    @Override
    public String toString() {
        return "ResourceProfile" + Arrays.toString(Arrays.copyOf(time, size))
                + " workers" + Arrays.toString(Arrays.copyOf(workerUse, size));
    }
}
