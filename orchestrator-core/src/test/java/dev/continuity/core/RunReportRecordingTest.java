package dev.continuity.core;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileChange;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.UpdateType;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.report.ReportStore;
import dev.continuity.core.report.RunReport;
import dev.continuity.core.report.RunReport.AttemptResult;
import dev.continuity.core.report.RunReport.FileDiff;
import dev.continuity.core.report.RunReport.StepTiming;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code recordReports()}: every run leaves a report with its timings, events and diffs; storing it never fails a run. */
class RunReportRecordingTest {
    @TempDir
    Path dir;

    private static final MLConfiguration ML = MLConfiguration.builder().confidenceThreshold(0.5).build();

    private static ConsistencyUpdateRequest plotChange(boolean dryRun) {
        return ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.PLOT_CHANGE).changedFile("20_プロット/全体構成.yaml")
                .dryRun(dryRun).build();
    }

    @Test
    void aRunLeavesAReportWithTheTimingOfEveryStepAndTheDiffOfEveryChangedFile() throws Exception {
        Fixture.saga(dir);
        Map<String, String> before = Fixture.snapshot(dir);
        EnhancedUpdateResponse r;
        try (Orchestrator o = Orchestrators.builder(dir).workers(2).recordReports().build()) {
            r = o.executeIntelligentUpdate(plotChange(false), ML);
        }
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        RunReport report = ReportStore.of(dir).load(r.executionId());

        assertThat(report.request()).isEqualTo(plotChange(false));
        assertThat(report.response().executionId()).isEqualTo(r.executionId());
        assertThat(report.monitor().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(report.timings()).hasSize(r.stepResults().size()).allSatisfy(t -> {
            assertThat(t.result()).isIn(AttemptResult.UPDATED, AttemptResult.UNCHANGED);
            assertThat(t.endSeconds()).isGreaterThanOrEqualTo(t.startSeconds());
        });
        assertThat(report.timings()).extracting(StepTiming::stepId).containsExactlyInAnyOrderElementsOf(
                r.stepResults().stream().map(dev.continuity.api.StepResult::stepId).toList());
        assertThat(report.diffs()).extracting(FileDiff::path)
                .containsExactlyElementsOf(r.changedFiles().stream().map(FileChange::path).distinct().toList());
        for (FileDiff d : report.diffs()) {
            assertThat(d.written()).isTrue();
            assertThat(d.added()).as(d.path()).isPositive();
            String after = Files.readString(dir.resolve(d.path()));
            d.lines().stream().filter(l -> l.startsWith("+")).forEach(l -> assertThat(after).contains(l.substring(1)));
            if (!d.created()) {
                d.lines().stream().filter(l -> l.startsWith("-")).forEach(l -> assertThat(before.get(d.path())).contains(l.substring(1)));
            }
        }
        assertThat(ReportStore.of(dir).newest().orElseThrow().executionId()).isEqualTo(r.executionId());
    }

    @Test
    void aDryRunIsReportedWithWhatWouldHaveChangedMarkedNotWritten() {
        Fixture.saga(dir);
        EnhancedUpdateResponse r;
        try (Orchestrator o = Orchestrators.builder(dir).recordReports().build()) {
            r = o.executeIntelligentUpdate(plotChange(true), ML);
        }
        RunReport report = ReportStore.of(dir).load(r.executionId());
        assertThat(r.changedFiles()).isEmpty();
        assertThat(report.diffs()).isNotEmpty().allSatisfy(d -> assertThat(d.written()).isFalse());
    }

    @Test
    void aFailedRunIsReportedToo() {
        Fixture.saga(dir);
        UpdateHandler broken = quotaExceeded();
        EnhancedUpdateResponse r;
        try (Orchestrator o = Orchestrators.builder(dir).handler(broken).recordReports().build()) {
            r = o.executeIntelligentUpdate(plotChange(false), ML);
        }
        assertThat(r.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
        RunReport report = ReportStore.of(dir).load(r.executionId());
        assertThat(report.timings()).anySatisfy(t -> assertThat(t.result()).isEqualTo(AttemptResult.FAILED));
        assertThat(report.events()).anySatisfy(e -> assertThat(e.message()).contains("LLM quota exceeded"));
    }

    @Test
    void anAttemptsWindowIsItsMeasuredDurationNotTheTimeUntilItsEventWasPublished() throws Exception {
        Fixture.saga(dir);
        UpdateHandler broken = quotaExceeded();
        // a slow listener, on a clock it moves instead of sleeping: 20 ms pass while each StepStarted is published
        // (before the handler runs), 150 ms on each alert (raised after a step failed for good, before its StepFailed)
        java.util.concurrent.atomic.AtomicLong passed = new java.util.concurrent.atomic.AtomicLong();
        java.time.InstantSource clock = () -> java.time.Instant.now().plusMillis(passed.get());
        dev.continuity.api.spi.ExecutionListener slow = event -> passed.addAndGet(
                event instanceof dev.continuity.api.ExecutionEvent.StepStarted ? 20
                        : event instanceof dev.continuity.api.ExecutionEvent.AlertRaised ? 150 : 0);
        EnhancedUpdateResponse r;
        try (Orchestrator o = Orchestrators.builder(dir).clock(clock).handler(broken).listener(slow).recordReports().build()) {
            r = o.executeIntelligentUpdate(plotChange(false), ML);
        }
        RunReport report = ReportStore.of(dir).load(r.executionId());
        Map<String, dev.continuity.api.StepResult> results = new java.util.HashMap<>();
        r.stepResults().forEach(s -> results.put(s.stepId(), s));

        assertThat(report.timings()).anySatisfy(t -> assertThat(t.result()).isEqualTo(AttemptResult.FAILED))
                .anySatisfy(t -> assertThat(t.result()).isIn(AttemptResult.UPDATED, AttemptResult.UNCHANGED))
                .filteredOn(t -> t.result() != AttemptResult.UNFINISHED).allSatisfy(t -> assertThat(t.endSeconds() - t.startSeconds())
                        .as("window of %s (%s)", t.stepId(), t.result())
                        .isCloseTo(results.get(t.stepId()).duration().toNanos() / 1e9, org.assertj.core.data.Offset.offset(0.000_005)));

        List<String> csv = dev.continuity.core.report.ReportFormat.CSV.render(report).lines().toList();
        List<String> header = List.of(csv.getFirst().split(","));
        int start = header.indexOf("actual_start_s");
        int end = header.indexOf("actual_end_s");
        int ms = header.indexOf("actual_ms");
        assertThat(csv.subList(1, csv.size())).filteredOn(l -> !l.split(",", -1)[ms].isEmpty()).isNotEmpty().allSatisfy(line -> {
            String[] cells = line.split(",", -1);
            double window = (Double.parseDouble(cells[end]) - Double.parseDouble(cells[start])) * 1000;
            assertThat(window).as(line).isCloseTo(Double.parseDouble(cells[ms]), org.assertj.core.data.Offset.offset(0.005));
        });
    }

    @Test
    void aReportThatCannotBeStoredIsLoggedAndCountedButTheRunGoesOn() throws Exception {
        Fixture.saga(dir);
        Files.createDirectories(dir.resolve(".continuity"));
        Files.writeString(dir.resolve(".continuity/reports"), "a file where the folder should be");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EnhancedUpdateResponse r;
        try (Orchestrator o = Orchestrators.builder(dir).meterRegistry(meters).recordReports().build()) {
            r = o.executeIntelligentUpdate(plotChange(false), ML);
        }
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(meters.get("continuity.plugin.failures").tag("plugin", "run-report").counter().count()).isEqualTo(1.0);
    }

    @Test
    void withoutRecordReportsNothingIsStored() {
        Fixture.saga(dir);
        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            o.executeIntelligentUpdate(plotChange(false), ML);
        }
        assertThat(dir.resolve(".continuity/reports")).doesNotExist();
    }

    /** An LLM handler for manuscripts whose every call fails: "LLM quota exceeded". */
    private static UpdateHandler quotaExceeded() {
        return new UpdateHandler() {
            @Override public HandlerResult apply(StepContext c) {
                throw new IllegalStateException("LLM quota exceeded");
            }
            @Override public String id() { return "llm-rewrite"; }
            @Override public boolean supports(dev.continuity.api.FileKind k, dev.continuity.api.EnhancedUpdateType t) {
                return k == dev.continuity.api.FileKind.MANUSCRIPT;
            }
            @Override public int priority() { return 100; }
        };
    }
}
