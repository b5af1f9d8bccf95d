package dev.continuity.testkit;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A {@link FixStrategy} that misbehaves on purpose, to test that healing contains it: fails N times, always, hangs
 * (until the engine's time limit interrupts it), or is slow on the test clock. When it does not fail it calls its
 * delegate (by default: {@code NOT_APPLICABLE}). Its priority is high (1000) so that it is tried first.
 *
 * <pre>{@code
 * FaultyStrategy hanging = FaultyStrategy.builder("hanging").hang().build();
 * }</pre>
 */
public final class FaultyStrategy implements FixStrategy {
    private final String id;
    private final Predicate<ConsistencyIssue> accepts;
    private final int priority;
    private final Fault fault;
    private final FixStrategy delegate;

    private FaultyStrategy(Builder b) {
        this.id = b.id;
        this.accepts = b.accepts;
        this.priority = b.priority;
        this.fault = b.spec.build(b.id);
        this.delegate = b.delegate;
    }

    /**
     * A builder of a strategy that claims every issue, does not fail, and answers {@code NOT_APPLICABLE}; configure how
     * it misbehaves.
     *
     * @param id the strategy's id, as {@link dev.continuity.api.SelfHealingAction#strategyId()} reports it
     * @return the builder
     * @throws NullPointerException when {@code id} is null
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    @Override
    public FixResult apply(ConsistencyIssue issue, FixContext context) {
        try {
            fault.strike();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InjectedFault(id + " was interrupted while it hung");
        }
        return delegate.apply(issue, context);
    }

    @Override
    public boolean canFix(ConsistencyIssue issue) {
        return accepts.test(issue);
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public String id() {
        return id;
    }

    /** {@return how often {@link #apply} was called, whether it failed or not} */
    public int calls() {
        return fault.calls();
    }

    /** {@return how often it failed on purpose (hangs that were interrupted are not counted)} */
    public int failures() {
        return fault.failures();
    }

    /**
     * Lets a {@link Builder#hang() hanging} strategy go on: the calls that wait return (to the fault count, then the
     * delegate), and later calls no longer hang. Does nothing to a strategy that does not hang.
     */
    public void release() {
        fault.release();
    }

    /** Configures a {@link FaultyStrategy}. */
    public static final class Builder {
        private final String id;
        private Predicate<ConsistencyIssue> accepts = i -> true;
        private int priority = 1000;
        private final Fault.Spec spec = new Fault.Spec();
        private FixStrategy delegate = (issue, ctx) -> FixResult.notApplicable("faulty strategy: nothing to do");

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /** Which issues it claims to fix; all by default. */
        public Builder canFix(Predicate<ConsistencyIssue> accepts) {
            this.accepts = Objects.requireNonNull(accepts, "accepts");
            return this;
        }

        /**
         * Its priority among the strategies that can fix an issue (higher is tried first); 1000 by default, so that it
         * is tried before the built-in strategies.
         *
         * @param priority the priority
         * @return this builder
         */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /**
         * Throws {@link InjectedFault} on the first {@code n} calls, then calls the delegate. Healing counts each fault
         * as a {@code FAILED} attempt of this strategy and goes on with the next one.
         *
         * @param n how many calls fail, 0 or more
         * @return this builder
         * @throws IllegalArgumentException when {@code n} is negative
         */
        public Builder failTimes(int n) {
            spec.failTimes(n);
            return this;
        }

        /**
         * Throws {@link InjectedFault} on every call.
         *
         * @return this builder
         */
        public Builder failAlways() {
            spec.failTimes = -1;
            return this;
        }

        /**
         * Blocks each call until {@link FaultyStrategy#release()} or until its thread is interrupted (the healing
         * policy's strategy time limit); an interrupted call throws {@link InjectedFault}.
         *
         * @return this builder
         */
        public Builder hang() {
            spec.hang = true;
            return this;
        }

        /**
         * Takes {@code latency} per call on the test clock: advances {@code clock} instead of sleeping.
         *
         * @param latency how far to advance the clock per call; not negative
         * @param clock   the test clock to advance (the orchestrator's, for the time to show)
         * @return this builder
         * @throws IllegalArgumentException when {@code latency} is negative
         */
        public Builder slow(Duration latency, TestClock clock) {
            spec.slow(latency, clock);
            return this;
        }

        /**
         * What it does when it does not fail; by default it answers {@code NOT_APPLICABLE}.
         *
         * @param delegate the strategy that does the real work
         * @return this builder
         * @throws NullPointerException when {@code delegate} is null
         */
        public Builder then(FixStrategy delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            return this;
        }

        /** {@return the strategy; each one built counts its own calls and failures} */
        public FaultyStrategy build() {
            return new FaultyStrategy(this);
        }
    }
}
