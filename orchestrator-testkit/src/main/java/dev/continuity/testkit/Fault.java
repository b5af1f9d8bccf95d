package dev.continuity.testkit;

import dev.continuity.api.RetryableException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The misbehaviour shared by the faulty plugins: slow (on the test clock), hang, fail N times, fail always. */
final class Fault {
    private final String id;
    private final int failTimes;
    private final boolean hang;
    private final boolean retryable;
    private final Optional<Duration> slow;
    private final Optional<TestClock> clock;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    Fault(String id, int failTimes, boolean hang, boolean retryable, Optional<Duration> slow, Optional<TestClock> clock) {
        this.id = id;
        this.failTimes = failTimes;
        this.hang = hang;
        this.retryable = retryable;
        this.slow = slow;
        this.clock = clock;
    }

    /** Misbehaves as configured; returns normally when the call should go on to the delegate. */
    void strike() throws InterruptedException {
        int call = calls.incrementAndGet();
        slow.ifPresent(d -> clock.orElseThrow().advance(d));
        if (hang) {
            release.await();
        }
        if (failTimes < 0 || call <= failTimes) {
            failures.incrementAndGet();
            String message = "injected fault #" + call + " in " + id;
            throw retryable ? new InjectedFault(message, new RetryableException(message + " (retryable)")) : new InjectedFault(message);
        }
    }

    int calls() {
        return calls.get();
    }

    int failures() {
        return failures.get();
    }

    void release() {
        release.countDown();
    }

    /** Fault settings shared by both builders. */
    static final class Spec {
        int failTimes;
        boolean hang;
        boolean retryable;
        Optional<Duration> slow = Optional.empty();
        Optional<TestClock> clock = Optional.empty();

        void failTimes(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("failTimes must be >= 0, was " + n);
            }
            failTimes = n;
        }

        void slow(Duration d, TestClock c) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("slow must not be negative, was " + d);
            }
            slow = Optional.of(d);
            clock = Optional.of(c);
        }

        Fault build(String id) {
            return new Fault(id, failTimes, hang, retryable, slow, clock);
        }
    }
}
