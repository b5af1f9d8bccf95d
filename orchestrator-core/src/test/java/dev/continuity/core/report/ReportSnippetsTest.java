package dev.continuity.core.report;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.UpdateType;
import dev.continuity.core.Fixture;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples of the report package's Javadoc and of docs/report.md, compiled and run. */
class ReportSnippetsTest {
    @TempDir
    Path root;

    private final ConsistencyUpdateRequest request = ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.PLOT_CHANGE)
            .changedFile("20_プロット/全体構成.yaml").build();
    private final MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.5).build();

    @Test
    void recordReportsThenReadAndRender() throws Exception {
        Fixture.saga(root);
        // docs/report.md, "Getting one"
        try (Orchestrator o = Orchestrators.builder(root).recordReports().build()) {
            EnhancedUpdateResponse response = o.executeIntelligentUpdate(request, MLConfiguration.defaults());
            RunReport report = ReportStore.of(root).load(response.executionId());
            Files.writeString(root.resolve("report.html"), ReportFormat.HTML.render(report));
        }
        // RunReport and ReportStore
        Path projectRoot = root;
        RunReport newest = ReportStore.of(projectRoot).newest().orElseThrow();
        Files.writeString(root.resolve("newest.html"), ReportFormat.HTML.render(newest));
        ReportFormat format = ReportFormat.parse("md");

        assertThat(root.resolve("report.html")).content().startsWith("<!DOCTYPE html>");
        assertThat(format).isEqualTo(ReportFormat.MARKDOWN);
        assertThat(ReportStore.of(projectRoot).load(newest.executionId()).executionId()).isEqualTo(newest.executionId());
    }

    @Test
    void aRecorderOfYourOwn() throws Exception {
        Fixture.saga(root);
        // RunRecorder's Javadoc
        RunRecorder recorder = new RunRecorder();
        RunReport report;
        try (Orchestrator o = Orchestrators.builder(root).listener(recorder).build()) {
            EnhancedUpdateResponse response = o.executeIntelligentUpdate(request, ml);
            report = recorder.report(request, response, o.monitorRealTimeProgress(response.executionId()), Map.of());
            Files.writeString(root.resolve("report.html"), ReportFormat.HTML.render(report));
        }
        assertThat(report.timings()).isNotEmpty();
        assertThat(report.diffs()).as("no contents were given").isEmpty();
        assertThat(root.resolve(".continuity/reports")).as("nothing stored").doesNotExist();
    }
}
