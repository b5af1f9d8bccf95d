package dev.continuity.core;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.core.project.Project;
import dev.continuity.core.report.FileContents;
import dev.continuity.core.report.ReportStore;
import dev.continuity.core.report.RunRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Stores a report of every run under {@code .continuity/reports/} ({@link Orchestrators.Builder#recordReports()}):
 * the run's events come through its {@link RunRecorder} (registered as a listener), the contents of the changed files
 * from the scan the run started from and the writes it staged. A failure here is logged and counted
 * ({@code continuity.plugin.failures{plugin=run-report}}), never a failure of the run.
 */
final class ReportRecording {
    private static final Logger LOG = LoggerFactory.getLogger(ReportRecording.class);

    private final RunRecorder recorder;
    private final ReportStore store;
    private final MeterRegistry meters;

    ReportRecording(java.nio.file.Path root, InstantSource clock, MeterRegistry meters) {
        this.recorder = new RunRecorder(clock);
        this.store = ReportStore.of(root);
        this.meters = meters;
    }

    RunRecorder listener() {
        return recorder;
    }

    /** Builds and stores the report of a finished run. */
    void record(ConsistencyUpdateRequest request, EnhancedUpdateResponse response, RealTimeMonitor monitor, Project before, Map<String, byte[]> staged) {
        try {
            Map<String, FileContents> contents = new LinkedHashMap<>();
            staged.forEach((path, bytes) -> contents.put(path, new FileContents(before.text(path), new String(bytes, StandardCharsets.UTF_8))));
            store.save(recorder.report(request, response, monitor, contents));
        } catch (java.io.UncheckedIOException e) {
            // the file system refused (read-only, full, permissions): say so in one line; the trace is for debugging
            LOG.warn("cannot store the report of {}: {}: {}; the run itself is not affected", response.executionId(), e.getMessage(),
                    e.getCause());
            LOG.debug("report store failure", e);
            meters.counter("continuity.plugin.failures", "plugin", "run-report").increment();
        } catch (RuntimeException e) {
            LOG.warn("cannot store the report of {}; the run itself is not affected", response.executionId(), e);
            meters.counter("continuity.plugin.failures", "plugin", "run-report").increment();
        }
    }

    /** A recording when {@code enabled}. */
    static Optional<ReportRecording> of(boolean enabled, java.nio.file.Path root, InstantSource clock, MeterRegistry meters) {
        return enabled ? Optional.of(new ReportRecording(root, clock, meters)) : Optional.empty();
    }
}
