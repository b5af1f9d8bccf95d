package dev.continuity.core.report;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionEvent;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.spi.ExecutionListener;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records the {@link ExecutionEvent}s of runs, with their times, and turns a finished run into a {@link RunReport}.
 * Register it on the builder as a listener; after the run, ask for the report with the response, the monitor's final
 * snapshot and the contents of the changed files you captured (or none: the report then lists the changes without
 * diffs). {@code Orchestrators.builder(root).recordReports()} does all of this, contents included, for every run.
 *
 * <pre>{@code
 * RunRecorder recorder = new RunRecorder();
 * try (Orchestrator o = Orchestrators.builder(root).listener(recorder).build()) {
 *     EnhancedUpdateResponse response = o.executeIntelligentUpdate(request, ml);
 *     RunReport report = recorder.report(request, response, o.monitorRealTimeProgress(response.executionId()), Map.of());
 *     Files.writeString(root.resolve("report.html"), ReportFormat.HTML.render(report));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Keeps the events of at most {@value #KEPT_RUNS} runs (a run's events are dropped when its report is
 * made, or when newer runs push it out) and at most {@value #MAX_EVENTS_PER_RUN} events per run.
 */
public final class RunRecorder implements ExecutionListener {
    static final int KEPT_RUNS = 16;
    static final int MAX_EVENTS_PER_RUN = 500_000;

    private final InstantSource clock;
    private final Map<String, List<ExecutionEvent>> runs = new LinkedHashMap<>();

    /** A recorder whose reports are dated by the system clock. */
    public RunRecorder() {
        this(InstantSource.system());
    }

    /** A recorder whose reports are dated by {@code clock}. */
    public RunRecorder(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void onEvent(ExecutionEvent event) {
        synchronized (runs) {
            List<ExecutionEvent> events = runs.get(event.executionId());
            if (event instanceof ExecutionEvent.Started || events == null) {
                // a re-driven execution starts over under the same id
                runs.remove(event.executionId());
                events = new ArrayList<>();
                runs.put(event.executionId(), events);
                while (runs.size() > KEPT_RUNS) {
                    runs.remove(runs.keySet().iterator().next());
                }
            }
            if (events.size() < MAX_EVENTS_PER_RUN) {
                events.add(event);
            }
        }
    }

    @Override
    public String id() {
        return "run-recorder";
    }

    /** The events recorded for a run so far, in arrival order; empty for a run not seen (or already reported). */
    public List<ExecutionEvent> events(String executionId) {
        synchronized (runs) {
            return List.copyOf(runs.getOrDefault(executionId, List.of()));
        }
    }

    /**
     * The report of a finished run; the run's events are forgotten afterwards.
     *
     * @param request  the request the run answered
     * @param response what the run returned
     * @param monitor  the monitor's snapshot at the end of the run
     * @param contents the before and after text of changed files, by path; files without an entry are listed without a diff
     */
    public RunReport report(ConsistencyUpdateRequest request, EnhancedUpdateResponse response, RealTimeMonitor monitor,
                            Map<String, FileContents> contents) {
        List<ExecutionEvent> events;
        synchronized (runs) {
            events = List.copyOf(runs.getOrDefault(response.executionId(), List.of()));
            runs.remove(response.executionId());
        }
        return ReportAssembler.assemble(request, response, monitor, events, contents, clock.instant());
    }
}
