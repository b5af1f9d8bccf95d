package dev.continuity.core.monitor;

import dev.continuity.api.Severity;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds anomalies in step latency, per handler of a service, and in error rate, per service, against a baseline learned
 * from a warm-up (the first {@code warmUp} samples of a handler on a service, or of a service; it carries over between
 * runs of the same orchestrator, and {@link #seedLatencies} can prime it from history).
 *
 * <ul>
 *   <li>Latency: a step's latency against the last {@value #WINDOW} latencies of the same handler on the same
 *       service — handlers sharing a service do different work (a 40 ms index rebuild and a sub-millisecond marker on
 *       service {@code local}), so each is judged against its own baseline, never against the others'. Its score is
 *       the smaller of two robust z-scores: of the <em>logarithm</em> of the latency, {@code 0.6745 × (ln x −
 *       median ln) / MAD ln} with the MAD at least ln 1.05 (5%) — service latencies are skewed (about log-normal), so
 *       on the raw scale a normal slow call of a remote service would score as an outlier: ~6 alerts per 500 calls of
 *       a steady service with σ = 0.5 — and of the excess over the median against 20 ms, {@code 0.6745 × (x −
 *       median) / 20 ms}, so the stalls of local steps (a virtual thread waiting for one of two busy cores, a
 *       collection, a first call's class loading: tens of milliseconds on a sub-millisecond step) raise nothing. It
 *       is an anomaly above {@code T = 3 + 7 × (1 − sensitivity)} (3 at sensitivity 1, 3.7 at the default 0.9);
 *       {@code ERROR} above {@code 2T}, else {@code WARNING}.</li>
 *   <li>Error rate: an EWMA (α = 0.1) of the service's failed attempts (all its handlers together: a failing service
 *       fails them all) against the warm-up's failure rate b (at least 2%, then following slowly with α = 0.01). It is
 *       an anomaly when it exceeds the baseline by {@code 0.1 + 0.5 × (1 − sensitivity)} and by {@code T} standard
 *       deviations of the EWMA of a steady rate b, {@code √(α / (2 − α) · b(1 − b))} — a service that fails 10% of
 *       its calls, steadily, is not anomalous for a run of three failures; {@code ERROR} from a 50% rate.</li>
 * </ul>
 *
 * Sensitivity 0 turns detection off. After an anomaly, the same handler's latency (or the same service's error rate)
 * stays quiet for {@value #QUIET} samples, so a lasting degradation raises one alert, not one per step. Thread-safe.
 */
public final class AnomalyDetector {
    static final int WINDOW = 256;
    static final int QUIET = 32;
    private static final int RECOMPUTE_EVERY = 16;
    /** Below 20 ms of spread, latency jitter (GC, JIT, scheduling) is noise: an excess is judged against at least this. */
    private static final double MAD_FLOOR_NANOS = 20_000_000;
    /** The spread of log latency is taken as at least ln 1.05: a 5% wobble. */
    private static final double LOG_MAD_FLOOR = Math.log(1.05);
    /** Latencies below a microsecond are taken as a microsecond on the log scale. */
    private static final double MIN_NANOS = 1_000;
    /** The EWMA's smoothing factor for the error rate. */
    private static final double ALPHA = 0.1;

    private final int warmUp;
    /** Latency baselines by service and handler. */
    private final Map<HandlerKey, LatencyStats> latencies = new HashMap<>();
    /** Error-rate baselines by service. */
    private final Map<String, OutcomeStats> outcomes = new HashMap<>();

    /** A detector that needs {@code warmUp} samples of a service before it judges it. */
    public AnomalyDetector(int warmUp) {
        if (warmUp < 3) {
            throw new IllegalArgumentException("warmUp must be >= 3, was " + warmUp);
        }
        this.warmUp = warmUp;
    }

    /**
     * What was found.
     *
     * @param service the service
     * @param handler the handler whose steps are slow, for a {@code latency} anomaly; empty for an {@code errorRate}
     *                anomaly, which is judged per service
     * @param metric  {@code latency} or {@code errorRate}
     */
    public record Anomaly(String service, Optional<String> handler, String metric, Severity severity, double value, double baseline,
                          double score) {
        public Anomaly {
            java.util.Objects.requireNonNull(service, "service");
            java.util.Objects.requireNonNull(handler, "handler");
            java.util.Objects.requireNonNull(metric, "metric");
        }

        /** One line for an alert. */
        public String message() {
            return metric.equals("latency")
                    ? String.format(java.util.Locale.ROOT, "step latency of handler '%s' on service '%s' is anomalous: %.1f ms against "
                            + "its median of %.1f ms (robust z = %.1f)",
                    handler.orElse("?"), service, value / 1e6, baseline / 1e6, score)
                    : String.format(java.util.Locale.ROOT, "error rate of service '%s' is anomalous: %.0f%% against a baseline of %.0f%%",
                    service, value * 100, baseline * 100);
        }
    }

    /** Primes the latency baseline of a handler on a service, e.g. with durations from history. */
    public synchronized void seedLatencies(String service, String handler, long[] nanos) {
        LatencyStats s = latency(service, handler);
        for (long n : nanos) {
            s.addLatency(n);
        }
    }

    /** Judges one step latency against the baseline of the same handler on the same service. */
    public synchronized Optional<Anomaly> onLatency(String service, String handler, long nanos, double sensitivity) {
        LatencyStats s = latency(service, handler);
        Optional<Anomaly> found = Optional.empty();
        if (sensitivity > 0 && s.latencies >= warmUp && s.latencyQuiet == 0) {
            double zLog = 0.6745 * (Math.log(Math.max(nanos, MIN_NANOS)) - s.medianLog) / Math.max(s.madLog, LOG_MAD_FLOOR);
            double zExcess = 0.6745 * (nanos - s.median) / MAD_FLOOR_NANOS;
            double z = Math.min(zLog, zExcess);
            double threshold = 3 + 7 * (1 - sensitivity);
            if (z > threshold) {
                found = Optional.of(new Anomaly(service, Optional.of(handler), "latency", z > 2 * threshold ? Severity.ERROR : Severity.WARNING, nanos, s.median, z));
                s.latencyQuiet = QUIET;
            }
        } else if (s.latencyQuiet > 0) {
            s.latencyQuiet--;
        }
        s.addLatency(nanos);
        return found;
    }

    /** Judges one attempt's outcome against the service's error rate. */
    public synchronized Optional<Anomaly> onOutcome(String service, boolean failed, double sensitivity) {
        OutcomeStats s = outcomes.computeIfAbsent(service, k -> new OutcomeStats());
        double x = failed ? 1 : 0;
        s.attempts++;
        if (s.attempts <= warmUp) {
            s.warmFailures += x;
            s.ewma = s.warmFailures / s.attempts;
            if (s.attempts == warmUp) {
                s.baseline = Math.max(0.02, s.ewma);
            }
            return Optional.empty();
        }
        s.ewma = (1 - ALPHA) * s.ewma + ALPHA * x;
        Optional<Anomaly> found = Optional.empty();
        double steadySd = Math.sqrt(ALPHA / (2 - ALPHA) * s.baseline * (1 - s.baseline));
        double margin = Math.max(0.1 + 0.5 * (1 - sensitivity), (3 + 7 * (1 - sensitivity)) * steadySd);
        if (s.errorQuiet > 0) {
            s.errorQuiet--;
        } else if (sensitivity > 0 && s.ewma - s.baseline > margin) {
            found = Optional.of(new Anomaly(service, Optional.empty(), "errorRate", s.ewma >= 0.5 ? Severity.ERROR : Severity.WARNING, s.ewma, s.baseline,
                    s.ewma - s.baseline));
            s.errorQuiet = QUIET;
        }
        s.baseline = Math.max(0.02, 0.99 * s.baseline + 0.01 * x);
        return found;
    }

    private LatencyStats latency(String service, String handler) {
        return latencies.computeIfAbsent(new HandlerKey(java.util.Objects.requireNonNull(service, "service"),
                java.util.Objects.requireNonNull(handler, "handler")), k -> new LatencyStats());
    }

    private record HandlerKey(String service, String handler) {}

    private static final class OutcomeStats {
        int attempts;
        double warmFailures;
        double ewma;
        double baseline = 0.02;
        int errorQuiet;
    }

    private static final class LatencyStats {
        final long[] window = new long[WINDOW];
        int latencies;
        double median;
        double medianLog;
        double madLog;
        int latencyQuiet;

        void addLatency(long nanos) {
            window[latencies % WINDOW] = nanos;
            latencies++;
            if (latencies < 64 || latencies % (latencies <= WINDOW ? RECOMPUTE_EVERY : 4 * RECOMPUTE_EVERY) == 0) {
                recompute();
            }
        }

        private void recompute() {
            int n = Math.min(latencies, WINDOW);
            long[] sorted = Arrays.copyOf(window, n);
            Arrays.sort(sorted);
            median = median(sorted);
            medianLog = Math.log(Math.max(median, MIN_NANOS));
            double[] dev = new double[n];
            for (int i = 0; i < n; i++) {
                dev[i] = Math.abs(Math.log(Math.max(sorted[i], MIN_NANOS)) - medianLog);
            }
            Arrays.sort(dev);
            madLog = n % 2 == 1 ? dev[n / 2] : (dev[n / 2 - 1] + dev[n / 2]) / 2.0;
        }

        private static double median(long[] sorted) {
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        }
    }
}
