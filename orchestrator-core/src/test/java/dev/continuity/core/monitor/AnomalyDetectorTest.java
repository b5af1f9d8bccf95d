package dev.continuity.core.monitor;

import dev.continuity.api.Severity;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class AnomalyDetectorTest {
    private static final long MS = 1_000_000;

    @Test
    void aSlowStepAgainstTheWarmUpBaselineIsAnAnomaly() {
        AnomalyDetector d = new AnomalyDetector(20);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            assertThat(d.onLatency("llm", "llm-rewrite", (long) ((2000 + r.nextGaussian() * 100) * MS), 0.9)).isEmpty();
        }
        assertThat(d.onLatency("llm", "llm-rewrite", 2300 * MS, 0.9)).as("within the spread").isEmpty();
        assertThat(d.onLatency("llm", "llm-rewrite", 9000 * MS, 0.9)).hasValueSatisfying(a -> {
            assertThat(a.service()).isEqualTo("llm");
            assertThat(a.metric()).isEqualTo("latency");
            assertThat(a.severity()).isEqualTo(Severity.ERROR);
            assertThat(a.handler()).contains("llm-rewrite");
            assertThat(a.message()).contains("9000.0 ms").contains("handler 'llm-rewrite' on service 'llm'");
        });
        assertThat(d.onLatency("llm", "llm-rewrite", 9000 * MS, 0.9)).as("quiet after an alert").isEmpty();
        assertThat(d.onLatency("other", "llm-rewrite", 9000 * MS, 0.9)).as("no baseline for another service yet").isEmpty();
    }

    /**
     * Handlers of one service do different work: on service {@code local}, a 42 ms index rebuild is the norm for its
     * handler, not an anomaly against the sub-millisecond markers it shares the service with.
     */
    @Test
    void eachHandlerOfAServiceIsJudgedAgainstItsOwnBaseline() {
        AnomalyDetector d = new AnomalyDetector(20);
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200; i++) {
            boolean index = i % 4 == 3;
            long x = index ? (long) ((42 + r.nextGaussian() * 2) * MS) : (long) ((0.5 + Math.abs(r.nextGaussian()) * 0.1) * MS);
            assertThat(d.onLatency("local", index ? "derived-index" : "review-marking", x, 0.9))
                    .as("step %d (%s)", i, index ? "derived-index" : "review-marking").isEmpty();
        }
        assertThat(d.onLatency("local", "derived-index", 400 * MS, 0.9)).as("a real slowdown of one handler").hasValueSatisfying(a -> {
            assertThat(a.service()).isEqualTo("local");
            assertThat(a.handler()).contains("derived-index");
            assertThat(a.metric()).isEqualTo("latency");
            assertThat(a.baseline()).isBetween(40.0 * MS, 44.0 * MS);
            assertThat(a.message()).contains("handler 'derived-index' on service 'local'").contains("400.0 ms");
        });
        assertThat(d.onLatency("local", "review-marking", 45 * MS, 0.9)).as("a stall of tens of ms in a sub-ms step is jitter").isEmpty();
        assertThat(d.onLatency("local", "review-marking", 150 * MS, 0.9)).as("another handler's slowdown is not kept quiet by the first's")
                .hasValueSatisfying(a -> assertThat(a.handler()).contains("review-marking"));
        assertThat(d.onLatency("local", "review-marking", (long) (0.6 * MS), 0.9)).isEmpty();
    }

    @Test
    void sensitivityMovesTheThresholdAndZeroTurnsItOff() {
        AnomalyDetector high = new AnomalyDetector(20);
        AnomalyDetector low = new AnomalyDetector(20);
        AnomalyDetector off = new AnomalyDetector(20);
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 100; i++) {
            long x = (long) ((1000 + r.nextGaussian() * 100) * MS);
            high.onLatency("s", "h", x, 1.0);
            low.onLatency("s", "h", x, 0.2);
            off.onLatency("s", "h", x, 0.0);
        }
        long moderate = 1400 * MS; // about 4 robust standard deviations
        assertThat(high.onLatency("s", "h", moderate, 1.0)).isPresent();
        assertThat(low.onLatency("s", "h", moderate, 0.2)).isEmpty();
        assertThat(off.onLatency("s", "h", 100_000 * MS, 0.0)).isEmpty();
    }

    @Test
    void aRisingErrorRateAgainstTheBaselineIsAnAnomaly() {
        AnomalyDetector d = new AnomalyDetector(20);
        for (int i = 0; i < 40; i++) {
            assertThat(d.onOutcome("llm", i % 20 == 0, 0.9)).isEmpty();
        }
        boolean found = false;
        for (int i = 0; i < 10 && !found; i++) {
            found = d.onOutcome("llm", true, 0.9).map(a -> {
                assertThat(a.metric()).isEqualTo("errorRate");
                assertThat(a.handler()).as("judged per service").isEmpty();
                assertThat(a.message()).contains("error rate of service 'llm'");
                return true;
            }).orElse(false);
        }
        assertThat(found).isTrue();
    }

    /** A steady remote service: log-normal latencies (median 2 s, σ = 0.5), as remote calls are — long calls are normal. */
    private static long remoteCall(SplittableRandom r, double slowdown) {
        return (long) (slowdown * 2000 * MS * Math.exp(0.5 * r.nextGaussian()));
    }

    @Test
    void theSkewedLatenciesOfASteadyRemoteServiceAreNoAnomaly() {
        for (int seed = 1; seed <= 5; seed++) {
            AnomalyDetector d = new AnomalyDetector(20);
            SplittableRandom r = new SplittableRandom(seed);
            int alerts = 0;
            for (int i = 0; i < 500; i++) {
                alerts += d.onLatency("llm", "llm-rewrite", remoteCall(r, 1), 0.9).isPresent() ? 1 : 0;
            }
            assertThat(alerts).as("false alerts in 500 calls of a steady service (seed %d)", seed).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aSustainedSlowdownOfASkewedServiceIsFound() {
        for (int seed = 1; seed <= 5; seed++) {
            AnomalyDetector d = new AnomalyDetector(20);
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < 200; i++) {
                d.onLatency("llm", "llm-rewrite", remoteCall(r, 1), 0.9);
            }
            int found = -1;
            for (int i = 0; i < 40 && found < 0; i++) {
                found = d.onLatency("llm", "llm-rewrite", remoteCall(r, 4), 0.9).isPresent() ? i : -1;
            }
            assertThat(found).as("calls until a fourfold slowdown is found (seed %d)", seed).isBetween(0, 39);
        }
    }

    @Test
    void aSteadyRateOfTransientFailuresIsNoAnomaly() {
        for (int seed = 1; seed <= 5; seed++) {
            AnomalyDetector d = new AnomalyDetector(20);
            SplittableRandom r = new SplittableRandom(seed);
            int alerts = 0;
            for (int i = 0; i < 500; i++) {
                alerts += d.onOutcome("llm", r.nextDouble() < 0.1, 0.9).isPresent() ? 1 : 0;
            }
            assertThat(alerts).as("false alerts in 500 attempts failing 10%% of the time (seed %d)", seed).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aServiceThatStartsFailingHalfItsCallsIsFound() {
        for (int seed = 1; seed <= 5; seed++) {
            AnomalyDetector d = new AnomalyDetector(20);
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < 200; i++) {
                d.onOutcome("llm", r.nextDouble() < 0.1, 0.9);
            }
            int found = -1;
            for (int i = 0; i < 40 && found < 0; i++) {
                found = d.onOutcome("llm", r.nextDouble() < 0.5, 0.9).isPresent() ? i : -1;
            }
            assertThat(found).as("attempts until a 50%% failure rate is found (seed %d)", seed).isBetween(0, 39);
        }
    }
}
