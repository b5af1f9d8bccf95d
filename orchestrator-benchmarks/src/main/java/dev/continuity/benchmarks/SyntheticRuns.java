package dev.continuity.benchmarks;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.DependencyGraphView;
import dev.continuity.api.EnhancedUpdateType;
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
import dev.continuity.core.execute.DagExecutor;
import dev.continuity.core.execute.StagingProjectWriter;
import dev.continuity.core.project.PathGuard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plans of independent steps and runs of them, for the executor benchmarks. */
final class SyntheticRuns {
    static final ChangeContext CHANGE = ChangeContext.of(UpdateType.PLOT_CHANGE, "plot.yaml");
    static final PredictiveImpactAnalysis IMPACT = new PredictiveImpactAnalysis(List.of(), Map.of(), Map.of(), List.of(), 0, List.of(), List.of(),
            List.of("plot.yaml"), List.of());
    static final ProjectSnapshot EMPTY = new ProjectSnapshot() {
        @Override public List<String> files() { return List.of(); }
        @Override public Optional<FileKind> kind(String path) { return Optional.empty(); }
        @Override public Optional<String> text(String path) { return Optional.empty(); }
        @Override public List<EntityInfo> entities() { return List.of(); }
        @Override public Optional<EntityInfo> entity(String nameAliasOrId) { return Optional.empty(); }
        @Override public List<Reference> referencesFrom(String path) { return List.of(); }
        @Override public List<Reference> referencesTo(String target) { return List.of(); }
    };

    private SyntheticRuns() {}

    /** {@code n} independent steps of one handler and service, in priority order. */
    static IntelligentUpdatePlan plan(int n, String handlerId, String service) {
        List<OptimizedStep> steps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = String.format("s%06d", i);
            UpdateStep s = new UpdateStep(id, "40_原稿/第" + (i / 100 + 1) + "巻/第" + (i % 100 + 1) + "話.md", FileKind.MANUSCRIPT, handlerId, service,
                    List.of(), Duration.ofMillis(100), RiskLevel.LOW, 0.01, List.of("benchmark"));
            steps.add(new OptimizedStep(s, i, 0, 0.1, 0));
        }
        return new IntelligentUpdatePlan("plan-bench", steps, DependencyGraphView.empty(), Map.of(), List.of(), List.of(), Map.of(), "bench",
                List.of(OptimizationGoal.MINIMIZE_TIME), 1);
    }

    static DagExecutor.Run run(DagExecutor executor, String executionId, IntelligentUpdatePlan plan, PathGuard guard, UpdateHandler handler) {
        return new DagExecutor.Run(executionId, plan, CHANGE, EnumSet.of(EnhancedUpdateType.INTELLIGENT_PLOT), IMPACT, EMPTY,
                new StagingProjectWriter(guard), Map.of(handler.id(), handler), executor.track(executionId, plan), MLConfiguration.defaults());
    }

    static PathGuard tempGuard() {
        try {
            return new PathGuard(Files.createTempDirectory("continuity-exec-bench-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
