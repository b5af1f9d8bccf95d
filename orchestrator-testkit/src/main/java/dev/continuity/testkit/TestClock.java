package dev.continuity.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A clock that stands still until a test moves it: inject it with {@code Orchestrators.builder(root).clock(clock)} and
 * advance it instead of sleeping. Thread-safe.
 */
public final class TestClock implements InstantSource {
    /** Where a {@link ContinuityExtension}'s clock starts unless told otherwise. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private volatile Instant now;

    private TestClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** A clock standing at {@code start}. */
    public static TestClock at(Instant start) {
        return new TestClock(start);
    }

    /** A clock standing at {@link #DEFAULT_START}. */
    public static TestClock fixed() {
        return new TestClock(DEFAULT_START);
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** Moves the clock forward; returns the new time. */
    public synchronized Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward, was " + by);
        }
        now = now.plus(by);
        return now;
    }

    /** Sets the clock. */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    @Override
    public String toString() {
        return "TestClock[" + now + "]";
    }
}
