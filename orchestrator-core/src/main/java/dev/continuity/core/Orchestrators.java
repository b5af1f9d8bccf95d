package dev.continuity.core;

import dev.continuity.api.ConsistencyUpdateOrchestrator;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.FileKind;
import dev.continuity.api.spi.AlertSink;
import dev.continuity.api.spi.ExecutionListener;
import dev.continuity.api.spi.DependencyExtractor;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.HistoryStore;
import dev.continuity.api.spi.ImpactPredictor;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.api.spi.SequenceOptimizer;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.execute.ExecutionConfig;
import dev.continuity.core.execute.ExecutionTimer;
import dev.continuity.core.execute.ServiceConfig;
import dev.continuity.core.handlers.DerivedIndexHandler;
import dev.continuity.core.handlers.RenamePropagationHandler;
import dev.continuity.core.handlers.ReviewMarkingHandler;
import dev.continuity.core.heal.HealingStage;
import dev.continuity.core.project.HardenedYaml;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.random.RandomGenerator;

/**
 * Creates orchestrators.
 *
 * <pre>{@code
 * try (ConsistencyUpdateOrchestrator orchestrator = Orchestrators.builder(Path.of("my-novel"))
 *         .handler(new MyLlmRewriteHandler())
 *         .workers(4)
 *         .build()) {
 *     orchestrator.executeIntelligentUpdate(request);
 * }
 * }</pre>
 */
public final class Orchestrators {
    private static final Logger LOG = LoggerFactory.getLogger(Orchestrators.class);
    private Orchestrators() {}

    /**
     * A builder for an orchestrator bound to one project.
     *
     * @param projectRoot the project's root folder; it must exist when {@link Builder#build()} is called
     * @return the builder
     */
    public static Builder builder(Path projectRoot) {
        return new Builder(projectRoot);
    }

    /**
     * Configures an orchestrator. Each single-valued setting may be given once; a second call is an
     * {@link IllegalStateException}, so conflicting settings are never silently overwritten.
     */
    public static final class Builder {
        final Path root;
        Path configFile;
        final Map<String, UpdateHandler> handlers = new LinkedHashMap<>();
        final List<ImpactPredictor> predictors = new ArrayList<>();
        SequenceOptimizer optimizer;
        final List<DependencyExtractor> extractors = new ArrayList<>();
        final List<IssueDetector> detectors = new ArrayList<>();
        final List<FixStrategy> strategies = new ArrayList<>();
        HistoryStore history;
        InstantSource clock;
        RandomGenerator random;
        MeterRegistry meters;
        String meterTag;
        Integer workers;
        HardenedYaml.Limits yamlLimits;
        boolean discover;
        HealingStage.Factory healing;
        boolean builtInHandlers = true;
        final Map<String, ServiceConfig> services = new LinkedHashMap<>();
        ExecutionConfig execution;
        final List<ExecutionListener> listeners = new ArrayList<>();
        final List<AlertSink> alertSinks = new ArrayList<>();
        ExecutionTimer timer;
        boolean recordReports;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "projectRoot");
        }

        /**
         * The plugin's id, unless {@code id()} returned null or a blank name: then an {@link IllegalArgumentException}
         * naming the plugin's class (an id names the plugin in plans, fallbacks, logs, meters and the history).
         */
        /**
         * {@code plugin}, when its id is neither null, blank nor the id of one of {@code registered}.
         *
         * @param kind "a fix strategy", "an impact predictor": what the message calls it
         */
        private static <P> P requireUnique(String kind, P plugin, List<P> registered, java.util.function.Function<P, String> id) {
            String bare = kind.substring(kind.indexOf(' ') + 1);
            String value = id.apply(requireId(bare, plugin, id));
            for (P p : registered) {
                if (id.apply(p).equals(value)) {
                    throw new IllegalArgumentException(kind + " with id '" + value + "' is already registered (" + p.getClass().getName() + "); "
                            + bare + " ids are unique");
                }
            }
            return plugin;
        }

        static <P> P requireId(String kind, P plugin, java.util.function.Function<P, String> id) {
            String value = id.apply(plugin);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(kind + " " + plugin.getClass().getName() + " has "
                        + (value == null ? "a null id" : "a blank id '" + value + "'")
                        + ": its id() must return a name (ids name plugins in plans, fallbacks, logs, meters and the history)");
            }
            return plugin;
        }

        private static void requireUnset(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set");
            }
        }

        /**
         * Reads the project with this config file instead of {@code continuity.yaml} at the root.
         *
         * @param file the config file (anywhere; it is not part of the project)
         * @return this builder
         * @throws IllegalStateException when a config file was already set
         */
        public Builder config(Path file) {
            requireUnset(configFile, "config");
            this.configFile = Objects.requireNonNull(file, "config");
            return this;
        }

        /**
         * Registers a handler; a handler with the same id as a built-in one, or as one found by {@link #discoverPlugins()},
         * replaces it.
         *
         * @param handler the handler
         * @return this builder
         * @throws IllegalArgumentException when a handler with the same id was registered already, or when its
         *                                  {@code id()} is null or blank
         */
        public Builder handler(UpdateHandler handler) {
            String id = requireId("update handler", Objects.requireNonNull(handler, "handler"), UpdateHandler::id).id();
            if (handlers.containsKey(id)) {
                throw new IllegalArgumentException("two handlers have the id '" + id + "': " + handlers.get(id) + " and "
                        + handler + " (ids name handlers in plans, fallbacks and the history; give each its own)");
            }
            handlers.put(id, handler);
            return this;
        }

        static boolean supportsNothing(UpdateHandler handler) {
            for (FileKind kind : FileKind.values()) {
                for (EnhancedUpdateType type : EnhancedUpdateType.values()) {
                    if (handler.supports(kind, type)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * Leaves out the built-in handlers (rename propagation, review marking, derived-index regeneration).
         *
         * @return this builder
         */
        public Builder withoutBuiltInHandlers() {
            this.builtInHandlers = false;
            return this;
        }

        /**
         * Adds a learned impact predictor; the graph predictor always runs. A predictor registered here replaces one of
         * the same id found by {@link #discoverPlugins()}, so that a predictor configured here (say
         * {@code TribuoImpactPredictor} with its own options) does not run, record and train a second time beside the
         * discovered one.
         *
         * Ids are unique among the predictors registered here, as each records every run in its history and trains
         * on it: a second one with a taken id is an {@link IllegalArgumentException} naming the id.
         *
         * @param predictor the predictor
         * @return this builder
         * @throws IllegalArgumentException when its {@code id()} is taken, null or blank
         */
        public Builder impactPredictor(ImpactPredictor predictor) {
            predictors.add(requireUnique("an impact predictor", Objects.requireNonNull(predictor, "predictor"), predictors, ImpactPredictor::id));
            return this;
        }

        /**
         * The sequence optimiser; the genetic optimiser (never worse than critical-path list scheduling on the first
         * goal) by default. A plan it returns that loses, adds or changes a step is replaced by the critical-path one.
         *
         * @param optimizer the optimiser
         * @return this builder
         * @throws IllegalStateException    when an optimiser was already set
         * @throws IllegalArgumentException when its {@code id()} is null or blank
         */
        public Builder sequenceOptimizer(SequenceOptimizer optimizer) {
            requireUnset(this.optimizer, "sequenceOptimizer");
            this.optimizer = requireId("sequence optimizer", Objects.requireNonNull(optimizer, "optimizer"), SequenceOptimizer::id);
            return this;
        }

        /**
         * Adds a dependency extractor, run on every scanned file beside the built-in reference syntaxes.
         *
         * @param extractor the extractor
         * @return this builder
         * @throws IllegalArgumentException when its {@code id()} is null or blank
         */
        public Builder dependencyExtractor(DependencyExtractor extractor) {
            extractors.add(requireId("dependency extractor", Objects.requireNonNull(extractor, "extractor"), DependencyExtractor::id));
            return this;
        }

        /**
         * Adds an issue detector, run by {@code detectIssues()}, after each update and to verify every fix.
         *
         * @param detector the detector
         * @return this builder
         * @throws IllegalArgumentException when its {@code id()} is null or blank
         */
        public Builder issueDetector(IssueDetector detector) {
            detectors.add(requireId("issue detector", Objects.requireNonNull(detector, "detector"), IssueDetector::id));
            return this;
        }

        /**
         * Registers a fix strategy. Ids are unique: a second strategy with the id of one registered here is an
         * {@link IllegalArgumentException} naming the id. A strategy registered here replaces one of the same id found by
         * {@link #discoverPlugins()} (a built-in, say); two different discovered classes with the same id are an error.
         *
         * @param strategy the strategy
         * @return this builder
         * @throws IllegalArgumentException when its id is taken, null or blank
         */
        public Builder fixStrategy(FixStrategy strategy) {
            strategies.add(requireUnique("a fix strategy", Objects.requireNonNull(strategy, "strategy"), strategies, FixStrategy::id));
            return this;
        }

        /**
         * The heal stage's engine. By default the one found with {@link ServiceLoader} ({@code orchestrator-healing}'s
         * {@code SelfHealingEngine}, which only runs the detectors and strategies registered here), else a stage that
         * detects but fixes nothing.
         *
         * @param factory creates the stage when the orchestrator is built
         * @return this builder
         * @throws IllegalStateException when a heal stage was already set
         */
        public Builder healing(HealingStage.Factory factory) {
            requireUnset(this.healing, "healing");
            this.healing = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Where the outcome of every run (not a dry run) is also appended, beside the learned predictors' own history.
         *
         * @param store the store
         * @return this builder
         * @throws IllegalStateException when a store was already set
         */
        public Builder historyStore(HistoryStore store) {
            requireUnset(history, "historyStore");
            this.history = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * The clock of run timestamps, events, alerts, history and reports; the system clock by default.
         *
         * @param clock the clock (a {@code TestClock} in tests)
         * @return this builder
         * @throws IllegalStateException when a clock was already set
         */
        public Builder clock(InstantSource clock) {
            requireUnset(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The random source of optimisers and models; seed it to replay a run.
         *
         * @param random the random source
         * @return this builder
         * @throws IllegalStateException when a random source was already set
         */
        public Builder random(RandomGenerator random) {
            requireUnset(this.random, "random");
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Where meters are registered, each tagged with the project ({@link #meterTag}); a private
         * {@code SimpleMeterRegistry} by default.
         *
         * @param registry the registry
         * @return this builder
         * @throws IllegalStateException when a registry was already set
         */
        public Builder meterRegistry(MeterRegistry registry) {
            requireUnset(this.meters, "meterRegistry");
            this.meters = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The value of the {@code project} tag on every meter this orchestrator registers. By default the project
         * folder's name, or, when an open orchestrator on the same {@link #meterRegistry registry} already uses it, the
         * name and a short hash of the folder's absolute path ({@code saga-1a2b3c4d}). A name given here must be free:
         * building a second open orchestrator with a name already in use on the registry is an
         * {@link IllegalStateException}. A name, not a path: at most 64 characters, not blank.
         *
         * @param project the tag's value
         * @return this builder
         * @throws IllegalStateException    when a tag was already set
         * @throws IllegalArgumentException when the name is blank or too long
         */
        public Builder meterTag(String project) {
            requireUnset(this.meterTag, "meterTag");
            this.meterTag = ProjectMeters.checkedName(project);
            return this;
        }

        /**
         * How many steps may run at once (the maximum of the adaptive concurrency limit); 4 by default.
         *
         * @param workers at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code workers} is below 1
         * @throws IllegalStateException    when the workers were already set
         */
        public Builder workers(int workers) {
            requireUnset(this.workers, "workers");
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, was " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * Resilience settings of one service (retry, circuit breaker, bulkhead, rate limiter, time limit, fallbacks);
         * they replace the {@code services:} entry of {@code continuity.yaml} for that service. Unnamed services get
         * {@link ServiceConfig#defaultsFor(String)}. Each service may be set once.
         *
         * @param name   the service, as {@link UpdateHandler#service()} names it
         * @param config its settings
         * @return this builder
         * @throws IllegalArgumentException when the name is blank
         * @throws IllegalStateException    when that service was already set
         */
        public Builder service(String name, ServiceConfig config) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("service name must not be blank");
            }
            requireUnset(services.get(name), "service '" + name + "'");
            services.put(name, Objects.requireNonNull(config, "config"));
            return this;
        }

        /**
         * How steps run beyond the per-service settings: the adaptive limit, isolation, the request queue;
         * {@link ExecutionConfig#defaults()} by default.
         *
         * @param config the settings
         * @return this builder
         * @throws IllegalStateException when they were already set
         */
        public Builder execution(ExecutionConfig config) {
            requireUnset(this.execution, "execution");
            this.execution = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Adds a listener of every run's {@link dev.continuity.api.ExecutionEvent}s, called after those added before.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(ExecutionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Stores a report of every run in {@code .continuity/reports/<execution-id>.json} (checksummed, written
         * atomically, the newest {@value dev.continuity.core.report.ReportStore#KEPT} kept): the change and its impact, the planned and the
         * measured schedule, step outcomes, retries, circuit events and alerts, issues and healing actions, the diffs of the
         * changed files and the learning insights. Read them with {@link dev.continuity.core.report.ReportStore} and render them
         * with {@link dev.continuity.core.report.ReportFormat}. Off by default.
         *
         * @return this builder
         */
        public Builder recordReports() {
            this.recordReports = true;
            return this;
        }

        /**
         * Adds an alert sink, fed from its own bounded queue on its own thread; with none, alerts go to the log
         * ({@code dev.continuity.core.alerts.LoggingAlertSink}).
         *
         * @param sink the sink
         * @return this builder
         */
        public Builder alertSink(AlertSink sink) {
            alertSinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        /** The timer of backoffs, time limits and queue time-outs (tests drive their own); real time by default. */
        Builder timer(ExecutionTimer timer) {
            requireUnset(this.timer, "timer");
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /**
         * Limits of YAML parsing, for {@code continuity.yaml} and the project's files; {@link HardenedYaml.Limits#defaults()}
         * by default.
         *
         * @param limits the limits
         * @return this builder
         * @throws IllegalStateException when they were already set
         */
        public Builder yamlLimits(HardenedYaml.Limits limits) {
            requireUnset(this.yamlLimits, "yamlLimits");
            this.yamlLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Also finds plugins with {@link ServiceLoader}: {@link ImpactPredictor}s, {@link IssueDetector}s,
         * {@link FixStrategy}s and {@link UpdateHandler}s on the class path (opt-in). Ids of handlers and of fix
         * strategies are unique: two discovered classes with one id make {@link #build()} fail with an
         * {@link IllegalArgumentException} naming both; a discovered handler with a built-in handler's id replaces the
         * built-in; one registered on this builder replaces a discovered one of its id. So does an impact predictor
         * registered on this builder (a discovered predictor with its id is left out, as is a second discovered
         * predictor of one class).
         *
         * @return this builder
         */
        public Builder discoverPlugins() {
            this.discover = true;
            return this;
        }

        /**
         * Adds the discovered strategies whose id is not registered explicitly (the explicit one wins); the same class
         * found twice is added once, two classes with one id are an error.
         */
        private void addDiscovered(List<FixStrategy> all, Iterable<FixStrategy> discovered) {
            Map<String, FixStrategy> found = new LinkedHashMap<>();
            for (FixStrategy d : discovered) {
                requireId("discovered fix strategy", d, FixStrategy::id);
                if (strategies.stream().anyMatch(s -> s.id().equals(d.id()))) {
                    continue;
                }
                FixStrategy before = found.putIfAbsent(d.id(), d);
                if (before != null && before.getClass() != d.getClass()) {
                    throw new IllegalArgumentException("two discovered fix strategies have the id '" + d.id() + "' (" + before.getClass().getName()
                            + " and " + d.getClass().getName() + "); fix strategy ids are unique: register the one to use with fixStrategy(..)");
                }
            }
            all.addAll(found.values());
        }

        /**
         * The handlers to run, by id: the built-ins, then the discovered ones (one with a built-in's id replaces the
         * built-in), then the ones registered with {@link #handler(UpdateHandler)} (which replace both). The same class
         * found twice is added once; two discovered classes with one id are an error. The map's order breaks ties of
         * priority: the registered handlers in the order registered, then the discovered, then the built-ins.
         */
        Map<String, UpdateHandler> handlers(Iterable<UpdateHandler> discovered) {
            Map<String, UpdateHandler> all = new LinkedHashMap<>();
            if (builtInHandlers) {
                for (UpdateHandler h : List.of(new RenamePropagationHandler(), new ReviewMarkingHandler(), new DerivedIndexHandler())) {
                    all.put(h.id(), h);
                }
            }
            Map<String, UpdateHandler> found = new LinkedHashMap<>();
            for (UpdateHandler d : discovered) {
                requireId("discovered update handler", d, UpdateHandler::id);
                if (handlers.containsKey(d.id())) {
                    continue;
                }
                UpdateHandler before = found.putIfAbsent(d.id(), d);
                if (before != null && before.getClass() != d.getClass()) {
                    throw new IllegalArgumentException("two discovered update handlers have the id '" + d.id() + "' (" + before.getClass().getName()
                            + " and " + d.getClass().getName() + "); handler ids are unique: register the one to use with handler(..)");
                }
            }
            found.forEach((id, h) -> {
                if (all.containsKey(id)) {
                    LOG.info("discovered handler {} replaces the built-in handler '{}'", h.getClass().getName(), id);
                }
            });
            // in the order that breaks ties of priority: yours, then the discovered, then the built-ins
            Map<String, UpdateHandler> ordered = new LinkedHashMap<>(handlers);
            found.forEach(ordered::putIfAbsent);
            all.forEach(ordered::putIfAbsent);
            return ordered;
        }

        /**
         * The impact predictors to run: the registered ones, then the discovered ones whose id no registered predictor
         * has (the registered one wins: one predictor of an id records each run once and trains once); the same class
         * discovered twice is added once.
         */
        List<ImpactPredictor> predictors(Iterable<ImpactPredictor> discovered) {
            List<ImpactPredictor> found = new ArrayList<>();
            for (ImpactPredictor d : discovered) {
                requireId("discovered impact predictor", d, ImpactPredictor::id);
                if (predictors.stream().anyMatch(p -> p.id().equals(d.id()))) {
                    LOG.debug("discovered impact predictor {} is left out: one with its id '{}' is registered", d.getClass().getName(), d.id());
                } else if (found.stream().noneMatch(f -> f.getClass() == d.getClass())) {
                    found.add(d);
                }
            }
            List<ImpactPredictor> all = new ArrayList<>(predictors);
            all.addAll(found);
            return all;
        }

        /**
         * The orchestrator; with {@link #discoverPlugins()}, the plugins found now are added. It reads the project's
         * configuration and recovers what a crashed run left; close it to release its executors.
         *
         * @return the orchestrator
         * @throws IllegalArgumentException when the project root is not a folder, or discovered plugins break the id rules
         * @throws dev.continuity.api.ConfigurationException when the project's configuration is invalid
         * @throws dev.continuity.api.ProjectFileException   when the configuration cannot be read or is not valid YAML
         * @throws IllegalStateException    when the meter tag is already used by an open orchestrator on the registry
         */
        public Orchestrator build() {
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("project root " + root + " is not a directory");
            }
            Map<String, UpdateHandler> all = handlers(discover ? ServiceLoader.load(UpdateHandler.class) : List.of());
            List<ImpactPredictor> allPredictors = predictors(discover ? ServiceLoader.load(ImpactPredictor.class) : List.of());
            List<IssueDetector> allDetectors = new ArrayList<>(detectors);
            List<FixStrategy> allStrategies = new ArrayList<>(strategies);
            if (discover) {
                ServiceLoader.load(IssueDetector.class).forEach(d -> allDetectors.add(requireId("discovered issue detector", d, IssueDetector::id)));
                addDiscovered(allStrategies, ServiceLoader.load(FixStrategy.class));
            }
            Optional<HealingStage.Factory> engine = healing != null ? Optional.of(healing) : ServiceLoader.load(HealingStage.Factory.class).findFirst();
            if (allDetectors.isEmpty() && healing == null && engine.isPresent()) {
                LOG.warn("a healing engine is on the class path ({}) but no issue detector is registered: runs will detect no issue. "
                        + "Call discoverPlugins() on the builder, or register detectors with issueDetector(..)", engine.get().getClass().getName());
            }
            MeterRegistry target = meters == null ? new SimpleMeterRegistry() : meters;
            ProjectMeters projectMeters = meterTag != null ? ProjectMeters.of(target, meterTag) : ProjectMeters.forRoot(target, root);
            MeterRegistry registry = projectMeters.registry();
            InstantSource instants = clock == null ? InstantSource.system() : clock;
            Optional<ReportRecording> reports = ReportRecording.of(recordReports, root, instants, registry);
            List<ExecutionListener> allListeners = new ArrayList<>(listeners);
            reports.ifPresent(rr -> allListeners.add(rr.listener()));
            return new DefaultOrchestrator(root, Optional.ofNullable(configFile), all, allPredictors,
                    Optional.ofNullable(optimizer), extractors, allDetectors, allStrategies, Optional.ofNullable(history),
                    instants, random == null ? RandomGenerator.getDefault() : random,
                    projectMeters, workers == null ? 4 : workers,
                    yamlLimits == null ? HardenedYaml.Limits.defaults() : yamlLimits,
                    engine,
                    new ExecutionSetup(services, execution == null ? ExecutionConfig.defaults() : execution, allListeners, alertSinks,
                            Optional.ofNullable(timer), reports));
        }
    }
}
