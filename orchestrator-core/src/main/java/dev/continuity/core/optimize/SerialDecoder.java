package dev.continuity.core.optimize;

/**
 * The serial schedule-generation scheme (serial SGS) — the optimisers' hot loop.
 *
 * <p>Given a priority key per task (lower goes first), it repeatedly takes the eligible task (all
 * predecessors scheduled) with the lowest key and starts it at the earliest time at which its
 * predecessors have finished and a worker and a unit of its service are free for its whole
 * duration, possibly in a gap before tasks scheduled earlier. Every key vector therefore decodes
 * to a feasible schedule, and the schedules reachable this way (the active schedules) include an
 * optimal one. Eligible tasks sit in a binary heap of task indices; predecessor and successor
 * lists and the {@link ResourceProfile} are primitive arrays, so a decode allocates nothing.
 *
 * <p>{@link #justify()} applies forward-backward improvement (double justification): schedule
 * backwards with tasks taken by decreasing finish time, then forwards by increasing start time.
 * Neither pass can lengthen the schedule. Not thread-safe: one decoder per optimisation run.
 */
final class SerialDecoder {
    final ProblemGraph graph;
    private final ResourceProfile profile;
    final double[] start;
    final double[] finish;
    /** The order in which tasks were scheduled: precedence-feasible; decoding it reproduces the schedule. */
    final int[] sequence;
    private final int[] pending;
    private final int[] heap;
    private final double[] permutationKey;
    private final double[] justifyKey;
    private double[] key;
    private int heapSize;
    private double makespan;
    private SerialDecoder reverse;

    SerialDecoder(ProblemGraph graph) {
        this.graph = graph;
        int n = graph.n;
        this.profile = new ResourceProfile(graph.workers, graph.capacity, n);
        this.start = new double[n];
        this.finish = new double[n];
        this.sequence = new int[n];
        this.pending = new int[n];
        this.heap = new int[n];
        this.permutationKey = new double[n];
        this.justifyKey = new double[n];
    }

    double makespan() {
        return makespan;
    }

    /** Decodes a priority list: {@code order[0]} has the highest priority. Returns the makespan. */
    double decodeOrder(int[] order) {
        for (int i = 0; i < order.length; i++) {
            permutationKey[order[i]] = i;
        }
        return decode(permutationKey);
    }

    /** Decodes by priority keys (lower first, ties by lower index). Returns the makespan. */
    double decode(double[] priorityKey) {
        ProblemGraph g = graph;
        int n = g.n;
        int[] predStart = g.predStart;
        int[] preds = g.preds;
        int[] succStart = g.succStart;
        int[] succs = g.succs;
        double[] duration = g.duration;
        int[] service = g.service;
        profile.reset();
        key = priorityKey;
        heapSize = 0;
        for (int i = 0; i < n; i++) {
            pending[i] = predStart[i + 1] - predStart[i];
            if (pending[i] == 0) {
                push(i);
            }
        }
        double span = 0;
        int count = 0;
        while (heapSize > 0) {
            int j = pop();
            double earliest = 0;
            for (int p = predStart[j], e = predStart[j + 1]; p < e; p++) {
                double f = finish[preds[p]];
                if (f > earliest) {
                    earliest = f;
                }
            }
            double d = duration[j];
            double s = profile.earliestStart(earliest, d, service[j]);
            double f = s + d;
            profile.reserve(s, f, service[j]);
            start[j] = s;
            finish[j] = f;
            if (f > span) {
                span = f;
            }
            sequence[count++] = j;
            for (int q = succStart[j], e = succStart[j + 1]; q < e; q++) {
                int succ = succs[q];
                if (--pending[succ] == 0) {
                    push(succ);
                }
            }
        }
        makespan = span;
        return span;
    }

    /**
     * One forward-backward improvement pass on the current schedule. Leaves the decoder holding
     * the justified schedule and returns its makespan, which never exceeds the previous one.
     */
    double justify() {
        if (reverse == null) {
            reverse = new SerialDecoder(graph.reversed());
        }
        int n = graph.n;
        // Backward pass: latest finish first, in the mirrored time axis.
        for (int i = 0; i < n; i++) {
            justifyKey[i] = -finish[i];
        }
        double mirror = reverse.decode(justifyKey);
        // Forward pass: earliest (right-justified) start first.
        for (int i = 0; i < n; i++) {
            justifyKey[i] = mirror - reverse.finish[i];
        }
        return decode(justifyKey);
    }

    /** Copies the current schedule's scheduling sequence. */
    int[] sequenceCopy() {
        return sequence.clone();
    }

    private boolean before(int a, int b) {
        double ka = key[a];
        double kb = key[b];
        return ka < kb || (ka == kb && a < b);
    }

    private void push(int task) {
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(task, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = task;
    }

    private int pop() {
        int top = heap[0];
        int last = heap[--heapSize];
        int i = 0;
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < heapSize && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], last)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (heapSize > 0) {
            heap[i] = last;
        }
        return top;
    }
}
