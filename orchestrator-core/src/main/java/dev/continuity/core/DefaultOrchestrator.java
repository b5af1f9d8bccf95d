package dev.continuity.core;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileChange;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.ProjectFileException;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.RequestPriority;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.api.UnknownExecutionException;
import dev.continuity.api.UpdateHistoryEntry;
import dev.continuity.api.UpdatePlan;
import dev.continuity.api.spi.DependencyExtractor;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.HistoryStore;
import dev.continuity.api.spi.ImpactPredictor;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.api.spi.SequenceOptimizer;
import dev.continuity.core.optimize.GeneticUpdateOptimizer;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.execute.DagExecutor;
import dev.continuity.core.execute.DeadLetter;
import dev.continuity.core.execute.DeadLetterStore;
import dev.continuity.core.execute.ExecutionTracker;
import dev.continuity.core.execute.ServiceConfig;
import dev.continuity.core.execute.StagingProjectWriter;
import dev.continuity.core.tx.ProjectTransaction;
import dev.continuity.core.tx.RecoveryReport;
import dev.continuity.api.CommitPolicy;
import dev.continuity.core.graph.DependencyGraph;
import dev.continuity.core.handlers.RenamePropagationHandler;
import dev.continuity.core.heal.HealingEnvironment;
import dev.continuity.core.heal.HealingStage;
import dev.continuity.core.impact.ImpactAnalyzer;
import dev.continuity.core.plan.HandlerEstimates;
import dev.continuity.core.plan.Planner;
import dev.continuity.core.project.HardenedYaml;
import dev.continuity.core.project.PathGuard;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectConfig;
import dev.continuity.core.project.ProjectConfigLoader;
import dev.continuity.core.project.ProjectScanner;
import dev.continuity.core.project.RenameDetector;
import dev.continuity.core.project.ScanState;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/** The default {@link Orchestrator}: every pipeline stage of DESIGN.md, wired together. */
final class DefaultOrchestrator implements Orchestrator {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultOrchestrator.class);
    /** The time budget of the default (genetic) optimiser per plan. */
    private static final Duration DEFAULT_OPTIMIZER_BUDGET = Duration.ofMillis(300);
    /**
     * The warning that {@code impact} and {@code plan} left unreadable files out, on a logger of its own
     * ({@value #UNREADABLE_LOGGER}), so that an application that reports the scan's diagnostics itself can silence it.
     */
    static final String UNREADABLE_LOGGER = "dev.continuity.unreadable";
    private static final Logger UNREADABLE_LOG = LoggerFactory.getLogger(UNREADABLE_LOGGER);

    private final Path root;
    private final PathGuard guard;
    private final ProjectScanner scanner;
    private final Map<String, UpdateHandler> handlers;
    private final Object estimatesLock = new Object();
    /** What the project's runs measured of each handler: the planner's step estimates. */
    private volatile HandlerEstimates estimates;
    private final List<ImpactPredictor> predictors;
    private final SequenceOptimizer optimizer;
    private final List<IssueDetector> detectors;
    private final List<FixStrategy> strategies;
    private final Optional<HistoryStore> history;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final MeterRegistry meters;
    /** This orchestrator's meters, tagged with its project name. */
    private final ProjectMeters projectMeters;
    private final int workers;
    private final ImpactAnalyzer analyzer;
    private final HealingStage healing;
    private final Map<String, ExecutionTracker> trackers = new ConcurrentHashMap<>();
    private final List<String> recoveries = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, java.util.function.Consumer<dev.continuity.api.ExecutionEvent.CheckpointReached>> checkpointHooks = new ConcurrentHashMap<>();
    private final DagExecutor executor;
    private final RequestQueue queue;
    private final Map<String, EnhancedUpdateResponse> responses = new ConcurrentHashMap<>();
    /** The commit policy of each run of {@link #responses}, for what {@code resume} and {@code rollback} say of it. */
    private final Map<String, CommitPolicy> policies = new ConcurrentHashMap<>();
    /** The checkpointed runs undone by {@link #rollback} (and not run again since). */
    private final Set<String> rolledBack = ConcurrentHashMap.newKeySet();
    private final Optional<ReportRecording> reports;
    private volatile boolean closed;

    DefaultOrchestrator(Path root, Optional<Path> configFile, Map<String, UpdateHandler> handlers, List<ImpactPredictor> predictors,
                        Optional<SequenceOptimizer> optimizer, List<DependencyExtractor> extractors, List<IssueDetector> detectors, List<FixStrategy> strategies,
                        Optional<HistoryStore> history, InstantSource clock, RandomGenerator random, ProjectMeters projectMeters, int workers,
                        HardenedYaml.Limits limits, Optional<HealingStage.Factory> healingFactory, ExecutionSetup execution) {
        this.projectMeters = projectMeters;
        MeterRegistry meters = projectMeters.registry();
        try {
            this.root = root.toAbsolutePath().normalize();
            this.guard = new PathGuard(this.root);
            HardenedYaml yaml = new HardenedYaml(limits);
            ProjectConfigLoader loader = new ProjectConfigLoader(yaml);
            ProjectConfig config = configFile.map(f -> loader.load(f, f.toString())).orElseGet(() -> loader.load(this.root));
            this.scanner = new ProjectScanner(this.root, config, yaml,
                    extractors.stream().map(e -> counted(e, meters)).toList());
            this.handlers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(handlers));   // its order breaks ties of priority
            this.estimates = HandlerEstimates.load(this.root);
            this.predictors = predictors.stream().map(p -> counted(p, meters)).toList();
            this.detectors = List.copyOf(detectors);
            this.strategies = List.copyOf(strategies);
            this.history = history;
            this.clock = clock;
            this.random = random;
            this.meters = meters;
            this.workers = workers;
            this.analyzer = new ImpactAnalyzer(this.predictors, this.clock);
            HealingEnvironment env = new HealingEnvironment(scanner, guard, this.detectors, this.strategies, clock, meters);
            this.healing = healingFactory.map(f -> f.create(env)).orElseGet(() -> HealingStage.detectOnly(env));
            this.executor = executor(config, execution);
            // the default optimiser plans with the bulkheads the executor enforces
            this.optimizer = optimizer.orElseGet(() -> GeneticUpdateOptimizer.genetic(random, clock, DEFAULT_OPTIMIZER_BUDGET,
                    service -> executor.serviceConfig(service).maxConcurrentCalls()));
            this.reports = execution.reports();
            this.queue = new RequestQueue(execution.config().queueCapacity(), execution.config().queueTimeout(), executor.timer(), meters,
                    this::executeIntelligentUpdate, this::cancel);
            recoverOnOpen();
        } catch (RuntimeException | Error e) {
            // a half-built orchestrator must not keep its gauges (nor its name) on the registry
            projectMeters.close();
            throw e;
        }
    }

    /** The step executor: the builder's per-service settings win over {@code continuity.yaml}'s. */
    private DagExecutor executor(ProjectConfig config, ExecutionSetup execution) {
        Map<String, ServiceConfig> services = new LinkedHashMap<>(config.services());
        services.putAll(execution.services());
        Set<String> fallbacks = new java.util.HashSet<>();
        handlers.values().forEach(h -> fallbacks.addAll(h.fallbacks()));
        services.values().forEach(s -> fallbacks.addAll(s.fallbacks()));
        for (UpdateHandler h : handlers.values()) {
            if (fallbacks.contains(h.id()) || !Orchestrators.Builder.supportsNothing(h)) {
                continue;
            }
            if (h.getClass().isHidden() || h.getClass().isSynthetic()) {
                // a lambda can only implement apply: it supports nothing, ever
                throw new IllegalArgumentException("handler '" + h.id() + "' would never run: a lambda supports no file kind and update type "
                        + "(UpdateHandler.supports is false by default) and neither a handler nor a service names it as a fallback. "
                        + "Build it with UpdateHandler.of(id, supports, action)");
            }
            LOG.warn("handler '{}' supports no file kind and update type now (UpdateHandler.supports returns false for all) and neither "
                    + "a handler nor a service names it as a fallback: it runs only if it starts to support some", h.id());
        }
        dev.continuity.api.spi.ExecutionListener checkpoints = new dev.continuity.api.spi.ExecutionListener() {
            @Override
            public void onEvent(dev.continuity.api.ExecutionEvent event) {
                if (event instanceof dev.continuity.api.ExecutionEvent.CheckpointReached c) {
                    java.util.function.Consumer<dev.continuity.api.ExecutionEvent.CheckpointReached> hook = checkpointHooks.get(c.executionId());
                    if (hook != null) {
                        hook.accept(c);
                    }
                } else if (event instanceof dev.continuity.api.ExecutionEvent.Started started && queue != null) {
                    queue.started(started.executionId());      // on the thread that runs it: a queued request's, maybe
                }
            }

            @Override
            public String id() {
                return "checkpoint-commit";
            }
        };
        DagExecutor.Builder b = DagExecutor.builder(workers).services(services).config(execution.config()).listeners(List.of(checkpoints))
                .listeners(execution.listeners())
                .alertSinks(execution.sinks()).clock(clock).random(random).meterRegistry(meters).stateRoot(root);
        execution.timer().ifPresent(b::timer);
        return b.build();
    }

    // ---- stages -------------------------------------------------------------------------------------------------

    @Override
    public Project scan() {
        checkOpen();
        return scanner.scan();
    }

    @Override
    public Project scanAndRecord() {
        Project p = scan();
        ScanState.record(root, p);
        return p;
    }

    @Override
    public DependencyGraph graph(Project project) {
        return DependencyGraph.of(project);
    }

    /**
     * A scan with renames detected and resolved, and the request's context completed with them; {@code warnings} are
     * about the request itself (an explicit rename whose old name no file uses); {@code brokenUses} are the files that
     * use a name a changed file no longer defines, with no rename for it (file to names).
     */
    private record Prepared(Project project, DependencyGraph graph, ChangeContext change, Set<EnhancedUpdateType> types,
                            List<dev.continuity.api.Diagnostic> warnings, Map<String, List<String>> brokenUses) {}

    private Prepared prepare(ConsistencyUpdateRequest request) {
        checkOpen();
        List<String> changedFiles = new ArrayList<>();
        for (String written : request.changedFiles()) {
            // a name typed in NFC names the file stored in NFD (as macOS writes names), and the other way round
            String normal = PathGuard.normalize(written);
            String f = storedSpelling(guard.resolve(written)).map(stored -> normal.substring(0, normal.lastIndexOf('/') + 1) + stored).orElse(written);
            changedFiles.add(f);
            Path abs = guard.resolve(f);
            String rel = PathGuard.normalize(f);
            if (rel.equals(".continuity") || rel.startsWith(".continuity/")) {
                throw new ProjectFileException(rel, 0, "is Continuity's own state, not a file of the project; a changed file must be one of "
                        + "the project's files");
            }
            if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new ProjectFileException(rel, 0, "is a folder, not a file; name the changed files in it");
            }
            if (Files.isSymbolicLink(abs)) {
                throw new ProjectFileException(rel, 0, "is a symbolic link; name the file it points to");
            }
            if (!Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new ProjectFileException(rel, 0, "the changed file does not exist in " + root);
            }
        }
        // two spellings of one file ("a.md", "./a.md") are one changed file
        ChangeContext change = new ChangeContext(changedFiles.stream().map(PathGuard::normalize).distinct().toList(), request.updateType(),
                request.updateContext());
        Project project = scanner.scan();
        Set<EnhancedUpdateType> types = EnumSet.copyOf(request.effectiveTypes());
        boolean explicit = checkExplicitRename(change);
        Map<String, String> former = new LinkedHashMap<>(change.renames());
        List<RenameDetector.Vanished> vanished = List.of();
        if (!explicit) {
            RenameDetector.Changes detected = RenameDetector.changes(project, scanner, change.changedFiles(), ScanState.load(root));
            // one old name renamed to two new ones is no rename anyone can carry out
            Map<String, Long> targets = detected.renames().stream().collect(java.util.stream.Collectors.groupingBy(RenameDetector.Rename::from,
                    java.util.stream.Collectors.mapping(RenameDetector.Rename::to, java.util.stream.Collectors.collectingAndThen(
                            java.util.stream.Collectors.toSet(), set -> (long) set.size()))));
            for (RenameDetector.Rename r : detected.renames()) {
                if (targets.get(r.from()) == 1 && !former.containsKey(r.from())) {
                    LOG.info("detected rename '{}' -> '{}' in {} (against {})", r.from(), r.to(), r.file(), r.source());
                    former.put(r.from(), r.to());
                }
            }
            if (former.size() == 1) {
                Map.Entry<String, String> r = former.entrySet().iterator().next();
                change = change.with(RenamePropagationHandler.FROM, r.getKey()).with(RenamePropagationHandler.TO, r.getValue());
            } else if (former.size() > 1) {
                change = change.with(RenamePropagationHandler.FROM, List.copyOf(former.keySet()))
                        .with(RenamePropagationHandler.TO, List.copyOf(former.values()));
            }
            vanished = detected.vanished().stream().filter(v -> !former.containsKey(v.name())).toList();
        }
        if (!former.isEmpty()) {
            types.add(EnhancedUpdateType.CASCADE_CHARACTER);
            project = scanner.rescan(project, List.of(), former);
        }
        List<dev.continuity.api.Diagnostic> warnings = new ArrayList<>();
        List<String> changedNow = change.changedFiles();
        for (Map.Entry<String, String> r : former.entrySet()) {
            if (former.containsKey(r.getValue())) {
                continue;       // a swap: the new name is being renamed away too
            }
            Map<String, Long> uses = project.references().stream()
                    .filter(ref -> ref.kind() == dev.continuity.api.EdgeKind.MENTIONS && ref.text().equals(r.getValue())
                            && !changedNow.contains(ref.fromFile()))
                    .collect(java.util.stream.Collectors.groupingBy(dev.continuity.api.Reference::fromFile, java.util.TreeMap::new,
                            java.util.stream.Collectors.counting()));
            if (!uses.isEmpty()) {
                warnings.add(new dev.continuity.api.Diagnostic(changedNow.getFirst(), 0, dev.continuity.api.Severity.WARNING,
                        "rename-collision", "'" + r.getValue() + "', the new name of '" + r.getKey() + "', is already written in "
                        + uses.size() + " file(s) (" + String.join(", ", uses.entrySet().stream().limit(5)
                                .map(u -> u.getKey() + " " + u.getValue() + "x").toList()) + (uses.size() > 5 ? ", ..." : "")
                        + "): after the rename those places read as the same entity; the run marks them for review"));
            }
        }
        if (explicit) {
            for (Map.Entry<String, String> r : former.entrySet()) {
                if (project.references().stream().noneMatch(ref -> ref.text().equals(r.getKey()) && ref.end() > ref.start())) {
                    warnings.add(new dev.continuity.api.Diagnostic(change.changedFiles().getFirst(), 0, dev.continuity.api.Severity.WARNING,
                            "rename-unused", "rename.from '" + r.getKey() + "' is used by no file: nothing will be renamed to '" + r.getValue()
                                    + "' (is the old name spelled as the files write it?)"));
                }
            }
        }
        return new Prepared(project, DependencyGraph.of(project), change, types, List.copyOf(warnings), brokenUses(project, change, vanished));
    }

    /**
     * The files that use a name a changed file no longer defines, with no rename to carry them along: file to the
     * vanished names it uses. They are found by resolving each vanished name, for a moment, to the entity that
     * replaced its own.
     */
    private Map<String, List<String>> brokenUses(Project project, ChangeContext change, List<RenameDetector.Vanished> vanished) {
        Map<String, String> probe = new LinkedHashMap<>();
        vanished.forEach(v -> v.heir().ifPresent(h -> probe.putIfAbsent(v.name(), h)));
        if (probe.isEmpty()) {
            return Map.of();
        }
        Project probed = scanner.rescan(project, List.of(), probe);
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (dev.continuity.api.Reference r : probed.references()) {
            if (probe.containsKey(r.text()) && r.end() > r.start() && !change.changedFiles().contains(r.fromFile())) {
                List<String> names = out.computeIfAbsent(r.fromFile(), k -> new ArrayList<>());
                if (!names.contains(r.text())) {
                    names.add(r.text());
                }
            }
        }
        return out;
    }

    /**
     * An explicit rename needs both context keys, and two different names: {@code rename.from} alone (or
     * {@code rename.to} alone) would silently fall back to marking files for review, and a name renamed to itself
     * changes nothing.
     */
    private static boolean checkExplicitRename(ChangeContext change) {
        boolean hasFrom = change.attributes().containsKey(RenamePropagationHandler.FROM);
        boolean hasTo = change.attributes().containsKey(RenamePropagationHandler.TO);
        if (hasFrom != hasTo) {
            String given = hasFrom ? RenamePropagationHandler.FROM : RenamePropagationHandler.TO;
            String missing = hasFrom ? RenamePropagationHandler.TO : RenamePropagationHandler.FROM;
            throw new IllegalArgumentException("context " + given + " is given without " + missing + ": an explicit rename needs both, "
                    + RenamePropagationHandler.FROM + "=OLD and " + RenamePropagationHandler.TO + "=NEW");
        }
        if (!hasFrom) {
            return false;
        }
        Map<String, String> renames = change.renames();
        if (renames.isEmpty()) {
            throw new IllegalArgumentException("context " + RenamePropagationHandler.FROM + " and " + RenamePropagationHandler.TO
                    + " must be non-blank names, one each or lists of the same length");
        }
        for (Map.Entry<String, String> r : renames.entrySet()) {
            if (r.getKey().equals(r.getValue())) {
                throw new IllegalArgumentException("context " + RenamePropagationHandler.FROM + " and " + RenamePropagationHandler.TO
                        + " are the same name '" + r.getKey() + "': nothing to rename");
            }
        }
        return true;
    }

    /**
     * What a dry run foresees of the real run's commit: the files it would write that lack the owner's write permission,
     * which the commit refuses (the author's "do not touch"), as one error naming them. Empty where the file system has
     * no POSIX permissions.
     */
    private List<dev.continuity.api.Diagnostic> readOnlyRefusal(Set<String> staged) {
        List<String> readOnly = new ArrayList<>();
        for (String f : new java.util.TreeSet<>(staged)) {
            Path file = root.resolve(f);
            try {
                if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !f.startsWith(".continuity/")
                        && !Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                                .contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)) {
                    readOnly.add(f);
                }
            } catch (UnsupportedOperationException | java.io.IOException e) {
                return List.of();
            }
        }
        if (readOnly.isEmpty()) {
            return List.of();
        }
        return List.of(new dev.continuity.api.Diagnostic(readOnly.getFirst(), 0, dev.continuity.api.Severity.ERROR, "read-only",
                "the run would be refused: " + readOnly.getFirst() + " is read-only" + (readOnly.size() > 1 ? " (also read-only: "
                        + String.join(", ", readOnly.subList(1, Math.min(readOnly.size(), 11))) + (readOnly.size() > 11 ? ", ..." : "") + ")" : "")
                        + "; make it writable to let Continuity update it"));
    }

    private static List<dev.continuity.api.Diagnostic> withWarnings(List<dev.continuity.api.Diagnostic> diagnostics,
                                                                    List<dev.continuity.api.Diagnostic> warnings) {
        if (warnings.isEmpty()) {
            return diagnostics;
        }
        List<dev.continuity.api.Diagnostic> out = new ArrayList<>(warnings);
        out.addAll(diagnostics);
        return out;
    }

    private PredictiveImpactAnalysis analyze(Prepared p, double threshold, String modelType) {
        Planner planner = planner();
        PredictiveImpactAnalysis impact = analyzer.analyze(p.project(), p.graph(), p.change(), threshold, modelType,
                (files, w) -> planner.estimateSeconds(files, w, p.project(), p.graph(), p.types()), workers);
        for (String from : p.change().renames().keySet()) {
            impact = withRenamedSelf(p, impact, from);
        }
        impact = withBrokenUses(p, impact);
        if (!p.warnings().isEmpty()) {
            List<String> suggestions = new ArrayList<>(p.warnings().stream().map(dev.continuity.api.Diagnostic::message).toList());
            suggestions.addAll(impact.optimizationSuggestions());
            impact = new PredictiveImpactAnalysis(impact.predictedFiles(), impact.confidenceScores(), impact.riskAssessment(), suggestions,
                    impact.estimatedComplexity(), impact.alternativeApproaches(), impact.impactedFiles(), impact.changedFiles(),
                    impact.seedEntities());
        }
        return impact;
    }

    /** A changed file that still contains the old name is updated too, so no file keeps the old name. */
    private static PredictiveImpactAnalysis withRenamedSelf(Prepared p, PredictiveImpactAnalysis impact, String oldName) {
        List<ImpactedFile> files = new ArrayList<>(impact.impactedFiles());
        for (String changed : p.change().changedFiles()) {
            boolean contains = p.project().referencesFrom(changed).stream().anyMatch(r -> r.text().equals(oldName));
            if (contains && files.stream().noneMatch(f -> f.path().equals(changed))) {
                files.add(new ImpactedFile(changed, p.project().kind(changed).orElseThrow(), 1.0, RiskLevel.LOW, 0,
                        List.of(changed + " still contains the old name '" + oldName + "'"), "graph"));
            }
        }
        return withFiles(impact, files);
    }

    /** A file that uses a name the change removed (with no rename for it) refers to nothing now: it is impacted. */
    private static PredictiveImpactAnalysis withBrokenUses(Prepared p, PredictiveImpactAnalysis impact) {
        List<ImpactedFile> files = new ArrayList<>(impact.impactedFiles());
        String changed = String.join(", ", p.change().changedFiles());
        if (p.brokenUses().isEmpty()) {
            return impact;
        }
        p.brokenUses().forEach((file, names) -> {
            if (p.project().kind(file).isEmpty()) {
                return;
            }
            String why = file + " uses " + String.join(", ", names.stream().map(n -> "'" + n + "'").toList()) + ", which " + changed
                    + " no longer defines";
            Optional<ImpactedFile> known = files.stream().filter(f -> f.path().equals(file)).findFirst();
            // a file found by a weaker path (a sequence) is certainly impacted: it refers to nothing now
            List<String> reasons = new ArrayList<>(List.of(why));
            known.ifPresent(f -> {
                reasons.addAll(f.reasons());
                files.remove(f);
            });
            RiskLevel risk = known.map(ImpactedFile::risk).filter(r -> r.compareTo(RiskLevel.MEDIUM) > 0).orElse(RiskLevel.MEDIUM);
            files.add(new ImpactedFile(file, p.project().kind(file).get(), 1.0, risk, 1, reasons, known.map(ImpactedFile::source).orElse("graph")));
        });
        files.sort(java.util.Comparator.comparingDouble(ImpactedFile::confidence).reversed());
        return withFiles(impact, files);
    }

    private static PredictiveImpactAnalysis withFiles(PredictiveImpactAnalysis impact, List<ImpactedFile> files) {
        if (files.equals(impact.impactedFiles())) {
            return impact;
        }
        Map<String, Double> conf = new LinkedHashMap<>();
        Map<String, RiskLevel> risk = new LinkedHashMap<>();
        files.forEach(f -> {
            conf.put(f.path(), f.confidence());
            risk.put(f.path(), f.risk());
        });
        return new PredictiveImpactAnalysis(files.stream().map(ImpactedFile::path).toList(), conf, risk, impact.optimizationSuggestions(),
                impact.estimatedComplexity(), impact.alternativeApproaches(), files, impact.changedFiles(), impact.seedEntities());
    }

    private Planner planner() {
        return new Planner(List.copyOf(handlers.values()), workers, clock, () -> "plan-" + shortId(), estimates);
    }

    @Override
    public PredictiveImpactAnalysis impact(ConsistencyUpdateRequest request, MLConfiguration mlConfig) {
        Prepared p = prepareForAnalysis(request);
        return analyze(p, mlConfig.confidenceThreshold(), mlConfig.modelType());
    }

    /**
     * {@link #prepare}, warning about the files left out of an analysis that writes nothing. A changed file that cannot
     * be read is no file to leave out: the analysis of its change would be empty, so it fails like a run does.
     */
    private Prepared prepareForAnalysis(ConsistencyUpdateRequest request) {
        Prepared p = prepare(request);
        for (dev.continuity.api.Diagnostic d : p.project().errors()) {
            if (p.change().changedFiles().contains(d.file()) && p.project().file(d.file()).isEmpty()) {
                throw new ProjectFileException(d.file(), d.line(), d.message() + "; the changed file cannot be read, so its impact cannot be "
                        + "analysed");
            }
        }
        if (!p.project().errors().isEmpty()) {
            List<String> files = p.project().errors().stream().map(dev.continuity.api.Diagnostic::file).distinct().toList();
            UNREADABLE_LOG.warn("{} file(s) could not be read and are left out of the analysis: {}{} (the scan's diagnostics give "
                    + "the causes)", files.size(), String.join(", ", files.subList(0, Math.min(5, files.size()))),
                    files.size() > 5 ? ", ..." : "");
        }
        return p;
    }

    @Override
    public UpdatePlan plan(ConsistencyUpdateRequest request, MLConfiguration mlConfig) {
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(mlConfig, "mlConfig");
        Prepared p = prepareForAnalysis(request);
        PredictiveImpactAnalysis impact = analyze(p, mlConfig.confidenceThreshold(), mlConfig.modelType());
        return planner().plan(p.project(), p.graph(), impact, p.change(), p.types());
    }

    // ---- the five methods of the specification --------------------------------------------------------------------

    @Override
    public PredictiveImpactAnalysis predictUpdateImpact(dev.continuity.api.ChangeContext changeContext, double confidenceThreshold) {
        java.util.Objects.requireNonNull(changeContext, "changeContext");
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            throw new IllegalArgumentException("confidenceThreshold must be in [0, 1], was " + confidenceThreshold);
        }
        ConsistencyUpdateRequest request = ConsistencyUpdateRequest.builder().projectName(root.getFileName().toString())
                .updateType(changeContext.updateType()).changedFiles(changeContext.changedFiles()).context(changeContext.attributes()).build();
        return analyze(prepareForAnalysis(request), confidenceThreshold, MLConfiguration.defaults().modelType());
    }

    @Override
    public IntelligentUpdatePlan optimizeUpdateSequence(UpdatePlan initialPlan, List<OptimizationGoal> goals) {
        java.util.Objects.requireNonNull(initialPlan, "initialPlan");
        java.util.Objects.requireNonNull(goals, "goals");
        checkOpen();
        List<OptimizationGoal> g = goals.isEmpty() ? List.of(OptimizationGoal.MINIMIZE_TIME) : goals;
        IntelligentUpdatePlan optimized;
        try {
            optimized = optimizer.optimize(initialPlan, g);
        } catch (RuntimeException e) {
            LOG.warn("optimizer {} failed; falling back to the critical-path baseline", optimizer.id(), e);
            meters.counter("continuity.plugin.failures", "plugin", optimizer.id()).increment();
            return new dev.continuity.core.optimize.CriticalPathOptimizer().optimize(initialPlan, g);
        }
        // the built-in optimisers check their own makespan (the genetic one with the services' capacities)
        boolean builtIn = optimizer instanceof dev.continuity.core.optimize.GeneticUpdateOptimizer
                || optimizer instanceof dev.continuity.core.optimize.CriticalPathOptimizer;
        java.util.Optional<String> problem = dev.continuity.core.optimize.OptimizedPlanCheck.problem(initialPlan, optimized,
                g, !builtIn);
        if (problem.isPresent()) {
            LOG.warn("optimizer {} returned a plan that cannot be used for plan {}: {}; falling back to the critical-path "
                    + "baseline", optimizer.id(), initialPlan.planId(), problem.get());
            meters.counter("continuity.plugin.failures", "plugin", optimizer.id()).increment();
            return new dev.continuity.core.optimize.CriticalPathOptimizer().optimize(initialPlan, g);
        }
        return optimized;
    }

    @Override
    public EnhancedUpdateResponse executeIntelligentUpdate(ConsistencyUpdateRequest request, MLConfiguration mlConfig) {
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(mlConfig, "mlConfig");
        return execute(request, mlConfig, Optional.empty());
    }

    /** Runs an update; a re-driven execution keeps its id, so its journaled remote steps are replayed, not called. */
    private EnhancedUpdateResponse execute(ConsistencyUpdateRequest request, MLConfiguration mlConfig, Optional<String> reuseExecutionId) {
        return execute(request, mlConfig, reuseExecutionId, Set.of(), Optional.empty());
    }

    /**
     * Runs an update; {@code done} names steps (as {@code file + '\0' + handler}) that a checkpoint of the same run
     * already committed, which a resumed run skips; {@code resumed} is that run as its checkpoints left it.
     */
    private EnhancedUpdateResponse execute(ConsistencyUpdateRequest request, MLConfiguration mlConfig, Optional<String> reuseExecutionId,
                                           Set<String> done, Optional<dev.continuity.core.tx.CheckpointedRun> resumed) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        String executionId = reuseExecutionId.orElseGet(() -> "exec-" + shortId());
        notInterrupted(executionId);
        Prepared p = prepare(request);
        notInterrupted(executionId);     // before its errors: a read the interrupt broke is no unreadable file
        if (!p.project().errors().isEmpty()) {
            throw new ProjectFileException(p.project().errors().getFirst().file(), p.project().errors().getFirst().line(),
                    p.project().errors().getFirst().message() + (p.project().errors().size() > 1
                            ? " (and " + (p.project().errors().size() - 1) + " more unreadable file(s): " + p.project().errors().stream().skip(1).map(Object::toString).toList() + ")"
                            : "") + "; nothing was written");
        }
        PredictiveImpactAnalysis impact = analyze(p, mlConfig.confidenceThreshold(), mlConfig.modelType());
        UpdatePlan plan = planner().plan(p.project(), p.graph(), impact, p.change(), p.types());
        Optional<RunRecord> earlier = resumed.map(r -> RunRecord.parse(r.executionId(), r.planJson()));
        if (earlier.isPresent()) {
            plan = withStableIds(without(plan, done), earlier.get());
        }
        RunRecord record = RunRecord.of(request, mlConfig, plan.steps());
        if (earlier.isPresent()) {
            record = record.after(earlier.get());
        }
        IntelligentUpdatePlan optimized = optimizeUpdateSequence(plan, mlConfig.optimizationGoals());
        notInterrupted(executionId);
        boolean checkpointed = request.commitPolicy() == CommitPolicy.CHECKPOINTED;
        ProjectTransaction tx = request.dryRun() ? null : ProjectTransaction.begin(root, executionId,
                Committer.options(clock, request.has(EnhancedUpdateType.ADAPTIVE_MERGE), request.commitPolicy()).toBuilder()
                        .planJson(record.toJson()).build());
        if (tx != null) {
            noteRecovery(tx.recovery());
        }
        Checkpointer checkpointer = checkpointed && tx != null ? new Checkpointer(tx, p.project(), optimized) : null;
        ExecutionTracker tracker = executor.track(executionId, optimized);
        remember(tracker);
        tracker.status(ExecutionStatus.RUNNING);
        StagingProjectWriter writer = new StagingProjectWriter(guard);
        if (checkpointer != null) {
            checkpointer.writer = writer;
            checkpointHooks.put(executionId, checkpointer::reached);
        }
        // an interrupt of the caller's thread after the steps (or one that cancelled them) waits until the project is
        // committed or rolled back: file channels close on an interrupt, and a commit is never interrupted
        boolean interruptLater = false;
        try {
        List<StepResult> results;
        try {
            results = executor.run(new DagExecutor.Run(executionId, optimized, p.change(), p.types(), impact, p.project(), writer,
                    handlers, tracker, mlConfig, request.commitPolicy(), request.dryRun()));
        } finally {
            interruptLater = Thread.interrupted();
            compensations(tx, writer, checkpointer);
        }
        boolean failed = results.stream().anyMatch(r -> r.outcome() == StepOutcome.FAILED);
        List<FileChange> changes = new ArrayList<>(results.stream().flatMap(r -> r.changes().stream()).toList());
        // QUALITY_DRIVEN heals every issue of the files the update touches, not only those it introduced or that concern the change
        Set<String> inScope = p.types().contains(EnhancedUpdateType.QUALITY_DRIVEN)
                ? new java.util.HashSet<>(impact.predictedFiles()) : Set.of();
        HealingStage.Outcome healed = failed ? NOTHING_HEALED : healStaged(p.project(), p.change(), writer, changes, inScope);
        checkpointHooks.remove(executionId);
        if (checkpointer != null && checkpointer.failure != null) {
            failed = true;
        }
        List<dev.continuity.api.Diagnostic> foreseen = request.dryRun() && !failed ? readOnlyRefusal(writer.staged().keySet()) : List.of();
        ExecutionStatus status;
        if (!foreseen.isEmpty()) {
            status = ExecutionStatus.ROLLED_BACK;      // what the real run would end as: its commit refused, nothing written
        } else if (failed) {
            // a resumed run keeps what its earlier checkpoints committed, and stays resumable
            status = checkpointer != null && (checkpointer.committed > 0 || resumed.isPresent())
                    ? ExecutionStatus.PARTIALLY_SUCCEEDED : ExecutionStatus.ROLLED_BACK;
        } else if (request.dryRun() || writer.isEmpty() && (checkpointer == null || checkpointer.committed == 0) && resumed.isEmpty()) {
            status = ExecutionStatus.SUCCEEDED;
            if (tx != null && !request.dryRun()) {
                tx.commit();      // nothing to write, but the run succeeded: its steps' side effects are kept
            }
        } else {
            Map<String, String> handlerOf = new LinkedHashMap<>();
            optimized.steps().forEach(s -> handlerOf.put(s.id(), s.handlerId()));
            Map<String, String> stepOf = new LinkedHashMap<>(writer.stagedBy());
            changes.stream().filter(c -> c.stepId().startsWith("heal:")).forEach(c -> stepOf.put(c.path(), c.stepId()));
            Map<String, byte[]> remaining = new LinkedHashMap<>(writer.staged());
            if (checkpointer != null) {
                remaining.entrySet().removeIf(e -> java.util.Arrays.equals(checkpointer.written.get(e.getKey()), e.getValue()));
            }
            Committer.stage(tx, p.project(), remaining, stepOf, handlerOf);
            tx.commit();
            status = ExecutionStatus.SUCCEEDED;
            ScanState.record(root, scanner.scan());
        }
        if (tx != null && status != ExecutionStatus.SUCCEEDED) {
            tx.rollback();
        }
        if (request.dryRun()) {
            undoSideEffects(writer);      // a dry run changes nothing, outside the project either
        }
        tracker.status(status);
        List<String> insights = new ArrayList<>();
        if (!request.dryRun() && mlConfig.enableOnlineLearning()) {
            insights.addAll(learnEstimates(results));     // a dry run leaves no trace, in .continuity/ either
        }
        OptionalDouble improvement = OptionalDouble.empty();
        List<FileChange> reported = withEarlierCheckpoints(reportedChanges(status, request.dryRun(), changes, checkpointer), resumed, earlier, status,
                p.project().config()::reviewSidecar);
        List<String> touched = status == ExecutionStatus.SUCCEEDED ? updatedOrFlagged(reported, optimized, earlier) : List.of();
        Set<String> edited = status == ExecutionStatus.SUCCEEDED ? edited(reported, results) : Set.of();
        UpdateHistoryEntry entry = new UpdateHistoryEntry(executionId, started, p.change().author(), p.change().changedFiles(), impact.predictedFiles(),
                touched.stream().filter(edited::contains).toList(), touched.stream().filter(f -> !edited.contains(f)).toList(),
                durations(results), failures(results));
        if (!request.dryRun()) {
            // a dry run changed nothing: nothing to remember, nothing to learn from
            history.ifPresent(h -> h.append(entry));
        }
        if (status == ExecutionStatus.SUCCEEDED && !request.dryRun()) {
            for (ImpactPredictor predictor : predictors) {
                try {
                    if (mlConfig.enableOnlineLearning()) {
                        OptionalDouble d = predictor.learn(entry, p.project(), mlConfig);
                        if (d.isPresent()) {
                            improvement = d;
                        }
                        insights.addAll(predictor.insights());
                    } else {
                        predictor.record(entry, p.project(), mlConfig);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("impact predictor {} failed to {}", predictor.id(),
                            mlConfig.enableOnlineLearning() ? "learn" : "record the outcome", e);
                }
            }
        } else if (!request.dryRun()) {
            // a run that failed is kept too (its changed files and failures), with nothing learned from it
            for (ImpactPredictor predictor : predictors) {
                try {
                    predictor.record(entry, p.project(), mlConfig);
                } catch (RuntimeException e) {
                    LOG.warn("impact predictor {} failed to record the outcome", predictor.id(), e);
                }
            }
        }
        EnhancedUpdateResponse response = new EnhancedUpdateResponse(executionId, status, impact, optimized, results, reported,
                healed.actions().stream().map(SelfHealingAction::issue).toList(), healed.actions(), insights, improvement,
                Duration.ofNanos(System.nanoTime() - t0), withWarnings(p.project().diagnostics(),
                java.util.stream.Stream.concat(p.warnings().stream(), foreseen.stream()).toList()));
        responses.put(executionId, response);
        policies.put(executionId, request.commitPolicy());
        rolledBack.remove(executionId);
        reports.ifPresent(rr -> rr.record(request, response, tracker.snapshot(), p.project(), writer.staged()));
        return response;
        } catch (RuntimeException | Error e) {
            checkpointHooks.remove(executionId);
            if (request.dryRun()) {
                undoSideEffects(writer);
            }
            if (e instanceof dev.continuity.api.ExecutionCancelledException) {
                // the checkpointer is stopped (no checkpoint commits after the steps), so what it committed is known
                boolean keeps = checkpointer != null && (checkpointer.committed > 0 || resumed.isPresent());
                tracker.status(keeps ? ExecutionStatus.PARTIALLY_SUCCEEDED : ExecutionStatus.ROLLED_BACK);
                if (keeps) {
                    policies.put(executionId, request.commitPolicy());
                    throw new dev.continuity.api.ExecutionCancelledException(executionId, "execution " + executionId + " was cancelled; what its "
                            + "checkpoints committed before stays (resume or roll it back), nothing after them is committed");
                }
            } else if (!tracker.status().isTerminal()) {
                tracker.status(ExecutionStatus.ROLLED_BACK);
            }
            throw e;
        } finally {
            interruptLater |= Thread.interrupted();
            try {
                if (tx != null) {
                    tx.close();
                }
            } finally {
                if (interruptLater) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Cancels a run whose thread was interrupted before its steps started (while it scanned, predicted or planned):
     * nothing of it was written yet. The interrupt status stays set for the caller.
     */
    private static void notInterrupted(String executionId) {
        if (Thread.currentThread().isInterrupted()) {
            throw new dev.continuity.api.ExecutionCancelledException(executionId, "execution " + executionId
                    + " was cancelled (its thread was interrupted) before its steps started; nothing was written");
        }
    }

    /**
     * Hands the undos of the steps' side effects outside the project ({@code UpdateHandler.compensation}) to the
     * transaction, which runs them in reverse order if the run ends uncommitted and drops them at the commit. Those of
     * steps a checkpoint has committed are not handed over: their work stays. Once the steps are done (or stopped).
     */
    private static void compensations(ProjectTransaction tx, StagingProjectWriter writer, Checkpointer checkpointer) {
        if (tx == null) {
            return;
        }
        if (checkpointer != null) {
            checkpointer.stop();
        }
        for (StagingProjectWriter.Compensation c : writer.takeCompensations()) {
            if (checkpointer == null || !checkpointer.committedSteps.contains(c.stepId())) {
                tx.registerCompensation(c.handlerId(), c.undo());
            }
        }
    }

    /** A dry run: the steps' side effects outside the project are undone, latest first; a failing undo is logged. */
    private static void undoSideEffects(StagingProjectWriter writer) {
        List<StagingProjectWriter.Compensation> all = new ArrayList<>(writer.takeCompensations());
        java.util.Collections.reverse(all);
        for (StagingProjectWriter.Compensation c : all) {
            try {
                c.undo().run();
            } catch (RuntimeException e) {
                LOG.warn("the compensation of handler '{}' for step {} of a dry run failed", c.handlerId(), c.stepId(), e);
            }
        }
    }

    /**
     * The changes a response reports: every change of a run that succeeded (none for a dry run), and of a run that
     * stopped after a checkpoint, the changes its checkpoints committed (what is on disk now); none for a run rolled back.
     */
    private static List<FileChange> reportedChanges(ExecutionStatus status, boolean dryRun, List<FileChange> changes, Checkpointer checkpointer) {
        if (dryRun) {
            return List.of();
        }
        if (status == ExecutionStatus.SUCCEEDED) {
            return changes;
        }
        if (status == ExecutionStatus.PARTIALLY_SUCCEEDED && checkpointer != null) {
            Map<String, String> committed = new LinkedHashMap<>();
            checkpointer.written.forEach((path, bytes) -> committed.put(path, ProjectScanner.hashOf(bytes)));
            return changes.stream().filter(c -> c.afterHash().equals(committed.get(c.path()))).toList();
        }
        return List.of();
    }

    /**
     * A resumed run's changes and, before them, those of the files only its earlier checkpoints changed (what is on
     * disk now from the whole run): each from its content at the run's start to what the last checkpoint committed,
     * made by the step of that file the checkpoints completed. A file changed again on resume is reported once, from
     * the run's start. A run that was rolled back reports nothing.
     */
    private static List<FileChange> withEarlierCheckpoints(List<FileChange> changes, Optional<dev.continuity.core.tx.CheckpointedRun> resumed,
                                                           Optional<RunRecord> earlierRecord, ExecutionStatus status,
                                                           java.util.function.UnaryOperator<String> sidecarOf) {
        if (resumed.isEmpty() || earlierRecord.isEmpty() || status == ExecutionStatus.ROLLED_BACK) {
            return changes;
        }
        RunRecord record = earlierRecord.get();
        Set<String> completed = Set.copyOf(resumed.get().completedStepIds());
        Map<String, String> stepOf = new LinkedHashMap<>();
        record.steps().stream().filter(s -> completed.contains(s.id())).forEach(s -> {
            stepOf.putIfAbsent(s.file(), s.id());
            stepOf.putIfAbsent(sidecarOf.apply(s.file()), s.id());
        });
        Map<String, dev.continuity.core.tx.CheckpointedRun.CommittedFile> earlier = new LinkedHashMap<>();
        resumed.get().committedFiles().forEach(f -> earlier.put(f.path(), f));
        List<FileChange> out = new ArrayList<>();
        Set<String> again = new java.util.HashSet<>();
        changes.forEach(c -> again.add(c.path()));
        earlier.values().stream().filter(f -> !again.contains(f.path())).forEach(f -> out.add(new FileChange(f.path(), f.beforeHash(),
                f.afterHash(), stepOf.getOrDefault(f.path(), "checkpoint"), "committed at checkpoint '" + resumed.get().lastLabel()
                        + "' or before, before the run was resumed")));
        for (FileChange c : changes) {
            dev.continuity.core.tx.CheckpointedRun.CommittedFile f = earlier.get(c.path());
            out.add(f == null ? c : new FileChange(c.path(), f.beforeHash(), c.afterHash(), c.stepId(), c.summary()));
        }
        return List.copyOf(out);
    }

    /**
     * The files a run updated or flagged, for its history entry: each change's file, except a review marker's sidecar,
     * and the file of the step that made it (the file a review marker flags, or the one a handler updated).
     */
    static List<String> updatedOrFlagged(List<FileChange> changes, IntelligentUpdatePlan plan) {
        return updatedOrFlagged(changes, plan, Optional.empty());
    }

    /**
     * The files whose content a step or a fix edited: not a review mark (the review-marking handler's front matter or a
     * sidecar), which records a prediction rather than a change.
     */
    static Set<String> edited(List<FileChange> changes, List<StepResult> results) {
        Map<String, String> handlerOf = new LinkedHashMap<>();
        results.forEach(r -> handlerOf.put(r.stepId(), r.handlerId()));
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (FileChange c : changes) {
            if (!c.path().endsWith(dev.continuity.core.handlers.ReviewMarkingHandler.SIDECAR_SUFFIX)
                    && !"review-marking".equals(handlerOf.get(c.stepId()))) {
                out.add(c.path());
            }
        }
        return out;
    }

    /** {@link #updatedOrFlagged(List, IntelligentUpdatePlan)}, with the steps of a resumed run's earlier parts. */
    private static List<String> updatedOrFlagged(List<FileChange> changes, IntelligentUpdatePlan plan, Optional<RunRecord> earlier) {
        Map<String, String> fileOf = new LinkedHashMap<>();
        earlier.ifPresent(r -> r.steps().forEach(s -> fileOf.put(s.id(), s.file())));
        plan.steps().forEach(s -> fileOf.put(s.id(), s.file()));
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (FileChange c : changes) {
            if (!c.path().endsWith(dev.continuity.core.handlers.ReviewMarkingHandler.SIDECAR_SUFFIX)) {
                out.add(c.path());
            }
            String target = fileOf.get(c.stepId());
            if (target != null) {
                out.add(target);
            }
        }
        return List.copyOf(out);
    }

    /**
     * A resumed run's plan, its steps named as the run first named them (by file and handler), so that one step has one
     * id across every part of the run: the checkpoints count completed steps by id, whichever part completed them. A
     * step the first plan did not have gets an id no step of the run has.
     */
    private static UpdatePlan withStableIds(UpdatePlan plan, RunRecord earlier) {
        Map<String, String> idOf = new LinkedHashMap<>();
        Set<String> used = new java.util.HashSet<>();
        int next = 1;
        for (RunRecord.StepRef s : earlier.steps()) {
            idOf.putIfAbsent(s.file() + '\0' + s.handler(), s.id());
            used.add(s.id());
            if (s.id().matches("s\\d+")) {
                next = Math.max(next, Integer.parseInt(s.id().substring(1)) + 1);
            }
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        for (dev.continuity.api.UpdateStep s : plan.steps()) {
            String id = idOf.get(s.file() + '\0' + s.handlerId());
            if (id == null || renamed.containsValue(id)) {
                do {
                    id = String.format("s%03d", next++);
                } while (used.contains(id));
            }
            used.add(id);
            renamed.put(s.id(), id);
        }
        List<dev.continuity.api.UpdateStep> steps = plan.steps().stream().map(s -> new dev.continuity.api.UpdateStep(renamed.get(s.id()),
                s.file(), s.kind(), s.handlerId(), s.service(), s.dependsOn().stream().map(renamed::get).toList(), s.estimatedDuration(),
                s.risk(), s.failureProbability(), s.reasons())).toList();
        return new UpdatePlan(plan.planId(), plan.context(), steps, plan.workers(), plan.createdAt());
    }

    /** A plan without the steps a checkpoint already committed (for a resumed run). */
    private static UpdatePlan without(UpdatePlan plan, Set<String> done) {
        if (done.isEmpty()) {
            return plan;
        }
        Set<String> skipped = new java.util.HashSet<>();
        List<dev.continuity.api.UpdateStep> kept = new ArrayList<>();
        for (dev.continuity.api.UpdateStep s : plan.steps()) {
            if (done.contains(s.file() + '\0' + s.handlerId())) {
                skipped.add(s.id());
            } else {
                kept.add(s);
            }
        }
        List<dev.continuity.api.UpdateStep> steps = kept.stream().map(s -> new dev.continuity.api.UpdateStep(s.id(), s.file(), s.kind(), s.handlerId(),
                s.service(), s.dependsOn().stream().filter(d -> !skipped.contains(d)).toList(), s.estimatedDuration(), s.risk(),
                s.failureProbability(), s.reasons())).toList();
        return new UpdatePlan(plan.planId(), plan.context(), steps, plan.workers(), plan.createdAt());
    }

    /**
     * Commits completed groups of steps at the plan's adaptive checkpoints ({@link CommitPolicy#CHECKPOINTED}): when
     * every step up to a checkpoint (in priority order) has succeeded, their writes are committed with a checkpoint
     * record, so that a failure or a crash later loses only the work after it.
     */
    private final class Checkpointer {
        private final ProjectTransaction tx;
        private final Project scanned;
        private final List<String> order;
        private final Map<String, String> handlerOf = new LinkedHashMap<>();
        private final Map<String, byte[]> written = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile StagingProjectWriter writer;
        private volatile int committed;
        private volatile RuntimeException failure;
        private volatile boolean stopped;
        /** The steps the checkpoints committed so far. */
        final Set<String> committedSteps = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Checkpointer(ProjectTransaction tx, Project scanned, IntelligentUpdatePlan plan) {
            this.tx = tx;
            this.scanned = scanned;
            this.order = plan.steps().stream().map(dev.continuity.api.UpdateStep::id).toList();
            plan.steps().forEach(s -> handlerOf.put(s.id(), s.handlerId()));
        }

        synchronized void reached(dev.continuity.api.ExecutionEvent.CheckpointReached event) {
            if (failure != null || stopped) {
                return;
            }
            int upTo = order.indexOf(event.afterStepId());
            Set<String> completed = new java.util.LinkedHashSet<>(order.subList(0, upTo + 1));
            Map<String, String> by = writer.stagedBy();
            Map<String, byte[]> batch = new LinkedHashMap<>();
            writer.staged().forEach((path, bytes) -> {
                if (completed.contains(by.get(path)) && !java.util.Arrays.equals(written.get(path), bytes)) {
                    batch.put(path, bytes);
                }
            });
            try {
                Committer.stage(tx, scanned, batch, by, handlerOf);
                tx.checkpoint(event.afterStepId(), completed);
                committedSteps.addAll(completed);
                written.putAll(batch);
                committed++;
            } catch (RuntimeException e) {
                LOG.warn("checkpoint after {} failed; the run stops there", event.afterStepId(), e);
                failure = e;
            }
        }

        /**
         * No checkpoint commits after this returns, and none is under way. Called once the steps are done or stopped: a
         * run stopped before its steps finished (cancelled, or the orchestrator closed) must not roll back while a
         * step's thread commits a checkpoint, and what the checkpoints committed must be known for the compensations.
         */
        synchronized void stop() {
            stopped = true;
        }
    }

    /** Recovers what a crashed run left, as every command does when it opens the project. */
    private void recoverOnOpen() {
        try {
            noteRecovery(ProjectTransaction.recover(root, dev.continuity.core.tx.FileOps.nio()));
        } catch (dev.continuity.api.ProjectLockedException e) {
            LOG.info("not recovering {}: {}", root, e.getMessage());
        }
    }

    private void noteRecovery(RecoveryReport report) {
        if (report.outcome() != RecoveryReport.Outcome.NOTHING_TO_RECOVER) {
            String message = "recovered " + root.getFileName() + ": " + report.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + report.executionId().map(id -> " (execution " + id + ")").orElse("") + ", " + report.changedFiles().size() + " file(s) restored";
            LOG.info(message);
            recoveries.add(message);
        }
    }

    @Override
    public List<String> recoveries() {
        return List.copyOf(recoveries);
    }

    /**
     * Folds the steps' measured durations and failures into the project's handler estimates, which the next plans use;
     * merged with what other processes wrote since this one read them.
     */
    private List<String> learnEstimates(List<StepResult> results) {
        if (results.stream().noneMatch(r -> r.attempts() > 0)) {
            return List.of();
        }
        synchronized (estimatesLock) {
            HandlerEstimates updated = HandlerEstimates.load(root).with(results);
            try {
                updated.save(root);
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("the handler estimates could not be saved to {}: {}", HandlerEstimates.PATH, e.toString());
                return List.of();
            }
            estimates = updated;
            // what the plans will now assume of each handler this run used, against its prior
            List<String> out = new ArrayList<>();
            results.stream().filter(r -> r.attempts() > 0).map(StepResult::handlerId).distinct().sorted().forEach(id -> {
                UpdateHandler h = handlers.get(id);
                HandlerEstimates.Estimate e = updated.byHandler().get(id);
                if (h != null && e != null) {
                    out.add(String.format(java.util.Locale.ROOT, "step estimates of '%s': %d step(s) measured, mean %.1f ms (prior %d ms), "
                                    + "%d failed, failure probability %.4f (prior %.4f)%s", id, e.steps(), e.meanMillis(), h.estimatedDuration().toMillis(),
                            e.failed(), updated.failureProbability(h), h.failureProbability(),
                            e.steps() < HandlerEstimates.MIN_STEPS ? "; the prior duration holds until " + HandlerEstimates.MIN_STEPS + " steps are measured" : ""));
                }
            });
            return out;
        }
    }

    private static Map<String, Long> durations(List<StepResult> results) {
        Map<String, Long> out = new LinkedHashMap<>();
        results.stream().filter(r -> r.attempts() > 0).forEach(r -> out.put(r.stepId(), r.duration().toMillis()));
        return out;
    }

    private static Map<String, String> failures(List<StepResult> results) {
        Map<String, String> out = new LinkedHashMap<>();
        results.forEach(r -> r.error().ifPresent(e -> out.put(r.stepId(), e)));
        return out;
    }

    /** Keeps a run's tracker for monitoring; beyond {@value #KEPT_TRACKERS} runs, the oldest finished ones are dropped. */
    private void remember(ExecutionTracker tracker) {
        trackers.put(tracker.executionId(), tracker);
        trackerOrder.add(tracker.executionId());
        for (java.util.Iterator<String> it = trackerOrder.iterator(); trackers.size() > KEPT_TRACKERS && it.hasNext(); ) {
            String id = it.next();
            ExecutionTracker t = trackers.get(id);
            if (t == null || t.status().isTerminal()) {
                trackers.remove(id);
                it.remove();
            }
        }
    }

    private static final int KEPT_TRACKERS = 256;
    private final java.util.Queue<String> trackerOrder = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Override
    public CompletableFuture<EnhancedUpdateResponse> submit(ConsistencyUpdateRequest request, MLConfiguration mlConfig, RequestPriority priority) {
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(mlConfig, "mlConfig");
        java.util.Objects.requireNonNull(priority, "priority");
        checkOpen();
        return queue.submit(request, mlConfig, priority);
    }

    @Override
    public List<DeadLetter> deadLetters() {
        return executor.deadLetterStore().map(DeadLetterStore::pending).orElse(List.of());
    }

    @Override
    public List<EnhancedUpdateResponse> redriveDeadLetters() {
        checkOpen();
        return executor.deadLetterStore().map(store -> DeadLetterRedrive.redrive(store, root.getFileName().toString(),
                executionId -> Optional.ofNullable(responses.get(executionId)).filter(r -> r.status() == ExecutionStatus.SUCCEEDED).isPresent(),
                (request, ml, executionId) -> ProjectTransaction.resumeInfo(root, executionId).isPresent()
                        // a checkpointed run goes on from its last checkpoint: what it committed is not applied again
                        ? resume(executionId)
                        : execute(request, ml, Optional.of(executionId)))).orElse(List.of());
    }

    @Override
    public RealTimeMonitor monitorRealTimeProgress(String executionId) {
        ExecutionTracker t = trackers.get(executionId);
        if (t == null) {
            throw new UnknownExecutionException(executionId);
        }
        return t.snapshot();
    }

    private static final HealingStage.Outcome NOTHING_HEALED = new HealingStage.Outcome(List.of(), Map.of());

    /**
     * The heal stage of a run: detects on the staged state and heals the issues that are the update's business: those
     * it introduced (not found before the steps ran) and those that concern the change (in a changed file, citing one
     * as evidence, or about an entity a changed file defines or a former name of a rename). The kept fixes are staged
     * with the run's writes, so that everything is committed together; other issues are left to {@code heal}. The changed
     * files are authoritative: no fix changes them (an issue in one is marked for review with the evidence). With
     * {@code QUALITY_DRIVEN}, every issue in a file of {@code alsoHealIn} (the impacted files) is healed as well.
     */
    private HealingStage.Outcome healStaged(Project base, ChangeContext change, StagingProjectWriter writer, List<FileChange> changes,
                                            Set<String> alsoHealIn) {
        if (detectors.isEmpty()) {
            return NOTHING_HEALED;
        }
        try {
            // a run whose steps wrote nothing still reports (and marks) what is wrong in the change itself
            Map<String, byte[]> staged = writer.staged();
            List<ConsistencyIssue> found = healing.detect(base);
            Set<String> before = new java.util.HashSet<>(found.stream().map(ConsistencyIssue::id).toList());
            List<ConsistencyIssue> after = staged.isEmpty() ? found : healing.detect(scanner.overlay(base, staged));
            Set<String> changedFiles = Set.copyOf(change.changedFiles());
            Set<String> names = new java.util.HashSet<>(base.formerNames().keySet());
            changedFiles.forEach(f -> base.entitiesDefinedIn(f).forEach(e -> names.addAll(e.allNames())));
            List<ConsistencyIssue> introduced = after.stream().filter(i -> !before.contains(i.id())
                    || changedFiles.contains(i.file()) || alsoHealIn.contains(i.file())
                    || i.evidence().stream().anyMatch(ev -> changedFiles.stream().anyMatch(ev::contains))
                    || i.entity().map(names::contains).orElse(false)).toList();
            if (introduced.isEmpty()) {
                return NOTHING_HEALED;
            }
            HealingStage.Outcome outcome = healing.heal(base, staged, introduced, changedFiles);
            outcome.writes().forEach((path, bytes) -> {
                String beforeHash = Optional.ofNullable(staged.get(path)).map(ProjectScanner::hashOf)
                        .or(() -> base.file(path).map(f -> f.hash())).orElse("");
                writer.write(path, bytes);
                String by = outcome.actions().stream().filter(a -> a.changedFiles().contains(path)).map(SelfHealingAction::strategyId)
                        .findFirst().orElse("healing");
                changes.add(new FileChange(path, beforeHash, ProjectScanner.hashOf(bytes), "heal:" + by, "healed by " + by));
            });
            return outcome;
        } catch (dev.continuity.api.ConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("the heal stage failed; the run's changes are kept without healing", e);
            meters.counter("continuity.plugin.failures", "plugin", "heal-stage").increment();
            return NOTHING_HEALED;
        }
    }

    @Override
    public List<ConsistencyIssue> detectIssues() {
        checkOpen();
        return healing.detect(readableScan());
    }

    @Override
    public List<SelfHealingAction> applySelfHealing(List<ConsistencyIssue> detectedIssues) {
        return applySelfHealing(detectedIssues, false);
    }

    @Override
    public List<SelfHealingAction> applySelfHealing(List<ConsistencyIssue> detectedIssues, boolean dryRun) {
        java.util.Objects.requireNonNull(detectedIssues, "detectedIssues");
        checkOpen();
        Project project = readableScan();
        HealingStage.Outcome outcome = healing.heal(project, Map.of(), detectedIssues);
        if (!dryRun && !outcome.writes().isEmpty()) {
            Committer.commit(root, "heal-" + shortId(), clock, project, outcome.writes(), "heal");
        }
        return outcome.actions();
    }

    /**
     * The stored name of a file that does not exist as written but whose folder holds exactly one file of the same name
     * in another Unicode normalization (a name copied from macOS is often NFD, one typed is NFC): they look the same.
     */
    private static Optional<String> storedSpelling(Path abs) {
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null || Files.exists(abs, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        String wanted = java.text.Normalizer.normalize(abs.getFileName().toString(), java.text.Normalizer.Form.NFC);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            List<String> same = files.map(f -> f.getFileName().toString())
                    .filter(n -> java.text.Normalizer.normalize(n, java.text.Normalizer.Form.NFC).equals(wanted)).toList();
            return same.size() == 1 ? Optional.of(same.getFirst()) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** A scan, refused when a file cannot be read (nothing may be healed on a partial view). */
    private Project readableScan() {
        Project project = scanner.scan();
        if (!project.errors().isEmpty()) {
            var first = project.errors().getFirst();
            throw new ProjectFileException(first.file(), first.line(), first.message() + "; nothing was written");
        }
        return project;
    }

    @Override
    public boolean cancel(String executionId) {
        java.util.Objects.requireNonNull(executionId, "executionId");
        return executor.cancel(executionId);
    }

    @Override
    public EnhancedUpdateResponse resume(String executionId) {
        checkOpen();
        Optional<dev.continuity.core.tx.CheckpointedRun> run = ProjectTransaction.resumeInfo(root, executionId);
        if (run.isPresent()) {
            RunRecord record = RunRecord.parse(executionId, run.get().planJson());
            Set<String> done = new java.util.HashSet<>();
            Set<String> completed = Set.copyOf(run.get().completedStepIds());
            record.steps().stream().filter(s -> completed.contains(s.id())).forEach(s -> done.add(s.file() + '\0' + s.handler()));
            LOG.info("resuming {} after checkpoint '{}': {} step(s) already committed", executionId, run.get().lastLabel(), done.size());
            return execute(record.request(), record.ml(), Optional.of(executionId), done, run);
        }
        EnhancedUpdateResponse r = responses.get(executionId);
        if (r == null) {
            throw new UnknownExecutionException(executionId);
        }
        if (r.status() == ExecutionStatus.SUCCEEDED) {
            return r;
        }
        if (rolledBack.contains(executionId)) {
            throw new IllegalStateException("execution " + executionId + " was rolled back: nothing is left to resume; run the update again");
        }
        if (policies.get(executionId) == CommitPolicy.CHECKPOINTED) {
            throw new IllegalStateException("execution " + executionId + " was " + r.status() + "; it was CHECKPOINTED but reached no "
                    + "checkpoint, so it was committed or rolled back as a whole and leaves nothing to resume: run the update again");
        }
        throw new IllegalStateException("execution " + executionId + " was " + r.status()
                + "; an ALL_OR_NOTHING run leaves nothing to resume: run the update again");
    }

    @Override
    public void rollback(String executionId) {
        checkOpen();
        if (ProjectTransaction.resumeInfo(root, executionId).isPresent()) {
            ProjectTransaction.rollbackCheckpointed(root, executionId, Committer.options(clock, false, CommitPolicy.CHECKPOINTED));
            ScanState.record(root, scanner.scan());
            rolledBack.add(executionId);
            return;
        }
        EnhancedUpdateResponse r = responses.get(executionId);
        if (r == null) {
            throw new UnknownExecutionException(executionId);
        }
        if (r.status() == ExecutionStatus.SUCCEEDED && !r.changedFiles().isEmpty()) {
            if (policies.get(executionId) == CommitPolicy.CHECKPOINTED) {
                throw new IllegalStateException("execution " + executionId + " finished: it is committed, so there is nothing left to roll "
                        + "back (a CHECKPOINTED run can be rolled back only while it is unfinished)");
            }
            throw new IllegalStateException("execution " + executionId + " is committed; only CHECKPOINTED runs can be rolled back");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.close();
        executor.close();
        trackers.clear();
        projectMeters.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the orchestrator of " + root + " is closed");
        }
    }

    private String shortId() {
        return Long.toHexString(clock.millis()) + "-" + Integer.toHexString(random.nextInt() & 0xfffff);
    }

    @Override
    public String toString() {
        return "Orchestrator[" + root + "]";
    }

    /**
     * A plugin's answer, unless it is null or holds a null: then an {@link IllegalStateException} naming the plugin, so
     * that the answer is treated (counted, logged and left out) like a plugin that threw.
     */
    private static <T> List<T> nonNull(List<T> answer, String kind, String id) {
        if (answer == null) {
            throw new IllegalStateException(kind + " '" + id + "' returned null instead of a list");
        }
        if (answer.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalStateException(kind + " '" + id + "' returned a list with a null element");
        }
        return answer;
    }

    /** The extractor, its failures counted in {@code continuity.plugin.failures} (the scanner logs and skips them). */
    private static DependencyExtractor counted(DependencyExtractor extractor, MeterRegistry meters) {
        return new DependencyExtractor() {
            @Override
            public List<dev.continuity.api.spi.RawReference> extract(dev.continuity.api.spi.SourceFile file) {
                try {
                    return nonNull(extractor.extract(file), "dependency extractor", extractor.id());
                } catch (RuntimeException e) {
                    meters.counter("continuity.plugin.failures", "plugin", extractor.id()).increment();
                    throw e;
                }
            }

            @Override
            public String id() {
                return extractor.id();
            }
        };
    }

    /** The predictor, its failures counted in {@code continuity.plugin.failures} (the callers log and skip them). */
    private static ImpactPredictor counted(ImpactPredictor predictor, MeterRegistry meters) {
        return new ImpactPredictor() {
            @Override
            public List<dev.continuity.api.ImpactedFile> predict(dev.continuity.api.spi.ImpactQuery query) {
                try {
                    return nonNull(predictor.predict(query), "impact predictor", predictor.id());
                } catch (RuntimeException e) {
                    meters.counter("continuity.plugin.failures", "plugin", predictor.id()).increment();
                    throw e;
                }
            }

            @Override
            public String id() {
                return predictor.id();
            }

            @Override
            public OptionalDouble learn(dev.continuity.api.UpdateHistoryEntry outcome,
                                        dev.continuity.api.spi.ProjectSnapshot project, MLConfiguration configuration) {
                try {
                    return predictor.learn(outcome, project, configuration);
                } catch (RuntimeException e) {
                    meters.counter("continuity.plugin.failures", "plugin", predictor.id()).increment();
                    throw e;
                }
            }

            @Override
            public void record(dev.continuity.api.UpdateHistoryEntry outcome, dev.continuity.api.spi.ProjectSnapshot project,
                               MLConfiguration configuration) {
                try {
                    predictor.record(outcome, project, configuration);
                } catch (RuntimeException e) {
                    meters.counter("continuity.plugin.failures", "plugin", predictor.id()).increment();
                    throw e;
                }
            }

            @Override
            public List<String> insights() {
                return predictor.insights();
            }
        };
    }
}
