package dev.continuity.core.report;

import dev.continuity.api.OptimizedStep;
import dev.continuity.api.StepResult;
import dev.continuity.core.report.RunReport.StepTiming;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of a report as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, a
 * quote or a line break), one row per planned step in priority order. Times are in seconds from the run's start,
 * durations in milliseconds; a step that did not run has empty actual columns.
 */
final class CsvReport {
    static final List<String> HEADER = List.of("priority", "step", "file", "kind", "handler", "service", "risk", "depends_on", "planned_worker",
            "planned_start_s", "planned_finish_s", "actual_start_s", "actual_end_s", "actual_ms", "attempts", "outcome", "summary", "error");

    private CsvReport() {}

    static String render(RunReport report) {
        Map<String, StepResult> results = new HashMap<>();
        report.response().stepResults().forEach(r -> results.put(r.stepId(), r));
        Map<String, List<StepTiming>> timings = new HashMap<>();
        report.timings().forEach(t -> timings.computeIfAbsent(t.stepId(), k -> new ArrayList<>()).add(t));
        StringBuilder out = new StringBuilder();
        row(out, HEADER);
        for (OptimizedStep o : report.response().plan().mlOptimizedSteps()) {
            var step = o.step();
            StepResult r = results.get(step.id());
            List<StepTiming> ts = timings.getOrDefault(step.id(), List.of());
            List<String> cells = new ArrayList<>(HEADER.size());
            cells.add(Integer.toString(o.priority()));
            cells.add(step.id());
            cells.add(step.file());
            cells.add(step.kind().name());
            cells.add(r != null ? r.handlerId() : step.handlerId());
            cells.add(step.service());
            cells.add(step.risk().name());
            cells.add(String.join(" ", step.dependsOn()));
            cells.add(Integer.toString(o.worker() + 1));
            cells.add(ReportText.fixed(o.plannedStart(), 3));
            cells.add(ReportText.fixed(o.plannedFinish(), 3));
            cells.add(ts.isEmpty() ? "" : ReportText.fixed(ts.stream().mapToDouble(StepTiming::startSeconds).min().orElseThrow(), 6));
            cells.add(ts.isEmpty() ? "" : ReportText.fixed(ts.stream().mapToDouble(StepTiming::endSeconds).max().orElseThrow(), 6));
            cells.add(r == null || r.attempts() == 0 ? "" : ReportText.fixed(r.duration().toNanos() / 1e6, 3));
            cells.add(r == null ? "0" : Integer.toString(r.attempts()));
            cells.add(r == null ? "NOT_RUN" : r.outcome().name());
            cells.add(r == null ? "" : r.summary());
            cells.add(r == null ? "" : r.error().orElse(""));
            row(out, cells);
        }
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String field(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
