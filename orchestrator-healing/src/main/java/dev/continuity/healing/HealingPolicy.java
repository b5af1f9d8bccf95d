package dev.continuity.healing;

import dev.continuity.api.FileKind;
import dev.continuity.core.project.Glob;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which files automatic fixes may change, and how long a strategy may take. Review sidecars
 * ({@code <file>.review.yaml}) are notes for a human, not project content: marking a file for review is always allowed.
 *
 * <pre>{@code
 * HealingPolicy policy = HealingPolicy.defaults().toBuilder().allowManuscripts(true).build();
 * }</pre>
 *
 * @param writableKinds   kinds of files a fix may write; by default every kind but manuscripts and the config
 * @param protectedGlobs  files no fix may write, whatever their kind
 * @param strategyTimeout how long one strategy call may take before it is abandoned (its writes dropped)
 * @param maxFollowUps    how many follow-up fixes a fix may need (e.g. regenerating an index it made stale) before it
 *                        is reverted instead
 */
public record HealingPolicy(Set<FileKind> writableKinds, List<String> protectedGlobs, Duration strategyTimeout, int maxFollowUps) {
    private static final Set<FileKind> NEVER = EnumSet.of(FileKind.CONFIG);

    /**
     * Rejects, with an {@link IllegalArgumentException}, {@code CONFIG} among the writable kinds, a protected glob with
     * an unclosed brace, a time limit that is not positive and {@code maxFollowUps} outside [0, 10]; copies the
     * collections.
     */
    public HealingPolicy {
        writableKinds = writableKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(writableKinds));
        if (writableKinds.stream().anyMatch(NEVER::contains)) {
            throw new IllegalArgumentException("writableKinds must not contain CONFIG: fixes never rewrite continuity.yaml, was " + writableKinds);
        }
        protectedGlobs = List.copyOf(protectedGlobs);
        protectedGlobs.forEach(Glob::of);
        Objects.requireNonNull(strategyTimeout, "strategyTimeout");
        if (strategyTimeout.isNegative() || strategyTimeout.isZero()) {
            throw new IllegalArgumentException("strategyTimeout must be positive, was " + strategyTimeout);
        }
        if (maxFollowUps < 0 || maxFollowUps > 10) {
            throw new IllegalArgumentException("maxFollowUps must be in [0, 10], was " + maxFollowUps);
        }
    }

    /** {@return the defaults: every kind but MANUSCRIPT and CONFIG writable, nothing protected, 10 s per strategy call, 3 follow-ups} */
    public static HealingPolicy defaults() {
        return new HealingPolicy(EnumSet.complementOf(EnumSet.of(FileKind.MANUSCRIPT, FileKind.CONFIG)), List.of(), Duration.ofSeconds(10), 3);
    }

    /** {@return a builder that starts from {@link #defaults()}} */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** {@return a builder that starts from this policy's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.writableKinds = writableKinds.isEmpty() ? EnumSet.noneOf(FileKind.class) : EnumSet.copyOf(writableKinds);
        b.protectedGlobs = List.copyOf(protectedGlobs);
        b.strategyTimeout = strategyTimeout;
        b.maxFollowUps = maxFollowUps;
        return b;
    }

    /**
     * Whether a fix may write a file: a review sidecar always, any other file when its kind is writable and no
     * protected glob matches it.
     *
     * @param path relative to the project root, with {@code /}
     * @param kind the file's kind
     * @return whether a fix may write it
     */
    public boolean mayWrite(String path, FileKind kind) {
        if (isReviewSidecar(path)) {
            return true;
        }
        return writableKinds.contains(kind) && protectedGlobs.stream().noneMatch(g -> Glob.of(g).matches(path));
    }

    /**
     * Whether a path is a review sidecar, a note for a human rather than project content.
     *
     * @param path relative to the project root
     * @return whether it ends with {@code .review.yaml}
     */
    public static boolean isReviewSidecar(String path) {
        return path.endsWith(dev.continuity.core.handlers.ReviewMarkingHandler.SIDECAR_SUFFIX);
    }

    /** Builds a {@link HealingPolicy}; starts from {@link #defaults()}. */
    public static final class Builder {
        private EnumSet<FileKind> writableKinds;
        private List<String> protectedGlobs;
        private Duration strategyTimeout;
        private int maxFollowUps;

        private Builder() {}

        /**
         * The kinds of files fixes may write, replacing those set before (and what {@link #allowManuscripts} did).
         *
         * @param kinds the writable kinds; not {@code CONFIG} (checked by {@link #build()})
         * @return this builder
         */
        public Builder writableKinds(Set<FileKind> kinds) {
            this.writableKinds = kinds.isEmpty() ? EnumSet.noneOf(FileKind.class) : EnumSet.copyOf(kinds);
            return this;
        }

        /** Opts in to (or out of) automatic fixes in manuscripts; off by default. */
        public Builder allowManuscripts(boolean allow) {
            if (allow) {
                writableKinds.add(FileKind.MANUSCRIPT);
            } else {
                writableKinds.remove(FileKind.MANUSCRIPT);
            }
            return this;
        }

        /**
         * Files no fix may write, whatever their kind (review sidecars excepted); replaces those set before. None by
         * default.
         *
         * @param globs globs over paths relative to the project root (see {@link Glob}); copied
         * @return this builder
         */
        public Builder protectedGlobs(List<String> globs) {
            this.protectedGlobs = List.copyOf(globs);
            return this;
        }

        /**
         * How long one strategy call may take: a call that runs longer is interrupted, counts as {@code FAILED} and
         * its writes are dropped. 10 s by default.
         *
         * @param timeout positive (checked by {@link #build()})
         * @return this builder
         */
        public Builder strategyTimeout(Duration timeout) {
            this.strategyTimeout = timeout;
            return this;
        }

        /**
         * How many follow-up fixes a fix may need (e.g. regenerating an index it made stale) before it is reverted
         * instead; 3 by default.
         *
         * @param n in [0, 10] (checked by {@link #build()})
         * @return this builder
         */
        public Builder maxFollowUps(int n) {
            this.maxFollowUps = n;
            return this;
        }

        /**
         * The policy.
         *
         * @return the policy
         * @throws IllegalArgumentException when a value is out of range (see {@link HealingPolicy#HealingPolicy})
         */
        public HealingPolicy build() {
            return new HealingPolicy(writableKinds, protectedGlobs, strategyTimeout, maxFollowUps);
        }
    }
}
