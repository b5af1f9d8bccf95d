package dev.continuity.ml;

import dev.continuity.api.EdgeKind;
import dev.continuity.api.EntityInfo;
import dev.continuity.api.FileKind;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.Reference;
import dev.continuity.api.UpdateHistoryEntry;
import dev.continuity.api.spi.ImpactPredictor;
import dev.continuity.api.spi.ImpactQuery;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.impact.GraphImpactPredictor;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectScanner;
import dev.continuity.ml.features.AdjacencyLinkGraph;
import dev.continuity.ml.features.ChangeQuery;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.history.GitHistoryMiner;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.history.RecordSource;
import dev.continuity.ml.history.UpdateHistoryRecord;
import dev.continuity.ml.model.InsufficientHistoryException;
import dev.continuity.ml.model.ModelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.io.IOException;
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
    /**
     * Why a project has no learned model yet, once per project and process, at INFO: a host may show it to the user (the
     * command line does), since the impact then holds the graph's predictions alone.
     */
    private static final Logger STATUS = LoggerFactory.getLogger("dev.continuity.ml.status");
    private final Set<Path> told = ConcurrentHashMap.newKeySet();
    /** Why the git log of a project could not be mined the last time it was tried, by project root; absent once it was. */
    private final Map<Path, String> miningFailures = new ConcurrentHashMap<>();
    /**
     * The text formats of writing projects, for callers who want git mining narrower than the default (every file a scan
     * of the project keeps, {@link ProjectScanner#keptPathsRegex}); pass it to
     * {@link #TribuoImpactPredictor(MlOptions, InstantSource, String)}.
     */
    public static final String DEFAULT_INCLUDE = ".*\\.(md|markdown|ya?ml|txt|nwd|xhtml|html|tex|rst|org)$";
    /** Predictions below this confidence are not reported at all (the request's threshold filters further). */
    public static final double REPORT_FLOOR = 0.05;

    private final MlOptions options;
    private final InstantSource clock;
    private final String include;
    private final Map<Path, LearnedImpactPredictor> byRoot = new ConcurrentHashMap<>();
    private final Map<Path, ProjectEdits> edits = new ConcurrentHashMap<>();
    /** What the last {@link #learn} measured, after {@link #pending}. */
    private final List<String> insights = new CopyOnWriteArrayList<>();
    /** What happened since the last {@link #learn} (a first training, a retraining for another type, a repair). */
    private final List<String> pending = new CopyOnWriteArrayList<>();

    /**
     * The predictor {@link java.util.ServiceLoader} creates: default options, the system clock (for its records and model
     * metadata; a prediction is made at its query's time, {@link dev.continuity.api.spi.ImpactQuery#at()}), and git history mined
     * for every file a scan of the project keeps ({@link ProjectScanner#keptPathsRegex}).
     */
    public TribuoImpactPredictor() {
        this(MlOptions.defaults(), InstantSource.system());
    }

    /**
     * A predictor that mines git history for every file a scan of the project keeps
     * ({@link ProjectScanner#keptPathsRegex}: not hidden, not ignored by the project's configuration, not binary).
     *
     * @param options the learning options
     * @param clock   the clock of records and model metadata
     */
    public TribuoImpactPredictor(MlOptions options, InstantSource clock) {
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.include = null;
    }

    /**
     * A predictor that mines git history for the files an explicit pattern names, whatever the project's scan keeps.
     *
     * @param options the learning options
     * @param clock   the clock of records and model metadata
     * @param include a regular expression that must match the whole project-relative path ({@code /}-separated) of
     *                the files git history mining keeps, e.g. {@link #DEFAULT_INCLUDE}
     * @throws IllegalArgumentException when {@code include} is not a valid regular expression
     */
    public TribuoImpactPredictor(MlOptions options, InstantSource clock, String include) {
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.include = GitMiningOptions.including(include).includeRegex();
    }

    /** The files git history mining keeps for this project: the given pattern, or the files its scan keeps. */
    private String include(Project project) {
        return include != null ? include : ProjectScanner.keptPathsRegex(project.config());
    }

    @Override
    public String id() {
        return "tribuo";
    }

    /** The learned predictor of a project, created on first use: it reads the history and the current model. */
    public LearnedImpactPredictor forProject(Project project) {
        return byRoot.computeIfAbsent(project.root(), root -> {
            LearnedImpactPredictor p = LearnedImpactPredictor.builder(root).options(options).clock(clock)
                    .trainingLinkGraph(() -> linkGraph(project)).trainingEdits(() -> edits(project).history()).build();
            p.historyRepair().ifPresent(r -> pending.add(r.describe()));
            return p;
        });
    }

    /**
     * The model type a request names ({@link dev.continuity.api.MLConfiguration#MODEL_TYPES}); {@code auto} and names
     * this predictor does not know choose on held-out history.
     */
    static ModelType modelType(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "logistic" -> ModelType.LOGISTIC;
            case "random_forest" -> ModelType.RANDOM_FOREST;
            case "ensemble" -> ModelType.ENSEMBLE;
            default -> ModelType.AUTO;
        };
    }

    @Override
    public List<ImpactedFile> predict(ImpactQuery query) {
        if (!(query.project() instanceof Project project) || query.modelType().equals("graph")) {
            return List.of();
        }
        LearnedImpactPredictor learned = forProject(project);
        if (!ensureModel(learned, project, modelType(query.modelType()))) {
            return List.of();
        }
        Set<String> changed = new HashSet<>(query.change().changedFiles());
        List<String> candidates = project.files().stream().filter(f -> !changed.contains(f)).toList();
        ChangeQuery change = new ChangeQuery(edits(project).changes(query.change().changedFiles()), author(query.change().author(), project),
                OffsetDateTime.ofInstant(query.at(), ZoneOffset.UTC), linkGraph(project),
                edits(project).current(query.change().changedFiles(), renamedFrom(query), candidates));
        ImpactPrediction prediction = learned.predict(change, candidates);
        String model = prediction.modelId().orElse("model");
        List<ImpactedFile> out = new ArrayList<>();
        int rank = 0;
        for (RankedCandidate c : prediction.ranked()) {
            rank++;
            if (c.confidence() < REPORT_FLOOR) {
                continue;
            }
            FileKind kind = project.kind(c.file()).orElse(FileKind.OTHER);
            String why = c.explanation().stream().limit(3)
                    .map(f -> String.format(Locale.ROOT, "%s=%.3g (%+.2f)", f.feature(), f.value(), f.contribution()))
                    .collect(Collectors.joining(", "));
            if (why.isEmpty()) {
                why = "ranked " + rank + "; only the " + learned.options().explainTop() + " best-ranked files are explained"
                        + " (MlOptions.explainTop)";
            }
            out.add(new ImpactedFile(c.file(), kind, Math.min(1.0, c.confidence()), GraphImpactPredictor.risk(kind, c.confidence(), 0), -1,
                    List.of("learned " + model + " (" + prediction.source().name().toLowerCase(Locale.ROOT) + "): " + why), "model"));
        }
        return out;
    }

    ProjectEdits edits(Project project) {
        return edits.computeIfAbsent(project.root(), r -> new ProjectEdits(r, include(project)));
    }

    /**
     * The old names of a rename ({@code rename.from} in the change's context: one name, or a list when a name and its
     * aliases were renamed at once), which the change removed, as one text.
     */
    private static Optional<String> renamedFrom(ImpactQuery query) {
        Object from = query.change().attributes().get("rename.from");
        if (from instanceof List<?> l) {
            from = l.stream().map(String::valueOf).collect(Collectors.joining(" "));
        }
        return from instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /**
     * Makes sure the project has a model of the requested type: trains a first one (from the git log when the history
     * is empty) or, when the current model was asked for as another type, retrains with this one. False when there is
     * no model to predict with.
     */
    private boolean ensureModel(LearnedImpactPredictor learned, Project project, ModelType type) {
        synchronized (learned) {
            syncGit(learned, project);
            Optional<dev.continuity.ml.model.ModelMetadata> current = learned.model();
            if (current.isPresent() && current.get().requestedType() == type) {
                return true;
            }
            if (current.isEmpty()) {
                return bootstrap(learned, project, type);
            }
            try {
                TrainingReport report = learned.retrain(type);
                report.insights().forEach(i -> pending.add(i.message()));
            } catch (RuntimeException e) {
                LOG.warn("could not train a {} impact model for {}; predicting with the current {} model",
                        type, project.root(), current.get().type(), e);
            }
            return true;
        }
    }

    /**
     * Where the commit last mined is noted: {@code HEAD's id (and a shallow clone's boundary commits), the include pattern,
     * the number of git records the history held then}.
     */
    static final String MINED_MARKER = ".continuity/git-mined";

    /**
     * Brings the history up to the git log: mines it when {@code HEAD} moved since it was last mined (a commit, a
     * checkout, a fetch that deepened a shallow clone), when the include pattern changed, or when the history holds fewer
     * mined records than were mined (a history deleted or damaged). Commits the history already holds are not added
     * again, and the records of commits no ref reaches any more (amended, rebased, reset away) are dropped. Once per
     * {@code HEAD}: a log without content files is not walked again until it moves. After a commit (or any move of
     * {@code HEAD} with the same pattern and shallow boundary) only the commits the last mined {@code HEAD} does not
     * reach are diffed ({@link GitHistoryMiner#mineSince}); anything else is mined whole.
     */
    private void syncGit(LearnedImpactPredictor learned, Project project) {
        Optional<ProjectEdits.GitLocation> git = ProjectEdits.locate(project.root());
        if (git.isEmpty()) {
            return;
        }
        String include = git.get().repoInclude(include(project));
        Path marker = project.root().resolve(MINED_MARKER);
        try {
            String head;
            try (org.eclipse.jgit.lib.Repository repo = dev.continuity.ml.git.GitRepositories.open(git.get().gitDir().toPath())) {
                org.eclipse.jgit.lib.ObjectId id = repo.resolve(org.eclipse.jgit.lib.Constants.HEAD);
                if (id == null) {
                    return;        // no commit yet
                }
                // a fetch that deepens a shallow clone brings older commits without moving HEAD: its boundary counts too
                head = id.name() + repo.getObjectDatabase().getShallowCommits().stream().map(org.eclipse.jgit.lib.ObjectId::name)
                        .sorted().map(c -> " shallow:" + c).collect(Collectors.joining());
            }
            List<String> noted = java.nio.file.Files.isRegularFile(marker)
                    ? java.nio.file.Files.readAllLines(marker, java.nio.charset.StandardCharsets.UTF_8) : List.of();
            if (noted.size() == 3 && noted.get(0).equals(head) && noted.get(1).equals(include)
                    && learned.gitRecordCount() >= Integer.parseInt(noted.get(2))) {
                return;
            }
            GitHistoryMiner miner = new GitHistoryMiner(GitMiningOptions.including(include), git.get().prefix());
            Path gitDir = git.get().gitDir().toPath();
            Optional<String> minedBefore = continuable(noted, head, include, learned.gitRecordCount());
            List<UpdateHistoryRecord> mined = (minedBefore.isPresent() ? miner.mineSince(gitDir, minedBefore.get())
                    : miner.mine(gitDir)).records().stream().map(git.get()::toProject).toList();
            int before = learned.historySize();
            learned.importHistory(mined);
            int added = learned.historySize() - before;
            if (added > 0) {
                pending.add("imported " + added + " change transaction(s) from the project's git log");
            }
            Set<String> live = reachableCommits(git.get().gitDir().toPath());
            int dropped = learned.forgetCommits(c -> !live.contains(c));
            if (dropped > 0) {
                pending.add("dropped " + dropped + " change transaction(s) of commits no longer in the git history"
                        + " (amended, rebased or reset away)");
            }
            java.nio.file.Files.createDirectories(marker.getParent());
            Path tmp = marker.resolveSibling("git-mined.tmp");
            java.nio.file.Files.writeString(tmp, head + "\n" + include + "\n" + learned.gitRecordCount() + "\n",
                    java.nio.charset.StandardCharsets.UTF_8);
            java.nio.file.Files.move(tmp, marker, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            miningFailures.remove(project.root());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not bring the learned history up to the git log of {}: {}", project.root(), e.toString());
            miningFailures.put(project.root(), e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    /**
     * The commit the last mining run started from, when this one may continue it ({@link GitHistoryMiner#mineSince}):
     * the same include pattern, the same shallow boundary (a deepened clone brings commits behind the old {@code HEAD},
     * which only a whole run mines), and a history that still holds every record noted.
     */
    static Optional<String> continuable(List<String> noted, String head, String include, int gitRecords) {
        if (noted.size() != 3 || !noted.get(1).equals(include)) {
            return Optional.empty();
        }
        try {
            if (gitRecords < Integer.parseInt(noted.get(2))) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int cut = noted.get(0).indexOf(' ');
        String before = cut < 0 ? noted.get(0) : noted.get(0).substring(0, cut);
        String shallow = cut < 0 ? "" : noted.get(0).substring(cut);
        int headCut = head.indexOf(' ');
        String headShallow = headCut < 0 ? "" : head.substring(headCut);
        return shallow.equals(headShallow) && org.eclipse.jgit.lib.ObjectId.isId(before) ? Optional.of(before)
                : Optional.empty();
    }

    /**
     * The commits any branch, tag, remote-tracking branch or {@code HEAD} reaches: what the repository's history holds.
     * A commit left behind by {@code git commit --amend}, a rebase or {@code git reset} is not among them (the reflog
     * does not count); the commits of a branch not checked out are.
     */
    static Set<String> reachableCommits(Path gitDir) throws IOException {
        Set<String> out = new HashSet<>();
        try (org.eclipse.jgit.lib.Repository repo = dev.continuity.ml.git.GitRepositories.open(gitDir);
             org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
            List<org.eclipse.jgit.lib.Ref> refs = new ArrayList<>(repo.getRefDatabase().getRefs());
            Optional.ofNullable(repo.exactRef(org.eclipse.jgit.lib.Constants.HEAD)).ifPresent(refs::add);
            for (org.eclipse.jgit.lib.Ref ref : refs) {
                if (ref.getObjectId() == null) {
                    continue;
                }
                try {
                    if (walk.peel(walk.parseAny(ref.getObjectId())) instanceof org.eclipse.jgit.revwalk.RevCommit c) {
                        walk.markStart(c);
                    }
                } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                    LOG.debug("ref {} names a missing object", ref.getName(), e);
                }
            }
            for (org.eclipse.jgit.revwalk.RevCommit c : walk) {
                out.add(c.name());
            }
        }
        return out;
    }

    private void tell(Project project, String why) {
        if (told.add(project.root())) {
            STATUS.info("no learned impact model for {} yet: {}; the impact holds the graph's predictions alone", project.root(), why);
        }
    }

    /** Trains a first model on the history (brought up to the git log); false when there is not enough history. */
    private boolean bootstrap(LearnedImpactPredictor learned, Project project, ModelType type) {
        try {
            if (learned.historySize() == 0) {
                String failure = miningFailures.get(project.root());
                if (failure != null) {
                    tell(project, "its git log could not be read (" + failure + ")");
                } else if (ProjectEdits.locate(project.root()).isPresent()) {       // outside git, an empty history is no surprise
                    tell(project, "no commit of the project's git log changes from 1 to "
                            + GitMiningOptions.MAX_FILES_PER_COMMIT + " of the files it keeps (a commit that changes more,"
                            + " such as a first commit that adds every file, is a bulk edit and left out)");
                }
                return false;
            }
            TrainingReport report = learned.retrain(type);
            report.insights().forEach(i -> pending.add(i.message()));
            return learned.model().isPresent();
        } catch (InsufficientHistoryException e) {
            tell(project, e.getMessage() + " (" + learned.historySize() + " change transaction(s) recorded)");
            return false;
        } catch (RuntimeException e) {
            LOG.warn("could not train an impact model for {}", project.root(), e);
            return false;
        }
    }

    /** Learns from the outcome, judging its anomalies with this predictor's {@link MlOptions#anomalySensitivity()}. */
    @Override
    public OptionalDouble learn(UpdateHistoryEntry outcome, ProjectSnapshot snapshot) {
        return learn(outcome, snapshot, options.anomalySensitivity());
    }

    /** Learns from the outcome, judging its anomalies with the request's anomaly detection sensitivity. */
    @Override
    public OptionalDouble learn(UpdateHistoryEntry outcome, ProjectSnapshot snapshot, MLConfiguration configuration) {
        return learn(outcome, snapshot, configuration.anomalyDetectionSensitivity());
    }

    private OptionalDouble learn(UpdateHistoryEntry outcome, ProjectSnapshot snapshot, double anomalySensitivity) {
        if (!(snapshot instanceof Project project)) {
            return OptionalDouble.empty();
        }
        LearnedImpactPredictor learned = forProject(project);
        OutcomeReport report = learned.recordOutcome(record(outcome, project), true, anomalySensitivity);
        synchronized (pending) {
            insights.clear();
            insights.addAll(pending);
            pending.clear();
        }
        report.insights().forEach(i -> insights.add(i.message()));
        report.retrained().ifPresent(t -> t.insights().forEach(i -> insights.add(i.message())));
        // points of MAP on held-out history, measured by the trainer; empty when no comparison was possible
        return report.retrained().map(TrainingReport::modelImprovement).filter(OptionalDouble::isPresent)
                .map(d -> OptionalDouble.of(d.getAsDouble() * 100.0)).orElse(OptionalDouble.empty());
    }

    /** Appends the outcome to the project's history, measured against the current model, without retraining. */
    @Override
    public void record(UpdateHistoryEntry outcome, ProjectSnapshot snapshot) {
        record(outcome, snapshot, options.anomalySensitivity());
    }

    /** Appends the outcome as the two-argument method does, judging its anomalies with the request's sensitivity. */
    @Override
    public void record(UpdateHistoryEntry outcome, ProjectSnapshot snapshot, MLConfiguration configuration) {
        record(outcome, snapshot, configuration.anomalyDetectionSensitivity());
    }

    private void record(UpdateHistoryEntry outcome, ProjectSnapshot snapshot, double anomalySensitivity) {
        if (snapshot instanceof Project project) {
            forProject(project).recordOutcome(record(outcome, project), false, anomalySensitivity);
        }
    }

    /**
     * Who made a change: the name the caller gave, else the git {@code user.name} of the project's repository, which
     * names the author the way the mined git history does (the author features learn from both alike).
     */
    private Optional<String> author(Optional<String> given, Project project) {
        return given.or(() -> edits(project).gitUser());
    }

    /** The history record of a run: the changed files with their size against {@code HEAD}, and what it updated. */
    private UpdateHistoryRecord record(UpdateHistoryEntry outcome, Project project) {
        Set<String> changed = new HashSet<>(outcome.changedFiles());
        Map<String, Duration> durations = new LinkedHashMap<>();
        outcome.stepMillis().forEach((k, v) -> durations.put(k, Duration.ofMillis(v)));
        return new UpdateHistoryRecord(outcome.executionId(), Optional.empty(), Optional.empty(),
                OffsetDateTime.ofInstant(outcome.at(), ZoneOffset.UTC), author(outcome.author(), project), RecordSource.ORCHESTRATOR,
                edits(project).changes(outcome.changedFiles()), outcome.predictedFiles(),
                outcome.updatedFiles().stream().filter(f -> !changed.contains(f)).toList(), durations,
                outcome.failures().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList(),
                outcome.flaggedFiles().stream().filter(f -> !changed.contains(f)).toList());
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
