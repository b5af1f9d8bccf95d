package dev.continuity.healing;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.spi.FixStrategy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The fix strategies healing may use, in the order it tries them, and the policy of what they may change.
 *
 * <pre>{@code
 * FixStrategyRegistry registry = FixStrategyRegistry.builder()
 *         .register(new MyNamingStrategy(), "place-naming")   // only for this issue type
 *         .registerAll(BuiltIns.strategies())
 *         .discover()                                        // opt-in: ServiceLoader
 *         .policy(HealingPolicy.defaults().toBuilder().allowManuscripts(true).build())
 *         .build();
 * }</pre>
 *
 * For an issue, the candidates are the strategies registered for its type (or for every type) whose
 * {@link FixStrategy#canFix} accepts it, ordered by {@link FixStrategy#priority()} (highest first), then those
 * registered for the issue's type before those registered for every type, then by registration order. Ids are unique:
 * registering a second strategy with the same id is an {@link IllegalArgumentException} naming the id. A strategy
 * registered explicitly replaces a discovered one of the same id (a built-in, say); the same class discovered twice
 * counts once, and two discovered classes with one id are an error. {@code canFix} is guarded: a strategy that throws
 * there is skipped, logged and counted.
 */
public final class FixStrategyRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(FixStrategyRegistry.class);

    private record Entry(FixStrategy strategy, Set<String> types, int order) {}

    private final List<Entry> entries;
    private final Optional<HealingPolicy> policy;
    private final MeterRegistry meters;

    private FixStrategyRegistry(List<Entry> entries, Optional<HealingPolicy> policy, MeterRegistry meters) {
        this.entries = List.copyOf(entries);
        this.policy = policy;
        this.meters = meters;
    }

    /** {@return a builder of an empty registry: no strategy, no discovery, each project's own policy} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A registry of these strategies, for every issue type, without discovery, with each project's own policy.
     *
     * @param strategies the strategies, in registration order
     * @return the registry
     * @throws IllegalArgumentException when two of them have the same id
     */
    public static FixStrategyRegistry of(Collection<? extends FixStrategy> strategies) {
        return builder().registerAll(strategies).build();
    }

    /** {@return every strategy, in registration order (registered ones, then discovered ones)} */
    public List<FixStrategy> strategies() {
        return entries.stream().map(Entry::strategy).toList();
    }

    /** {@return the policy set on the builder; when empty, each project's {@code healing.policy} (or the defaults) applies} */
    public Optional<HealingPolicy> policy() {
        return policy;
    }

    /**
     * The strategies to try for an issue, best first (see the class comment for the order).
     *
     * @param issue the detected issue
     * @return the strategies registered for its type (or every type) whose {@code canFix} accepts it; empty when none
     */
    public List<FixStrategy> strategiesFor(ConsistencyIssue issue) {
        List<Entry> candidates = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.types().isEmpty() && !e.types().contains(issue.type())) {
                continue;
            }
            try {
                if (e.strategy().canFix(issue)) {
                    candidates.add(e);
                }
            } catch (RuntimeException ex) {
                LOG.warn("fix strategy {} failed in canFix for {}", e.strategy().id(), issue.id(), ex);
                meters.counter("continuity.plugin.failures", "plugin", e.strategy().id()).increment();
            }
        }
        candidates.sort(Comparator.comparingInt((Entry e) -> -priority(e.strategy()))
                .thenComparing(e -> e.types().isEmpty() ? 1 : 0)
                .thenComparingInt(Entry::order));
        return candidates.stream().map(Entry::strategy).toList();
    }

    private int priority(FixStrategy s) {
        try {
            return s.priority();
        } catch (RuntimeException e) {
            LOG.warn("fix strategy {} failed in priority()", s.id(), e);
            meters.counter("continuity.plugin.failures", "plugin", s.id()).increment();
            return Integer.MIN_VALUE / 2;
        }
    }

    /** Builds a {@link FixStrategyRegistry}. */
    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final List<ClassLoader> discover = new ArrayList<>();
        private boolean discoverDefault;
        private HealingPolicy policy;
        private MeterRegistry meters;

        private Builder() {}

        /**
         * Registers a strategy for every issue type it {@link FixStrategy#canFix can fix}.
         *
         * @param strategy the strategy
         * @return this builder
         * @throws IllegalArgumentException when a strategy with its id is already registered
         */
        public Builder register(FixStrategy strategy) {
            return register(strategy, new String[0]);
        }

        /**
         * Registers a strategy for these issue types only.
         *
         * @param strategy   the strategy
         * @param issueTypes the issue types it is tried on (e.g. {@code broken-reference}); none means every type
         * @return this builder
         * @throws IllegalArgumentException when a strategy with its id is already registered
         */
        public Builder register(FixStrategy strategy, String... issueTypes) {
            Objects.requireNonNull(strategy, "strategy");
            String id = strategy.id();
            if (entries.containsKey(id)) {
                throw new IllegalArgumentException("a fix strategy with id '" + id + "' is already registered (" + entries.get(id).strategy().getClass().getName() + ")");
            }
            entries.put(id, new Entry(strategy, Set.of(issueTypes), entries.size()));
            return this;
        }

        /**
         * Registers each strategy for every issue type it {@link FixStrategy#canFix can fix}, in the given order.
         *
         * @param strategies the strategies
         * @return this builder
         * @throws IllegalArgumentException when a strategy's id is already registered
         */
        public Builder registerAll(Collection<? extends FixStrategy> strategies) {
            strategies.forEach(this::register);
            return this;
        }

        /**
         * Registers the built-in strategies ({@link BuiltIns#strategies()}).
         *
         * @return this builder
         * @throws IllegalArgumentException when a strategy with a built-in's id is already registered
         */
        public Builder builtIns() {
            return registerAll(BuiltIns.strategies());
        }

        /**
         * Also registers the strategies found with {@link ServiceLoader} on the thread's context class loader (opt-in),
         * when the registry is built.
         *
         * @return this builder
         */
        public Builder discover() {
            this.discoverDefault = true;
            return this;
        }

        /**
         * Also registers the strategies found with {@link ServiceLoader} in a class loader, when the registry is built.
         *
         * @param loader the class loader to search
         * @return this builder
         */
        public Builder discover(ClassLoader loader) {
            discover.add(Objects.requireNonNull(loader, "loader"));
            return this;
        }

        /**
         * What fixes may change; by default each project's {@code healing.policy} section (or the defaults).
         *
         * @param policy the policy, for every project
         * @return this builder
         * @throws IllegalStateException when a policy was already set
         */
        public Builder policy(HealingPolicy policy) {
            if (this.policy != null) {
                throw new IllegalStateException("policy was already set");
            }
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Where failures of strategies are counted ({@code continuity.plugin.failures}); a private
         * {@code SimpleMeterRegistry} by default.
         *
         * @param meters the registry
         * @return this builder
         * @throws IllegalStateException when a registry was already set
         */
        public Builder meterRegistry(MeterRegistry meters) {
            if (this.meters != null) {
                throw new IllegalStateException("meterRegistry was already set");
            }
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /**
         * The registry: the registered strategies, then the discovered ones (if discovery was asked for) whose ids are
         * not registered explicitly. Discovery runs here, once.
         *
         * @return the registry
         * @throws IllegalArgumentException when two discovered strategies of different classes share an id
         * @throws java.util.ServiceConfigurationError when a discovered strategy cannot be loaded or instantiated
         */
        public FixStrategyRegistry build() {
            Map<String, Entry> all = new LinkedHashMap<>(entries);
            Map<String, FixStrategy> discovered = new LinkedHashMap<>();
            List<ServiceLoader<FixStrategy>> loaders = new ArrayList<>();
            if (discoverDefault) {
                loaders.add(ServiceLoader.load(FixStrategy.class));
            }
            discover.forEach(l -> loaders.add(ServiceLoader.load(FixStrategy.class, l)));
            for (ServiceLoader<FixStrategy> loader : loaders) {
                for (FixStrategy s : loader) {
                    if (entries.containsKey(s.id())) {
                        LOG.debug("discovered fix strategy {} ({}) skipped: a strategy with its id is registered explicitly", s.id(), s.getClass().getName());
                        continue;
                    }
                    FixStrategy before = discovered.putIfAbsent(s.id(), s);
                    if (before == null) {
                        all.put(s.id(), new Entry(s, Set.of(), all.size()));
                    } else if (before.getClass() != s.getClass()) {
                        throw new IllegalArgumentException("two discovered fix strategies have the id '" + s.id() + "' (" + before.getClass().getName()
                                + " and " + s.getClass().getName() + "); fix strategy ids are unique: register the one to use explicitly");
                    }
                }
            }
            return new FixStrategyRegistry(new ArrayList<>(all.values()), Optional.ofNullable(policy), meters == null ? new SimpleMeterRegistry() : meters);
        }
    }
}
