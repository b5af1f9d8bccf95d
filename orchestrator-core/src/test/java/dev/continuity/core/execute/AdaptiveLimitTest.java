package dev.continuity.core.execute;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveLimitTest {

    @Test
    void startsAtTheMaximumAndNeverThrottlesWithoutErrors() {
        AdaptiveLimit l = new AdaptiveLimit(1, 100, 0.9, false);
        for (int i = 0; i < 100; i++) {
            assertThat(l.tryAcquire()).isTrue();
        }
        assertThat(l.tryAcquire()).isFalse();
        for (int i = 0; i < 1000; i++) {
            l.onSample("s", 100_000_000, false);
        }
        assertThat(l.limit()).isEqualTo(100);
    }

    @Test
    void decreasesMultiplicativelyOnErrorsAndIncreasesAdditivelyWhenInUse() {
        AdaptiveLimit l = new AdaptiveLimit(2, 64, 0.5, false);
        l.onSample("s", 1, true);
        assertThat(l.limit()).isEqualTo(32);
        l.onSample("s", 1, true);
        l.onSample("s", 1, true);
        l.onSample("s", 1, true);
        l.onSample("s", 1, true);
        l.onSample("s", 1, true);
        assertThat(l.limit()).as("never below the minimum").isEqualTo(2);
        // successes while the limit is not in use do not raise it
        l.onSample("s", 1, false);
        assertThat(l.limit()).isEqualTo(2);
        // in use: +1 per success
        assertThat(l.tryAcquire()).isTrue();
        assertThat(l.tryAcquire()).isTrue();
        l.onSample("s", 1, false);
        assertThat(l.limit()).isEqualTo(3);
        l.release();
        l.release();
        assertThat(l.inflight()).isZero();
    }

    @Test
    void theGradientShrinksTheLimitWhenLatencyRises() {
        AdaptiveLimit l = new AdaptiveLimit(1, 100, 0.9, true);
        for (int i = 0; i < 100; i++) {
            l.tryAcquire();
        }
        for (int i = 0; i < 200; i++) {
            l.onSample("llm", 100_000_000, false);
        }
        assertThat(l.limit()).isEqualTo(100);
        for (int i = 0; i < 30; i++) {
            l.onSample("llm", 400_000_000, false);
        }
        assertThat(l.limit()).isLessThan(90);
    }
}
