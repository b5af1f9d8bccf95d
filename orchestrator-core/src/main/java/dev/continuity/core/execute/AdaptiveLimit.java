package dev.continuity.core.execute;

import java.util.HashMap;
import java.util.Map;

/**
 * The global concurrency limit of an orchestrator, adapting between a minimum and the configured workers.
 *
 * <ul>
 *   <li>AIMD: a success while at least half the limit is in use adds 1; an error or a time-out multiplies the limit by
 *       the backoff ratio (0.9 by default).</li>
 *   <li>Gradient (optional, on top of AIMD): per service, a long-term (α = 0.01) and a short-term (α = 0.1) EWMA of
 *       latency; the limit moves towards {@code limit × clamp(1.5 × long / short, 0.5, 1) + √limit}, smoothed by 0.2,
 *       so rising latency shrinks it before errors appear (the idea of Netflix's Gradient2).</li>
 * </ul>
 *
 * It starts at the maximum: with no errors and flat latency it never throttles. Thread-safe.
 */
final class AdaptiveLimit {
    private final int min;
    private final int max;
    private final double backoffRatio;
    private final boolean gradient;
    private final Map<String, double[]> rtt = new HashMap<>();
    private double limit;
    private int inflight;

    AdaptiveLimit(int min, int max, double backoffRatio, boolean gradient) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("need 1 <= min <= max, was " + min + " and " + max);
        }
        this.min = min;
        this.max = max;
        this.backoffRatio = backoffRatio;
        this.gradient = gradient;
        this.limit = max;
    }

    /** Takes a slot if one is free under the current limit. */
    synchronized boolean tryAcquire() {
        if (inflight < (int) limit) {
            inflight++;
            return true;
        }
        return false;
    }

    synchronized void release() {
        if (inflight > 0) {
            inflight--;
        }
    }

    /** Feeds one finished attempt: its service, its latency and whether it was dropped (an error or a time-out). */
    synchronized void onSample(String service, long rttNanos, boolean dropped) {
        if (dropped) {
            limit = Math.max(min, limit * backoffRatio);
            return;
        }
        double next = limit;
        if (inflight * 2 >= limit) {
            next = limit + 1;
        }
        if (gradient && rttNanos > 0) {
            double[] r = rtt.computeIfAbsent(service, k -> new double[] {rttNanos, rttNanos, 0});
            r[0] = 0.99 * r[0] + 0.01 * rttNanos;
            r[1] = 0.9 * r[1] + 0.1 * rttNanos;
            r[2]++;
            if (r[0] / r[1] > 2) {
                r[0] *= 0.95;
            }
            if (r[2] >= 10 && inflight * 2 >= limit) {
                double g = Math.max(0.5, Math.min(1.0, 1.5 * r[0] / r[1]));
                double target = limit * g + Math.sqrt(limit);
                next = limit * 0.8 + target * 0.2;
            }
        }
        limit = Math.max(min, Math.min(max, next));
    }

    synchronized int limit() {
        return (int) limit;
    }

    synchronized int inflight() {
        return inflight;
    }

    int max() {
        return max;
    }
}
