package dev.continuity.consumer;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.UpdateType;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.ImpactPredictor;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;

import java.nio.file.Path;
import java.util.ServiceLoader;

/** Runs the README's example on the project given as the argument, with every plugin found by ServiceLoader. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        ServiceLoader.load(ImpactPredictor.class).forEach(p -> System.out.println("predictor " + p.id()));
        System.out.println("strategies " + ServiceLoader.load(FixStrategy.class).stream().count()
                + ", detectors " + ServiceLoader.load(IssueDetector.class).stream().count());
        try (Orchestrator orchestrator = Orchestrators.builder(root).discoverPlugins().recordReports().build()) {
            PredictiveImpactAnalysis impact = orchestrator.predictUpdateImpact(
                    ChangeContext.of(UpdateType.PLOT_CHANGE, "20_プロット/全体構成.yaml"), 0.5);
            System.out.println("impacted " + impact.impactedFiles().size());
            EnhancedUpdateResponse response = orchestrator.executeIntelligentUpdate(ConsistencyUpdateRequest.builder()
                            .projectName("large_fantasy_saga").updateType(UpdateType.PLOT_CHANGE)
                            .changedFile("20_プロット/全体構成.yaml").build(),
                    MLConfiguration.defaults());
            System.out.println("status " + response.status() + ", changed " + response.changedFiles().size());
            System.out.println("issues " + orchestrator.detectIssues().size());
        }
    }
}
