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
            assertThat(d.onLatency("llm", (long) ((2000 + r.nextGaussian() * 100) * MS), 0.9)).isEmpty();
        }
        assertThat(d.onLatency("llm", 2300 * MS, 0.9)).as("within the spread").isEmpty();
        assertThat(d.onLatency("llm", 9000 * MS, 0.9)).hasValueSatisfying(a -> {
            assertThat(a.service()).isEqualTo("llm");
            assertThat(a.metric()).isEqualTo("latency");
            assertThat(a.severity()).isEqualTo(Severity.ERROR);
            assertThat(a.message()).contains("9000.0 ms").contains("llm");
        });
        assertThat(d.onLatency("llm", 9000 * MS, 0.9)).as("quiet after an alert").isEmpty();
        assertThat(d.onLatency("other", 9000 * MS, 0.9)).as("no baseline for another service yet").isEmpty();
    }

    @Test
    void sensitivityMovesTheThresholdAndZeroTurnsItOff() {
        AnomalyDetector high = new AnomalyDetector(20);
        AnomalyDetector low = new AnomalyDetector(20);
        AnomalyDetector off = new AnomalyDetector(20);
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 100; i++) {
            long x = (long) ((100 + r.nextGaussian() * 10) * MS);
            high.onLatency("s", x, 1.0);
            low.onLatency("s", x, 0.2);
            off.onLatency("s", x, 0.0);
        }
        long moderate = 140 * MS; // about 4 robust standard deviations
        assertThat(high.onLatency("s", moderate, 1.0)).isPresent();
        assertThat(low.onLatency("s", moderate, 0.2)).isEmpty();
        assertThat(off.onLatency("s", 100_000 * MS, 0.0)).isEmpty();
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
                assertThat(a.message()).contains("error rate of service 'llm'");
                return true;
            }).orElse(false);
        }
        assertThat(found).isTrue();
    }
}
