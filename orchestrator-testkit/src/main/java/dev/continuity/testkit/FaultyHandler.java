package dev.continuity.testkit;

import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.FileKind;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An {@link UpdateHandler} that misbehaves on purpose, to test what a run does when a plugin fails:
 *
 * <pre>{@code
 * FaultyHandler flaky = FaultyHandler.builder("flaky-llm").kinds(FileKind.MANUSCRIPT).service("llm").failTimes(2).retryable().build();
 * FaultyHandler broken = FaultyHandler.builder("broken").failAlways().build();
 * FaultyHandler hanging = FaultyHandler.builder("hanging").hang().build();          // until release() or interrupted
 * FaultyHandler slow = FaultyHandler.builder("slow").slow(Duration.ofSeconds(30), clock).build(); // advances the test clock
 * }</pre>
 *
 * When it does not fail, it calls the delegate given to {@link Builder#then} (by default it changes nothing). Its
 * priority is high (1000) so that it is chosen over the built-in handlers for the kinds it supports.
 */
public final class FaultyHandler implements UpdateHandler {
    private final String id;
    private final Set<FileKind> kinds;
    private final Set<EnhancedUpdateType> types;
    private final Predicate<String> files;
    private final int priority;
    private final String service;
    private final Fault fault;
    private final UpdateHandler delegate;

    private FaultyHandler(Builder b) {
        this.id = b.id;
        this.kinds = Set.copyOf(b.kinds);
        this.types = Set.copyOf(b.types);
        this.files = b.files;
        this.priority = b.priority;
        this.service = b.service;
        this.fault = b.spec.build(b.id);
        this.delegate = b.delegate;
    }

    /**
     * A builder of a handler of every kind but {@code CONFIG} and {@code DERIVED}, for every update type, on the
     * {@code local} service, that does not fail and changes nothing; configure how it misbehaves.
     *
     * @param id the handler's id, as plans and step results name it
     * @return the builder
     * @throws NullPointerException when {@code id} is null
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    @Override
    public HandlerResult apply(StepContext context) throws Exception {
        if (files.test(context.step().file())) {
            fault.strike();
        }
        return delegate.apply(context);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean supports(FileKind kind, EnhancedUpdateType type) {
        return kinds.contains(kind) && types.contains(type);
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public String service() {
        return service;
    }

    /** How often it was called. */
    public int calls() {
        return fault.calls();
    }

    /** How often it failed on purpose. */
    public int failures() {
        return fault.failures();
    }

    /** Lets a {@link Builder#hang() hanging} handler go on. */
    public void release() {
        fault.release();
    }

    /** Configures a {@link FaultyHandler}. */
    public static final class Builder {
        private final String id;
        private Set<FileKind> kinds = EnumSet.complementOf(EnumSet.of(FileKind.CONFIG, FileKind.DERIVED));
        private Set<EnhancedUpdateType> types = EnumSet.allOf(EnhancedUpdateType.class);
        private Predicate<String> files = f -> true;
        private int priority = 1000;
        private String service = "local";
        private final Fault.Spec spec = new Fault.Spec();
        private UpdateHandler delegate = c -> HandlerResult.unchanged("nothing to do");

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /** The kinds of files it handles; every kind but CONFIG and DERIVED by default. */
        public Builder kinds(FileKind first, FileKind... more) {
            this.kinds = EnumSet.of(first, more);
            return this;
        }

        /** The update types it handles; all by default. */
        public Builder types(EnhancedUpdateType first, EnhancedUpdateType... more) {
            this.types = EnumSet.of(first, more);
            return this;
        }

        /** Misbehaves only on the files this accepts (it still handles the others, through the delegate). */
        public Builder onlyOn(Predicate<String> file) {
            this.files = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Its priority among the handlers that support a step (the highest is chosen); 1000 by default, so that it is
         * chosen over the built-in handlers.
         *
         * @param priority the priority
         * @return this builder
         */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /** The service it claims to call (resilience settings are per service). */
        public Builder service(String service) {
            this.service = Objects.requireNonNull(service, "service");
            return this;
        }

        /**
         * Throws {@link InjectedFault} on the first {@code n} calls (on the files of {@link #onlyOn}, counted together),
         * then works. Not retryable unless {@link #retryable()}: each fault fails its step for good.
         */
        public Builder failTimes(int n) {
            spec.failTimes(n);
            return this;
        }

        /**
         * Makes its faults transient: the {@link InjectedFault} has a {@link dev.continuity.api.RetryableException} as
         * its cause, so the step is tried again by its service's retry policy (a remote {@link #service service} retries
         * by default, {@code local} does not) instead of failing for good at once. With {@link #failTimes} below the
         * service's attempts, the run recovers by retry.
         */
        public Builder retryable() {
            spec.retryable = true;
            return this;
        }

        /** Throws {@link InjectedFault} on every call. */
        public Builder failAlways() {
            spec.failTimes = -1;
            return this;
        }

        /** Blocks each call until {@link FaultyHandler#release()} or until its thread is interrupted (a time limit). */
        public Builder hang() {
            spec.hang = true;
            return this;
        }

        /** Takes {@code latency} per call, on the test clock: advances {@code clock} instead of sleeping. */
        public Builder slow(Duration latency, TestClock clock) {
            spec.slow(latency, clock);
            return this;
        }

        /** What it does when it does not fail; by default it changes nothing. */
        public Builder then(UpdateHandler delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            return this;
        }

        /** {@return the handler; each one built counts its own calls and failures} */
        public FaultyHandler build() {
            return new FaultyHandler(this);
        }
    }
}
