package dev.continuity.core.execute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The resilience settings of one service (the {@link dev.continuity.api.spi.UpdateHandler#service() service} a handler
 * names): Resilience4j {@code Retry}, {@code CircuitBreaker}, {@code Bulkhead}, {@code RateLimiter} and
 * {@code TimeLimiter}, plus the fallback handlers of its steps.
 *
 * <pre>{@code
 * ServiceConfig llm = ServiceConfig.remoteDefaults().toBuilder()
 *         .maxAttempts(5).timeout(Duration.ofSeconds(90)).maxConcurrentCalls(4)
 *         .rateLimit(10, Duration.ofSeconds(1), Duration.ofSeconds(30))
 *         .fallbacks(List.of("review-marking"))
 *         .build();
 * Orchestrators.builder(root).service("llm", llm);
 * }</pre>
 *
 * @param maxAttempts           attempts per handler, including the first; 1 means no retry
 * @param initialBackoff        wait before the first retry
 * @param backoffMultiplier     each further wait is this many times the previous one
 * @param maxBackoff            the cap of a wait
 * @param jitter                each wait is randomised by ± this fraction (0.25 = ±25%)
 * @param timeout               an attempt that runs longer is interrupted and abandoned (its later writes are refused)
 * @param circuitBreakerEnabled whether a circuit breaker guards the service
 * @param failureRateThreshold  percentage of failed calls in the window that opens the circuit
 * @param slowCallRateThreshold percentage of slow calls in the window that opens the circuit
 * @param slowCallDuration      a call slower than this is slow
 * @param slidingWindowSize     calls in the circuit's window
 * @param minimumCalls          calls before the circuit computes a rate
 * @param waitInOpenState       how long an open circuit rejects calls before it lets a few through (half-open)
 * @param halfOpenCalls         calls let through when half-open
 * @param maxConcurrentCalls    the bulkhead: calls in flight at once
 * @param ratePermits           calls allowed per {@code ratePeriod}; 0 for no rate limit
 * @param ratePeriod            the rate limiter's period
 * @param maxRateWait           how long a call may wait for a rate permit before it fails (retryably)
 * @param fallbacks             handler ids to try, in order, when a step of this service fails for good
 */
public record ServiceConfig(
        int maxAttempts,
        Duration initialBackoff,
        double backoffMultiplier,
        Duration maxBackoff,
        double jitter,
        Duration timeout,
        boolean circuitBreakerEnabled,
        float failureRateThreshold,
        float slowCallRateThreshold,
        Duration slowCallDuration,
        int slidingWindowSize,
        int minimumCalls,
        Duration waitInOpenState,
        int halfOpenCalls,
        int maxConcurrentCalls,
        int ratePermits,
        Duration ratePeriod,
        Duration maxRateWait,
        List<String> fallbacks) {

    /** The name of the service of handlers that call nothing remote. */
    public static final String LOCAL = "local";

    /**
     * Rejects, with an {@link IllegalArgumentException} naming the setting: {@code maxAttempts},
     * {@code slidingWindowSize}, {@code minimumCalls}, {@code halfOpenCalls} or {@code maxConcurrentCalls} below 1, a
     * negative {@code ratePermits}, a duration that is not positive (a negative {@code maxRateWait}), a
     * {@code backoffMultiplier} below 1, a {@code maxBackoff} below {@code initialBackoff}, a {@code jitter} outside
     * [0, 1), a percentage outside (0, 100] and a blank fallback id; copies {@code fallbacks}.
     */
    public ServiceConfig {
        atLeast(maxAttempts, 1, "maxAttempts");
        positive(initialBackoff, "initialBackoff");
        if (!(backoffMultiplier >= 1.0)) {
            throw new IllegalArgumentException("backoffMultiplier must be >= 1, was " + backoffMultiplier);
        }
        positive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be less than initialBackoff (" + initialBackoff + ")");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        }
        positive(timeout, "timeout");
        percentage(failureRateThreshold, "failureRateThreshold");
        percentage(slowCallRateThreshold, "slowCallRateThreshold");
        positive(slowCallDuration, "slowCallDuration");
        atLeast(slidingWindowSize, 1, "slidingWindowSize");
        atLeast(minimumCalls, 1, "minimumCalls");
        positive(waitInOpenState, "waitInOpenState");
        atLeast(halfOpenCalls, 1, "halfOpenCalls");
        atLeast(maxConcurrentCalls, 1, "maxConcurrentCalls");
        atLeast(ratePermits, 0, "ratePermits");
        positive(ratePeriod, "ratePeriod");
        Objects.requireNonNull(maxRateWait, "maxRateWait");
        if (maxRateWait.isNegative()) {
            throw new IllegalArgumentException("maxRateWait must not be negative, was " + maxRateWait);
        }
        fallbacks = List.copyOf(fallbacks);
        fallbacks.forEach(f -> {
            if (f.isBlank()) {
                throw new IllegalArgumentException("fallbacks must not contain a blank handler id");
            }
        });
    }

    /**
     * For {@code local} steps: one attempt (no retry), a 5-minute time limit, no circuit breaker (a local failure is a
     * bug, not an outage), 10,000 concurrent calls, no rate limit.
     */
    public static ServiceConfig localDefaults() {
        return new ServiceConfig(1, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5), 0.25, Duration.ofMinutes(5),
                false, 50f, 100f, Duration.ofMinutes(1), 20, 10, Duration.ofSeconds(30), 2,
                10_000, 0, Duration.ofSeconds(1), Duration.ZERO, List.of());
    }

    /**
     * For remote services: 4 attempts with exponential backoff from 500 ms (×2, capped at 30 s, ±25% jitter), a
     * 2-minute time limit, a circuit that opens at 50% failures or 80% calls slower than 60 s over 20 calls (after at
     * least 5) and stays open 30 s, 16 concurrent calls, no rate limit.
     */
    public static ServiceConfig remoteDefaults() {
        return new ServiceConfig(4, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), 0.25, Duration.ofMinutes(2),
                true, 50f, 80f, Duration.ofSeconds(60), 20, 5, Duration.ofSeconds(30), 2,
                16, 0, Duration.ofSeconds(1), Duration.ofSeconds(30), List.of());
    }

    /** The defaults for a service name: {@link #localDefaults()} for {@value #LOCAL}, else {@link #remoteDefaults()}. */
    public static ServiceConfig defaultsFor(String service) {
        return LOCAL.equals(service) ? localDefaults() : remoteDefaults();
    }

    /** Whether calls are rate limited. */
    public boolean rateLimited() {
        return ratePermits > 0;
    }

    /** {@return a builder that starts from this config's values} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void percentage(float value, String name) {
        if (!(value > 0 && value <= 100)) {
            throw new IllegalArgumentException(name + " must be in (0, 100], was " + value);
        }
    }

    /** Builds a {@link ServiceConfig}; starts from the config it was made from. */
    public static final class Builder {
        private int maxAttempts;
        private Duration initialBackoff;
        private double backoffMultiplier;
        private Duration maxBackoff;
        private double jitter;
        private Duration timeout;
        private boolean circuitBreakerEnabled;
        private float failureRateThreshold;
        private float slowCallRateThreshold;
        private Duration slowCallDuration;
        private int slidingWindowSize;
        private int minimumCalls;
        private Duration waitInOpenState;
        private int halfOpenCalls;
        private int maxConcurrentCalls;
        private int ratePermits;
        private Duration ratePeriod;
        private Duration maxRateWait;
        private List<String> fallbacks;

        private Builder(ServiceConfig c) {
            maxAttempts = c.maxAttempts;
            initialBackoff = c.initialBackoff;
            backoffMultiplier = c.backoffMultiplier;
            maxBackoff = c.maxBackoff;
            jitter = c.jitter;
            timeout = c.timeout;
            circuitBreakerEnabled = c.circuitBreakerEnabled;
            failureRateThreshold = c.failureRateThreshold;
            slowCallRateThreshold = c.slowCallRateThreshold;
            slowCallDuration = c.slowCallDuration;
            slidingWindowSize = c.slidingWindowSize;
            minimumCalls = c.minimumCalls;
            waitInOpenState = c.waitInOpenState;
            halfOpenCalls = c.halfOpenCalls;
            maxConcurrentCalls = c.maxConcurrentCalls;
            ratePermits = c.ratePermits;
            ratePeriod = c.ratePeriod;
            maxRateWait = c.maxRateWait;
            fallbacks = new ArrayList<>(c.fallbacks);
        }

        /**
         * Attempts per handler, including the first; 1 means no retry. Only retryable failures are retried.
         *
         * @param n at least 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder maxAttempts(int n) { this.maxAttempts = n; return this; }
        /** Exponential backoff: {@code initial}, then × {@code multiplier} per retry, capped at {@code max}. */
        public Builder backoff(Duration initial, double multiplier, Duration max) {
            this.initialBackoff = initial;
            this.backoffMultiplier = multiplier;
            this.maxBackoff = max;
            return this;
        }
        /**
         * Randomises each backoff wait by ± this fraction (0.25 = ±25%), so that retries of many steps spread out.
         *
         * @param fraction in [0, 1) (checked by {@link #build()})
         * @return this builder
         */
        public Builder jitter(double fraction) { this.jitter = fraction; return this; }
        /**
         * The time limit of one attempt: an attempt that runs longer is interrupted and abandoned, its writes
         * discarded and its later writes refused; the time-out counts as a retryable failure.
         *
         * @param d positive (checked by {@link #build()})
         * @return this builder
         */
        public Builder timeout(Duration d) { this.timeout = d; return this; }
        /**
         * Whether a circuit breaker guards the service: an open circuit rejects calls at once, and a run that sees a
         * circuit open switches to isolated mode.
         *
         * @param on whether to guard the service with a circuit breaker
         * @return this builder
         */
        public Builder circuitBreakerEnabled(boolean on) { this.circuitBreakerEnabled = on; return this; }
        /**
         * The percentage of failed calls in the circuit's window that opens the circuit.
         *
         * @param percent in (0, 100] (checked by {@link #build()})
         * @return this builder
         */
        public Builder failureRateThreshold(float percent) { this.failureRateThreshold = percent; return this; }
        /** Calls slower than {@code duration} are slow; {@code percent} of slow calls opens the circuit. */
        public Builder slowCalls(float percent, Duration duration) {
            this.slowCallRateThreshold = percent;
            this.slowCallDuration = duration;
            return this;
        }
        /** The circuit's window of {@code size} calls, computed after {@code minimumCalls}. */
        public Builder slidingWindow(int size, int minimumCalls) {
            this.slidingWindowSize = size;
            this.minimumCalls = minimumCalls;
            return this;
        }
        /**
         * How long an open circuit rejects calls before it lets {@link #halfOpenCalls(int) a few} through to test the
         * service.
         *
         * @param d positive (checked by {@link #build()})
         * @return this builder
         */
        public Builder waitInOpenState(Duration d) { this.waitInOpenState = d; return this; }
        /**
         * Calls let through while the circuit is half-open; their outcome decides whether it closes or opens again.
         *
         * @param n at least 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder halfOpenCalls(int n) { this.halfOpenCalls = n; return this; }
        /**
         * The bulkhead: how many calls to the service may be in flight at once, over all runs of the executor.
         *
         * @param n at least 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder maxConcurrentCalls(int n) { this.maxConcurrentCalls = n; return this; }
        /** At most {@code permits} calls per {@code period}; a call waits up to {@code maxWait} for a permit. 0 permits: no limit. */
        public Builder rateLimit(int permits, Duration period, Duration maxWait) {
            this.ratePermits = permits;
            this.ratePeriod = period;
            this.maxRateWait = maxWait;
            return this;
        }
        /**
         * Handlers to try, in order, when a step of this service fails for good; they come after the handler's own
         * {@link dev.continuity.api.spi.UpdateHandler#fallbacks() fallbacks}. Replaces those set before.
         *
         * @param handlerIds handler ids, none blank (checked by {@link #build()})
         * @return this builder
         */
        public Builder fallbacks(List<String> handlerIds) { this.fallbacks = new ArrayList<>(handlerIds); return this; }

        /**
         * The config.
         *
         * @return the config
         * @throws IllegalArgumentException when a value is out of its range (see {@link ServiceConfig#ServiceConfig})
         */
        public ServiceConfig build() {
            return new ServiceConfig(maxAttempts, initialBackoff, backoffMultiplier, maxBackoff, jitter, timeout, circuitBreakerEnabled,
                    failureRateThreshold, slowCallRateThreshold, slowCallDuration, slidingWindowSize, minimumCalls, waitInOpenState,
                    halfOpenCalls, maxConcurrentCalls, ratePermits, ratePeriod, maxRateWait, fallbacks);
        }
    }
}
