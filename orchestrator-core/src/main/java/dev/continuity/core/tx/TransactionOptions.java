package dev.continuity.core.tx;

import dev.continuity.api.CommitPolicy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How a {@link ProjectTransaction} runs. Immutable; build with {@link #builder()}, start from {@link #defaults()},
 * change with {@link #toBuilder()}.
 *
 * <pre>{@code
 * TransactionOptions options = TransactionOptions.builder()
 *         .policy(CommitPolicy.CHECKPOINTED)
 *         .adaptiveMerge(true)
 *         .planJson(planAsJson)
 *         .build();
 * }</pre>
 *
 * @param policy              {@link CommitPolicy#ALL_OR_NOTHING} (default) or {@link CommitPolicy#CHECKPOINTED}
 * @param adaptiveMerge       merge a file three-way when the author changed it after the scan, instead of failing
 * @param planJson            the run's plan, opaque; stored in every journal and checkpoint (default {@code {}})
 * @param tornLockStaleAfter  how old an <em>unreadable</em> lock file must be to count as stale (a lock whose holder
 *                            can be identified is judged by whether that process is alive, never by age); default 30 s
 * @param fileOps             the I/O layer (default {@link FileOps#nio()})
 * @param clock               for journal, checkpoint, lock and audit times (default the system clock)
 * @param random              for lock tokens and journal ids (default a {@link SecureRandom})
 * @param pluginFailurePolicy what a failing step does to the transaction (default {@link PluginFailurePolicy#ROLL_BACK_RUN})
 * @param forceParallelism    how many temp files of a commit are forced concurrently (1 to 64, default 8): concurrent
 *                            {@code fsync}s let the file system commit them as a group; every temp is still forced
 *                            before the first move. 1 forces one after the other
 */
public record TransactionOptions(CommitPolicy policy, boolean adaptiveMerge, String planJson, Duration tornLockStaleAfter,
                                 FileOps fileOps, InstantSource clock, RandomGenerator random,
                                 PluginFailurePolicy pluginFailurePolicy, int forceParallelism) {

    /** What {@link ProjectTransaction#runStep} does when the plugin of a step throws. */
    public enum PluginFailurePolicy {
        /** Roll the whole transaction back (to its start, or to the last checkpoint) and report the plugin. */
        ROLL_BACK_RUN,
        /** Discard only that step's writes and compensate its side effects; the transaction stays open. */
        FAIL_STEP
    }

    private static final TransactionOptions DEFAULTS = new TransactionOptions(CommitPolicy.ALL_OR_NOTHING, false, "{}",
            Duration.ofSeconds(30), FileOps.nio(), InstantSource.system(), new SecureRandom(), PluginFailurePolicy.ROLL_BACK_RUN, 8);

    public TransactionOptions {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(planJson, "planJson");
        Objects.requireNonNull(tornLockStaleAfter, "tornLockStaleAfter");
        if (tornLockStaleAfter.isNegative()) {
            throw new IllegalArgumentException("tornLockStaleAfter must not be negative, was " + tornLockStaleAfter);
        }
        Objects.requireNonNull(fileOps, "fileOps");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(pluginFailurePolicy, "pluginFailurePolicy");
        if (forceParallelism < 1 || forceParallelism > 64) {
            throw new IllegalArgumentException("forceParallelism must be 1 to 64, was " + forceParallelism);
        }
    }

    /** All-or-nothing, no adaptive merge, real file system, system clock. */
    public static TransactionOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link TransactionOptions}; every setter overrides the value it starts from. */
    public static final class Builder {
        private CommitPolicy policy;
        private boolean adaptiveMerge;
        private String planJson;
        private Duration tornLockStaleAfter;
        private FileOps fileOps;
        private InstantSource clock;
        private RandomGenerator random;
        private PluginFailurePolicy pluginFailurePolicy;
        private int forceParallelism;

        private Builder(TransactionOptions from) {
            policy = from.policy;
            adaptiveMerge = from.adaptiveMerge;
            planJson = from.planJson;
            tornLockStaleAfter = from.tornLockStaleAfter;
            fileOps = from.fileOps;
            clock = from.clock;
            random = from.random;
            pluginFailurePolicy = from.pluginFailurePolicy;
            forceParallelism = from.forceParallelism;
        }

        public Builder policy(CommitPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder adaptiveMerge(boolean adaptiveMerge) {
            this.adaptiveMerge = adaptiveMerge;
            return this;
        }

        public Builder planJson(String planJson) {
            this.planJson = planJson;
            return this;
        }

        public Builder tornLockStaleAfter(Duration tornLockStaleAfter) {
            this.tornLockStaleAfter = tornLockStaleAfter;
            return this;
        }

        public Builder fileOps(FileOps fileOps) {
            this.fileOps = fileOps;
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        public Builder pluginFailurePolicy(PluginFailurePolicy pluginFailurePolicy) {
            this.pluginFailurePolicy = pluginFailurePolicy;
            return this;
        }

        public Builder forceParallelism(int forceParallelism) {
            this.forceParallelism = forceParallelism;
            return this;
        }

        public TransactionOptions build() {
            return new TransactionOptions(policy, adaptiveMerge, planJson, tornLockStaleAfter, fileOps, clock, random,
                    pluginFailurePolicy, forceParallelism);
        }
    }
}
