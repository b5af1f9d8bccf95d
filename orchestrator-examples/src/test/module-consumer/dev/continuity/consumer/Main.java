package dev.continuity.consumer;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.FileKind;
import dev.continuity.api.UpdateType;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.alerts.WebhookAlertSink;
import dev.continuity.core.execute.ServiceConfig;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.ImpactPredictor;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
        // the README's second example: services, alert sinks and a handler built from lambdas, all from exported packages
        UpdateHandler stamp = UpdateHandler.of("stamp", (kind, type) -> kind == FileKind.MANUSCRIPT,
                ctx -> HandlerResult.unchanged("nothing to stamp"));
        try (Orchestrator orchestrator = Orchestrators.builder(root).handler(stamp)
                .service("llm", ServiceConfig.remoteDefaults().toBuilder().maxConcurrentCalls(4)
                        .timeout(Duration.ofSeconds(90)).build())
                .alertSink(WebhookAlertSink.builder(URI.create("http://127.0.0.1:9/continuity"),
                        "secret".getBytes(StandardCharsets.UTF_8)).build())
                .build()) {
            System.out.println("built with services and alert sinks");
        }
    }
}
