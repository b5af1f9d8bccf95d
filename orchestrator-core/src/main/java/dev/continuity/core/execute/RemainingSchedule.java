package dev.continuity.core.execute;

import java.util.PriorityQueue;

/**
 * The rest of a run, list-scheduled the way {@link Execution} dispatches it: a step is ready when its predecessors are
 * done; ready steps start best priority (lowest index) first, across services, while fewer than {@code workers} steps
 * run and the step's service has a free bulkhead permit; a rate-limited service lets {@code permits} calls begin per
 * period, a call waiting for its permit holding its slot and its bulkhead permit as in the executor. The steps running
 * now hold their slots and permits until the time they have left. The result is when the last step would finish: the
 * ETA. Event-driven; O(n log n + edges + n · services).
 */
final class RemainingSchedule {
    private RemainingSchedule() {}

    /** Limits of one service. */
    record Lane(int capacity, int ratePermits, double ratePeriodSeconds) {}

    /**
     * @param graph   the plan
     * @param left    per step, the seconds it still needs (its expected duration, less what it has already run when it
     *                runs now)
     * @param status  per step: {@link #DONE}, {@link #RUNNING} (holds a slot and a permit now) or {@link #WAITING}
     * @param laneOf  per step, the index of its service in {@code lanes}
     * @param lanes   the limits of each service
     * @param workers steps at once across services (the executor's current limit; 1 when the run is isolated)
     * @return seconds until the last step that is not done would finish; 0 when none is left
     */
    static double makespan(PlanGraph graph, double[] left, byte[] status, int[] laneOf, Lane[] lanes, int workers) {
        return makespan(graph, left, new double[graph.size()], status, laneOf, lanes, workers);
    }

    /**
     * {@link #makespan(PlanGraph, double[], byte[], int[], Lane[], int)} with release times: a waiting step cannot start
     * before its release, seconds from now (a step in its retry's backoff: the backoff holds no slot and no permit).
     *
     * @param graph   the plan
     * @param left    per step, the seconds it still needs
     * @param release per step, the seconds from now before which it cannot start (0 for none)
     * @param status  per step: {@link #DONE}, {@link #RUNNING} or {@link #WAITING}
     * @param laneOf  per step, the index of its service in {@code lanes}
     * @param lanes   the limits of each service
     * @param workers steps at once across services
     * @return seconds until the last step that is not done would finish; 0 when none is left
     */
    static double makespan(PlanGraph graph, double[] left, double[] release, byte[] status, int[] laneOf, Lane[] lanes, int workers) {
        int n = graph.size();
        PriorityQueue<Integer> delayed = new PriorityQueue<>((a, b) -> release[a] != release[b] ? Double.compare(release[a], release[b])
                : Integer.compare(a, b));
        int[] pending = new int[n];
        int[] inUse = new int[lanes.length];
        long[] rateStarts = new long[lanes.length];
        Execution.IntHeap[] ready = new Execution.IntHeap[lanes.length];
        for (int l = 0; l < lanes.length; l++) {
            ready[l] = new Execution.IntHeap();
        }
        double[] finish = new double[n];
        PriorityQueue<Integer> running = new PriorityQueue<>((a, b) -> a.equals(b) ? 0
                : finish[a] != finish[b] ? Double.compare(finish[a], finish[b]) : Integer.compare(a, b));
        int used = 0;
        for (int i = 0; i < n; i++) {
            if (status[i] == DONE) {
                continue;
            }
            for (int p : graph.preds[i]) {
                if (status[p] != DONE) {
                    pending[i]++;
                }
            }
            if (status[i] == RUNNING) {
                finish[i] = Math.max(0, left[i]);
                running.add(i);
                inUse[laneOf[i]]++;
                used++;
            } else if (pending[i] == 0 && release[i] > 0) {
                delayed.add(i);
            } else if (pending[i] == 0) {
                ready[laneOf[i]].add(i);
            }
        }
        double t = 0;
        while (true) {
            while (used < workers) {
                int best = -1;
                for (int l = 0; l < lanes.length; l++) {
                    if (!ready[l].isEmpty() && inUse[l] < lanes[l].capacity() && (best < 0 || ready[l].peek() < ready[best].peek())) {
                        best = l;
                    }
                }
                if (best < 0) {
                    break;
                }
                int i = ready[best].poll();
                Lane lane = lanes[best];
                double begin = t;
                if (lane.ratePermits() > 0) {
                    // the k-th call from now may begin in the (k / permits)-th period
                    begin = Math.max(t, (rateStarts[best]++ / lane.ratePermits()) * lane.ratePeriodSeconds());
                }
                finish[i] = begin + Math.max(0, left[i]);
                running.add(i);
                inUse[best]++;
                used++;
            }
            if (running.isEmpty() && delayed.isEmpty()) {
                return t;
            }
            // every step that finishes at the next event time releases its slot and its successors before any start
            t = Math.min(running.isEmpty() ? Double.MAX_VALUE : finish[running.peek()], delayed.isEmpty() ? Double.MAX_VALUE : release[delayed.peek()]);
            while (!delayed.isEmpty() && release[delayed.peek()] <= t) {
                int i = delayed.poll();
                ready[laneOf[i]].add(i);
            }
            while (!running.isEmpty() && finish[running.peek()] <= t) {
                int i = running.poll();
                inUse[laneOf[i]]--;
                used--;
                for (int s : graph.succs[i]) {
                    if (status[s] != DONE && --pending[s] == 0) {
                        ready[laneOf[s]].add(s);
                    }
                }
            }
        }
    }

    /** A step that is over: succeeded, failed for good or skipped. */
    static final byte DONE = 0;
    /** A step that holds a slot now. */
    static final byte RUNNING = 1;
    /** A step waiting for its predecessors, a slot, a permit or its retry. */
    static final byte WAITING = 2;
}
