package dev.continuity.core.execute;

import java.time.Duration;
import java.util.Objects;

/**
 * How the executor runs steps, beyond the per-service settings: the adaptive global concurrency limit (between
 * {@code minConcurrency} and the builder's {@code workers}), when a run switches to isolated mode, the request queue,
 * and what it keeps in {@code .continuity/}.
 *
 * @param limitAlgorithm      how the global limit adapts
 * @param minConcurrency      the limit never falls below this
 * @param backoffRatio        on an error or a time-out the limit is multiplied by this (AIMD's multiplicative decrease)
 * @param isolationErrorRate  a run whose failed-attempt rate reaches this switches to isolated mode (one step at a time,
 *                            no retries); so does a run that sees a circuit open
 * @param isolationMinAttempts attempts before the error rate counts
 * @param queueCapacity       requests that may wait in the request queue
 * @param queueTimeout        a request that waits longer is dropped with a {@link dev.continuity.api.QueueTimeoutException}
 * @param deadLetters         keep steps that failed for good in {@code .continuity/dead-letters.jsonl}
 * @param journal             journal the results of remote steps in {@code .continuity/idempotency/} so that a resumed
 *                            or re-driven execution does not call the service again for them
 * @param alertQueueCapacity  alerts that may wait for each alert sink
 */
public record ExecutionConfig(
        LimitAlgorithm limitAlgorithm,
        int minConcurrency,
        double backoffRatio,
        double isolationErrorRate,
        int isolationMinAttempts,
        int queueCapacity,
        Duration queueTimeout,
        boolean deadLetters,
        boolean journal,
        int alertQueueCapacity) {

    /** How the global concurrency limit adapts. */
    public enum LimitAlgorithm {
        /**
         * Additive increase (+1 per success while at least half the limit is in use, up to the workers),
         * multiplicative decrease (× {@code backoffRatio}, not below {@code minConcurrency}) on errors and time-outs.
         */
        AIMD,
        /** AIMD, and also shrinks when a service's recent latency rises above its long-term latency (Gradient2-style). */
        GRADIENT
    }

    /**
     * Rejects a {@code minConcurrency}, {@code isolationMinAttempts}, {@code queueCapacity} or
     * {@code alertQueueCapacity} below 1, a {@code backoffRatio} outside (0, 1), an {@code isolationErrorRate} outside
     * (0, 1] and a {@code queueTimeout} that is not positive, with an {@link IllegalArgumentException}; and nulls.
     */
    public ExecutionConfig {
        Objects.requireNonNull(limitAlgorithm, "limitAlgorithm");
        if (minConcurrency < 1) {
            throw new IllegalArgumentException("minConcurrency must be >= 1, was " + minConcurrency);
        }
        if (!(backoffRatio > 0 && backoffRatio < 1)) {
            throw new IllegalArgumentException("backoffRatio must be in (0, 1), was " + backoffRatio);
        }
        if (!(isolationErrorRate > 0 && isolationErrorRate <= 1)) {
            throw new IllegalArgumentException("isolationErrorRate must be in (0, 1], was " + isolationErrorRate);
        }
        if (isolationMinAttempts < 1) {
            throw new IllegalArgumentException("isolationMinAttempts must be >= 1, was " + isolationMinAttempts);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, was " + queueCapacity);
        }
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        if (queueTimeout.isNegative() || queueTimeout.isZero()) {
            throw new IllegalArgumentException("queueTimeout must be positive, was " + queueTimeout);
        }
        if (alertQueueCapacity < 1) {
            throw new IllegalArgumentException("alertQueueCapacity must be >= 1, was " + alertQueueCapacity);
        }
    }

    /**
     * AIMD starting at the workers (the maximum: with no errors it never throttles), ×0.9 on errors down to at least 1,
     * +1 per success while at least half the limit is in use; isolation at 50% failed attempts after 10; 64 queued
     * requests for 10 minutes; dead letters and journal on; 1024 alerts queued per sink.
     *
     * @return the defaults
     */
    public static ExecutionConfig defaults() {
        return new ExecutionConfig(LimitAlgorithm.AIMD, 1, 0.9, 0.5, 10, 64, Duration.ofMinutes(10), true, true, 1024);
    }

    /** {@return a builder that starts from {@link #defaults()}} */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** {@return a builder that starts from this config's values} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds an {@link ExecutionConfig}; starts from the config it was made from. */
    public static final class Builder {
        private LimitAlgorithm limitAlgorithm;
        private int minConcurrency;
        private double backoffRatio;
        private double isolationErrorRate;
        private int isolationMinAttempts;
        private int queueCapacity;
        private Duration queueTimeout;
        private boolean deadLetters;
        private boolean journal;
        private int alertQueueCapacity;

        private Builder(ExecutionConfig c) {
            limitAlgorithm = c.limitAlgorithm;
            minConcurrency = c.minConcurrency;
            backoffRatio = c.backoffRatio;
            isolationErrorRate = c.isolationErrorRate;
            isolationMinAttempts = c.isolationMinAttempts;
            queueCapacity = c.queueCapacity;
            queueTimeout = c.queueTimeout;
            deadLetters = c.deadLetters;
            journal = c.journal;
            alertQueueCapacity = c.alertQueueCapacity;
        }

        /**
         * How the global concurrency limit adapts; {@link LimitAlgorithm#AIMD} by default.
         *
         * @param a the algorithm
         * @return this builder
         */
        public Builder limitAlgorithm(LimitAlgorithm a) { this.limitAlgorithm = a; return this; }
        /**
         * The floor of the global concurrency limit; 1 by default. The executor caps it at its workers.
         *
         * @param n at least 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder minConcurrency(int n) { this.minConcurrency = n; return this; }
        /**
         * The factor the global limit is multiplied by on an error or a time-out; 0.9 by default.
         *
         * @param r in (0, 1) (checked by {@link #build()})
         * @return this builder
         */
        public Builder backoffRatio(double r) { this.backoffRatio = r; return this; }
        /** Isolated mode once {@code rate} of the attempts failed, counted after {@code minAttempts}. */
        public Builder isolation(double rate, int minAttempts) {
            this.isolationErrorRate = rate;
            this.isolationMinAttempts = minAttempts;
            return this;
        }
        /** The request queue: {@code capacity} waiting requests, each for at most {@code timeout}. */
        public Builder queue(int capacity, Duration timeout) {
            this.queueCapacity = capacity;
            this.queueTimeout = timeout;
            return this;
        }
        /**
         * Whether steps that fail for good are kept in {@code .continuity/dead-letters.jsonl} for a later re-drive; on
         * by default. Only an executor with a state root keeps them.
         *
         * @param on whether to keep dead letters
         * @return this builder
         */
        public Builder deadLetters(boolean on) { this.deadLetters = on; return this; }
        /**
         * Whether the results of remote steps are journalled in {@code .continuity/idempotency/}, so that a resumed or
         * re-driven run replays them instead of calling the service again; on by default. Only an executor with a
         * state root keeps the journal.
         *
         * @param on whether to journal
         * @return this builder
         */
        public Builder journal(boolean on) { this.journal = on; return this; }
        /**
         * How many alerts may wait for each alert sink; more are dropped and counted. 1024 by default.
         *
         * @param n at least 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder alertQueueCapacity(int n) { this.alertQueueCapacity = n; return this; }

        /**
         * The config.
         *
         * @return the config
         * @throws IllegalArgumentException when a value is out of its range (see {@link ExecutionConfig})
         */
        public ExecutionConfig build() {
            return new ExecutionConfig(limitAlgorithm, minConcurrency, backoffRatio, isolationErrorRate, isolationMinAttempts, queueCapacity,
                    queueTimeout, deadLetters, journal, alertQueueCapacity);
        }
    }
}
