package dev.continuity.core.execute;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.DependencyGraphView;
import dev.continuity.api.EntityInfo;
import dev.continuity.api.FileKind;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.OptimizationGoal;
import dev.continuity.api.OptimizedStep;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.Reference;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.UpdateType;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.project.PathGuard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Synthetic plans and runs for executor tests and benchmarks. */
public final class Plans {
    private Plans() {}

    public static UpdateStep step(String id, String handlerId, String service, String... dependsOn) {
        return new UpdateStep(id, "files/" + id + ".md", FileKind.MANUSCRIPT, handlerId, service, List.of(dependsOn), Duration.ofMillis(100),
                RiskLevel.LOW, 0.01, List.of("test"));
    }

    /** A plan whose priority order is the list order. */
    public static IntelligentUpdatePlan plan(List<UpdateStep> steps) {
        List<OptimizedStep> opt = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            opt.add(new OptimizedStep(steps.get(i), i, 0, 0, 0));
        }
        return new IntelligentUpdatePlan("plan-test", opt, DependencyGraphView.empty(), Map.of(), List.of(), List.of(), Map.of(), "test",
                List.of(OptimizationGoal.MINIMIZE_TIME), 1);
    }

    public static final ChangeContext CHANGE = ChangeContext.of(UpdateType.PLOT_CHANGE, "plot.yaml");

    public static final PredictiveImpactAnalysis IMPACT = new PredictiveImpactAnalysis(List.of(), Map.of(), Map.of(), List.of(), 0, List.of(),
            List.of(), List.of("plot.yaml"), List.of());

    public static final ProjectSnapshot EMPTY_PROJECT = new ProjectSnapshot() {
        @Override public List<String> files() { return List.of(); }
        @Override public Optional<FileKind> kind(String path) { return Optional.empty(); }
        @Override public Optional<String> text(String path) { return Optional.empty(); }
        @Override public List<EntityInfo> entities() { return List.of(); }
        @Override public Optional<EntityInfo> entity(String nameAliasOrId) { return Optional.empty(); }
        @Override public List<Reference> referencesFrom(String path) { return List.of(); }
        @Override public List<Reference> referencesTo(String target) { return List.of(); }
    };

    /** A run of {@code plan} under {@code executionId}, staging into a writer over {@code root}. */
    public static DagExecutor.Run run(DagExecutor executor, String executionId, IntelligentUpdatePlan plan, Path root, Map<String, UpdateHandler> handlers) {
        return new DagExecutor.Run(executionId, plan, CHANGE, EnumSet.of(dev.continuity.api.EnhancedUpdateType.INTELLIGENT_PLOT), IMPACT, EMPTY_PROJECT,
                new StagingProjectWriter(new PathGuard(root)), handlers, executor.track(executionId, plan), MLConfiguration.defaults());
    }
}
