package dev.continuity.core.execute;

import dev.continuity.api.RetryableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The Resilience4j guards of every service of an orchestrator, made on first use from the service's
 * {@link ServiceConfig} and kept for the orchestrator's life (a circuit stays open across runs). Their Resilience4j
 * metrics are bound to the orchestrator's meter registry.
 */
final class ServiceGuards {
    private final Map<String, ServiceConfig> configs;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final MeterRegistry meters;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final Map<String, ServiceConfig> defaults = new ConcurrentHashMap<>();
    private final RetryRegistry retries = RetryRegistry.ofDefaults();
    private final CircuitBreakerRegistry circuits = CircuitBreakerRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
    private final TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.ofDefaults();

    /** The guards of one service. */
    record Guard(String service, ServiceConfig config, Retry retry, CircuitBreaker circuit, Bulkhead bulkhead, Optional<RateLimiter> rateLimiter,
                 TimeLimiter timeLimiter) {

        boolean bulkheadAvailable() {
            return bulkhead.getMetrics().getAvailableConcurrentCalls() > 0;
        }

        /**
         * One line for the monitor: circuit state, bulkhead use and the failure rate of the circuit's window — until
         * the window has its minimum of calls (Resilience4j says -1), the rate of the calls so far with their count,
         * not 0%.
         */
        String health() {
            Bulkhead.Metrics b = bulkhead.getMetrics();
            int inUse = b.getMaxAllowedConcurrentCalls() - b.getAvailableConcurrentCalls();
            String line = "circuit " + circuit.getState() + ", bulkhead " + inUse + "/" + b.getMaxAllowedConcurrentCalls();
            if (circuit.getState() == CircuitBreaker.State.DISABLED) {
                return line;
            }
            CircuitBreaker.Metrics m = circuit.getMetrics();
            if (m.getFailureRate() >= 0) {
                return line + String.format(java.util.Locale.ROOT, ", failure rate %.0f%%", m.getFailureRate());
            }
            int calls = m.getNumberOfBufferedCalls();
            return line + (calls == 0 ? ", no calls yet" : String.format(java.util.Locale.ROOT, ", failure rate %.0f%% (%d of %d calls)",
                    100.0 * m.getNumberOfFailedCalls() / calls, m.getNumberOfFailedCalls(), calls));
        }
    }

    ServiceGuards(Map<String, ServiceConfig> configs, InstantSource clock, RandomGenerator random, MeterRegistry meters) {
        this.configs = Map.copyOf(configs);
        this.clock = clock;
        this.random = random;
        this.meters = meters;
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuits).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(rateLimiters).bindTo(meters);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(timeLimiters).bindTo(meters);
    }

    ServiceConfig config(String service) {
        ServiceConfig c = configs.get(service);
        return c != null ? c : defaults.computeIfAbsent(service, ServiceConfig::defaultsFor);
    }

    Guard guard(String service) {
        Guard g = guards.get(service);
        return g != null ? g : guards.computeIfAbsent(service, this::create);
    }

    /** Health of every service used so far, by name. */
    Map<String, String> health() {
        Map<String, String> out = new LinkedHashMap<>();
        guards.values().stream().sorted(java.util.Comparator.comparing(Guard::service)).forEach(g -> out.put(g.service(), g.health()));
        return out;
    }

    private Guard create(String service) {
        ServiceConfig c = config(service);
        RetryConfig retryConfig = RetryConfig.custom()
                .maxAttempts(c.maxAttempts())
                .intervalBiFunction(IntervalBiFunction.ofIntervalFunction(attempt -> backoffMillis(c, attempt)))
                .retryOnException(ServiceGuards::retryable)
                .failAfterMaxAttempts(false)
                .build();
        Retry retry = retries.retry(service, retryConfig);
        CircuitBreakerConfig circuitConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(c.failureRateThreshold())
                .slowCallRateThreshold(c.slowCallRateThreshold())
                .slowCallDurationThreshold(c.slowCallDuration())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(c.slidingWindowSize())
                .minimumNumberOfCalls(Math.min(c.minimumCalls(), c.slidingWindowSize()))
                .waitDurationInOpenState(c.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(c.halfOpenCalls())
                .clock(clock.withZone(ZoneOffset.UTC))
                .build();
        CircuitBreaker circuit = circuits.circuitBreaker(service, circuitConfig);
        if (!c.circuitBreakerEnabled()) {
            circuit.transitionToDisabledState();
        }
        Bulkhead bulkhead = bulkheads.bulkhead(service, BulkheadConfig.custom().maxConcurrentCalls(c.maxConcurrentCalls())
                .maxWaitDuration(java.time.Duration.ZERO).build());
        Optional<RateLimiter> rateLimiter = c.rateLimited()
                ? Optional.of(rateLimiters.rateLimiter(service, RateLimiterConfig.custom().limitForPeriod(c.ratePermits())
                .limitRefreshPeriod(c.ratePeriod()).timeoutDuration(c.maxRateWait()).build()))
                : Optional.empty();
        TimeLimiter timeLimiter = timeLimiters.timeLimiter(service, TimeLimiterConfig.custom().timeoutDuration(c.timeout()).cancelRunningFuture(true).build());
        Gauge.builder("continuity.circuit.state", circuit, cb -> stateCode(cb.getState()))
                .description("circuit state of a service: 0 closed, 1 open, 2 half-open, 3 disabled, 4 forced open, 5 metrics only")
                .tag("service", service).register(meters);
        return new Guard(service, c, retry, circuit, bulkhead, rateLimiter, timeLimiter);
    }

    /** Exponential backoff with the configured jitter and cap, randomised by the orchestrator's (seedable) random source. */
    private long backoffMillis(ServiceConfig c, long attempt) {
        double base = c.initialBackoff().toNanos() / 1e6 * Math.pow(c.backoffMultiplier(), attempt - 1);
        double u;
        synchronized (random) {
            u = random.nextDouble();
        }
        double jittered = base * (1 + c.jitter() * (2 * u - 1));
        return Math.max(0, Math.round(Math.min(jittered, c.maxBackoff().toNanos() / 1e6)));
    }

    /** Whether a failure is worth another attempt. */
    static boolean retryable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CallNotPermittedException || c instanceof InterruptedException) {
                return false;
            }
            if (c instanceof RetryableException || c instanceof RequestNotPermitted || c instanceof ConnectException
                    || c instanceof SocketTimeoutException || c instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static int stateCode(CircuitBreaker.State s) {
        return switch (s) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
            case DISABLED -> 3;
            case FORCED_OPEN -> 4;
            case METRICS_ONLY -> 5;
        };
    }
}
