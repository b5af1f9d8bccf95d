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

    public int calls() {
        return fault.calls();
    }

    public int failures() {
        return fault.failures();
    }

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

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder failTimes(int n) {
            spec.failTimes(n);
            return this;
        }

        public Builder failAlways() {
            spec.failTimes = -1;
            return this;
        }

        public Builder hang() {
            spec.hang = true;
            return this;
        }

        public Builder slow(Duration latency, TestClock clock) {
            spec.slow(latency, clock);
            return this;
        }

        public Builder then(FixStrategy delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            return this;
        }

        public FaultyStrategy build() {
            return new FaultyStrategy(this);
        }
    }
}
