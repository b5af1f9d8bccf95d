package dev.continuity.ml;

import dev.continuity.api.EdgeKind;
import dev.continuity.api.EntityInfo;
import dev.continuity.api.FileKind;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.Reference;
import dev.continuity.api.UpdateHistoryEntry;
import dev.continuity.api.spi.ImpactPredictor;
import dev.continuity.api.spi.ImpactQuery;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.impact.GraphImpactPredictor;
import dev.continuity.core.project.Project;
import dev.continuity.ml.features.AdjacencyLinkGraph;
import dev.continuity.ml.features.ChangeQuery;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.history.FileChange;
import dev.continuity.ml.history.GitHistoryMiner;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.history.RecordSource;
import dev.continuity.ml.history.UpdateHistoryRecord;
import dev.continuity.ml.model.InsufficientHistoryException;
import dev.continuity.ml.model.ModelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The learned {@link ImpactPredictor}: a Tribuo model trained on the project's own history (Continuity's runs, and its
 * git log when the project is a repository), found by {@link java.util.ServiceLoader}. It adds files that change together
 * with the changed ones although no reference links them; its confidences are calibrated on held-out history, and its
 * explanation is the features that weighed most. Until there is enough history to train on, it predicts nothing and
 * the graph's predictions stand alone.
 */
public final class TribuoImpactPredictor implements ImpactPredictor {
    private static final Logger LOG = LoggerFactory.getLogger(TribuoImpactPredictor.class);
    /** Content files mined from git by default: the text formats of writing projects. */
    public static final String DEFAULT_INCLUDE = ".*\\.(md|markdown|ya?ml|txt|nwd|xhtml|html|tex|rst|org)$";
    /** Predictions below this confidence are not reported at all (the request's threshold filters further). */
    public static final double REPORT_FLOOR = 0.05;

    private final MlOptions options;
    private final InstantSource clock;
    private final String include;
    private final Map<Path, LearnedImpactPredictor> byRoot = new ConcurrentHashMap<>();
    private final Map<Path, ProjectEdits> edits = new ConcurrentHashMap<>();
    private final List<String> insights = new CopyOnWriteArrayList<>();

    /** The predictor {@link java.util.ServiceLoader} creates: default options, the system clock. */
    public TribuoImpactPredictor() {
        this(MlOptions.defaults(), InstantSource.system(), DEFAULT_INCLUDE);
    }

    /**
     * @param options the learning options
     * @param clock   the clock of records and model metadata
     * @param include regex of the project files that git history mining keeps
     */
    public TribuoImpactPredictor(MlOptions options, InstantSource clock, String include) {
        this.options = options;
        this.clock = clock;
        this.include = include;
    }

    @Override
    public String id() {
        return "tribuo";
    }

    /** The learned predictor of a project, created on first use: it reads the history and the current model. */
    public LearnedImpactPredictor forProject(Project project) {
        return byRoot.computeIfAbsent(project.root(), root -> LearnedImpactPredictor.builder(root).options(options).clock(clock)
                .trainingLinkGraph(() -> linkGraph(project)).trainingEdits(() -> edits(root).history()).build());
    }

    @Override
    public List<ImpactedFile> predict(ImpactQuery query) {
        if (!(query.project() instanceof Project project) || query.modelType().equals("graph")) {
            return List.of();
        }
        LearnedImpactPredictor learned = forProject(project);
        if (learned.model().isEmpty() && !bootstrap(learned, project)) {
            return List.of();
        }
        Set<String> changed = new HashSet<>(query.change().changedFiles());
        List<String> candidates = project.files().stream().filter(f -> !changed.contains(f)).toList();
        ChangeQuery change = new ChangeQuery(query.change().changedFiles().stream().map(FileChange::modified).toList(), Optional.empty(),
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), linkGraph(project),
                edits(project.root()).current(query.change().changedFiles(), renamedFrom(query), candidates));
        ImpactPrediction prediction = learned.predict(change, candidates);
        String model = prediction.modelId().orElse("model");
        List<ImpactedFile> out = new ArrayList<>();
        for (RankedCandidate c : prediction.ranked()) {
            if (c.confidence() < REPORT_FLOOR) {
                continue;
            }
            FileKind kind = project.kind(c.file()).orElse(FileKind.OTHER);
            String why = c.explanation().stream().limit(3)
                    .map(f -> String.format(Locale.ROOT, "%s=%.3g (%+.2f)", f.feature(), f.value(), f.contribution()))
                    .collect(Collectors.joining(", "));
            out.add(new ImpactedFile(c.file(), kind, Math.min(1.0, c.confidence()), GraphImpactPredictor.risk(kind, c.confidence(), 0), -1,
                    List.of("learned " + model + " (" + prediction.source().name().toLowerCase(Locale.ROOT) + "): " + why), "model"));
        }
        return out;
    }

    private ProjectEdits edits(Path root) {
        return edits.computeIfAbsent(root, r -> new ProjectEdits(r, include));
    }

    /** The old name of a rename ({@code rename.from} in the change's context), which the change removed. */
    private static Optional<String> renamedFrom(ImpactQuery query) {
        Object from = query.change().attributes().get("rename.from");
        return from instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /** Mines the git log into an empty history and trains a first model; false when there is not enough history. */
    private boolean bootstrap(LearnedImpactPredictor learned, Project project) {
        try {
            if (learned.historySize() == 0 && Files.isDirectory(project.root().resolve(".git"))) {
                List<UpdateHistoryRecord> mined = new GitHistoryMiner(GitMiningOptions.including(include)).mine(project.root()).records();
                learned.importHistory(mined);
                insights.add("imported " + mined.size() + " change transaction(s) from the project's git log");
            }
            if (learned.historySize() == 0) {
                return false;
            }
            TrainingReport report = learned.retrain();
            report.insights().forEach(i -> insights.add(i.message()));
            return learned.model().isPresent();
        } catch (InsufficientHistoryException e) {
            LOG.info("no impact model for {} yet: {}", project.root(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.warn("could not train an impact model for {}", project.root(), e);
            return false;
        }
    }

    @Override
    public OptionalDouble learn(UpdateHistoryEntry outcome, ProjectSnapshot snapshot) {
        if (!(snapshot instanceof Project project)) {
            return OptionalDouble.empty();
        }
        LearnedImpactPredictor learned = forProject(project);
        Set<String> changed = new HashSet<>(outcome.changedFiles());
        Map<String, Duration> durations = new LinkedHashMap<>();
        outcome.stepMillis().forEach((k, v) -> durations.put(k, Duration.ofMillis(v)));
        UpdateHistoryRecord record = new UpdateHistoryRecord(outcome.executionId(), Optional.empty(), Optional.empty(),
                OffsetDateTime.ofInstant(outcome.at(), ZoneOffset.UTC), outcome.author(), RecordSource.ORCHESTRATOR,
                outcome.changedFiles().stream().map(FileChange::modified).toList(), outcome.predictedFiles(),
                outcome.updatedFiles().stream().filter(f -> !changed.contains(f)).toList(), durations,
                outcome.failures().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
        OutcomeReport report = learned.recordOutcome(record);
        insights.clear();
        report.insights().forEach(i -> insights.add(i.message()));
        report.retrained().ifPresent(t -> t.insights().forEach(i -> insights.add(i.message())));
        // points of MAP on held-out history, measured by the trainer; empty when no comparison was possible
        return report.retrained().map(TrainingReport::modelImprovement).filter(OptionalDouble::isPresent)
                .map(d -> OptionalDouble.of(d.getAsDouble() * 100.0)).orElse(OptionalDouble.empty());
    }

    @Override
    public List<String> insights() {
        return List.copyOf(insights);
    }

    /** The project's references as a link graph: file to file, and file to the file that defines the entity it names. */
    static LinkGraph linkGraph(Project project) {
        AdjacencyLinkGraph.Builder b = AdjacencyLinkGraph.builder();
        Map<String, String> definedIn = new LinkedHashMap<>();
        for (EntityInfo e : project.entities()) {
            definedIn.put(e.name(), e.definedIn());
        }
        for (Reference r : project.references()) {
            if (!r.resolved()) {
                continue;
            }
            String to = r.targetIsEntity() ? definedIn.get(r.target()) : r.target();
            if (to != null && !to.equals(r.fromFile())) {
                b.addEdge(r.fromFile(), to, r.kind() == EdgeKind.MENTIONS ? "mention" : r.syntax());
            }
        }
        return b.build();
    }
}
