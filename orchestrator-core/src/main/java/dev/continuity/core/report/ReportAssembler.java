package dev.continuity.core.report;

import dev.continuity.api.Alert;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.continuity.api.Alert;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionEvent;
import dev.continuity.api.FileChange;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.Severity;
import dev.continuity.api.StepOutcome;
import dev.continuity.core.report.RunReport.AttemptResult;
import dev.continuity.core.report.RunReport.EventKind;
import dev.continuity.core.report.RunReport.FileDiff;
import dev.continuity.core.report.RunReport.RunEvent;
import dev.continuity.core.report.RunReport.StepTiming;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Builds a {@link RunReport}: attempt timings and notable events from the run's events, diffs from the captured contents. */
final class ReportAssembler {
    /** Unified diff lines kept per file; a longer diff is cut and marked truncated. */
    static final int MAX_DIFF_LINES = 800;
    /** Files whose diff is computed; later ones are listed without a diff. */
    static final int MAX_DIFFS = 2_000;

    private ReportAssembler() {}

    static RunReport assemble(ConsistencyUpdateRequest request, EnhancedUpdateResponse response, RealTimeMonitor monitor, List<ExecutionEvent> events,
                              Map<String, FileContents> contents, Instant now) {
        Instant start = events.stream().filter(ExecutionEvent.Started.class::isInstance).map(ExecutionEvent::at).findFirst()
                .or(() -> events.stream().map(ExecutionEvent::at).min(Comparator.naturalOrder()))
                .orElse(now);
        Map<String, Duration> lastAttempt = new HashMap<>();
        response.stepResults().forEach(r -> lastAttempt.put(r.stepId(), r.duration()));
        Timeline timeline = new Timeline(start, lastAttempt);
        events.forEach(timeline::accept);
        // in time order; simultaneous events (a coarse clock) by step and kind, so that a report does not depend on thread timing
        List<RunEvent> notable = new ArrayList<>(timeline.events);
        notable.sort(Comparator.comparingDouble(RunEvent::atSeconds).thenComparing(e -> e.stepId().orElse(""), Markup.NATURAL)
                .thenComparing(RunEvent::kind));
        return new RunReport(RunReport.SCHEMA_VERSION, response.executionId(), request, start, now, response, monitor, timeline.timings(),
                notable, diffs(response, contents));
    }

    /** Replays the events of a run into attempt timings and notable events. */
    private static final class Timeline {
        private final Instant start;
        private final Map<String, ExecutionEvent.StepStarted> open = new HashMap<>();
        private final List<StepTiming> timings = new ArrayList<>();
        private final Map<String, String> fileOf = new HashMap<>();
        final List<RunEvent> events = new ArrayList<>();
        private final Map<String, Duration> lastAttempt;
        private double end;

        /** {@code lastAttempt}: the measured duration of each step's last attempt, from the run's step results. */
        Timeline(Instant start, Map<String, Duration> lastAttempt) {
            this.start = start;
            this.lastAttempt = lastAttempt;
        }

        void accept(ExecutionEvent event) {
            double at = seconds(event.at());
            end = Math.max(end, at);
            switch (event) {
                case ExecutionEvent.StepStarted s -> {
                    close(s.stepId(), at, AttemptResult.UNFINISHED);
                    open.put(s.stepId(), s);
                    fileOf.put(s.stepId(), s.file());
                }
                case ExecutionEvent.StepRetried r -> {
                    close(r.stepId(), at, AttemptResult.RETRIED);
                    events.add(new RunEvent(at, EventKind.RETRY, Optional.of(r.stepId()), Severity.WARNING, String.format(Locale.ROOT,
                            "attempt %d failed (%s); retried after %s", r.failedAttempt(), r.cause(), ReportText.duration(r.delay()))));
                }
                case ExecutionEvent.StepFellBack f -> {
                    close(f.stepId(), at, AttemptResult.FELL_BACK);
                    events.add(new RunEvent(at, EventKind.FALLBACK, Optional.of(f.stepId()), Severity.WARNING,
                            f.fromHandler() + " failed (" + f.cause() + "); falling back to " + f.toHandler()));
                }
                case ExecutionEvent.StepSucceeded s -> {
                    if (!open.containsKey(s.stepId())) {
                        // a result replayed from the idempotency journal: no attempt was started
                        timings.add(new StepTiming(s.stepId(), fileOf.getOrDefault(s.stepId(), ""), s.attempts(), s.handlerId(), "journal",
                                Math.max(0, Math.round((at - s.duration().toNanos() / 1e9) * 1e6) / 1e6), at, result(s.outcome())));
                    } else {
                        closeMeasured(s.stepId(), s.at(), s.duration(), result(s.outcome()));
                    }
                }
                case ExecutionEvent.StepFailed f -> {
                    Duration took = lastAttempt.get(f.stepId());
                    if (took == null) {
                        close(f.stepId(), at, AttemptResult.FAILED);
                    } else {
                        closeMeasured(f.stepId(), f.at(), took, AttemptResult.FAILED);
                    }
                    events.add(new RunEvent(at, EventKind.FAILURE, Optional.of(f.stepId()), Severity.ERROR, f.error()
                            + " (" + f.attempts() + " attempt(s)" + (f.deadLettered() ? ", kept as a dead letter" : "") + ")"));
                }
                case ExecutionEvent.StepSkipped s ->
                        events.add(new RunEvent(at, EventKind.SKIP, Optional.of(s.stepId()), Severity.WARNING, "skipped: " + s.reason()));
                case ExecutionEvent.CheckpointReached c -> events.add(new RunEvent(at, EventKind.CHECKPOINT, Optional.of(c.afterStepId()), Severity.INFO,
                        "checkpoint after " + c.afterStepId() + ": " + c.completedSteps() + " step(s) done"));
                case ExecutionEvent.AlertRaised a -> {
                    String m = a.alert().message();
                    Alert.Kind kind = a.alert().kind();
                    // an alert recorded before alerts had a kind says what it is in its message only
                    boolean circuit = kind == Alert.Kind.CIRCUIT_OPEN || kind == Alert.Kind.ISOLATED_MODE
                            || kind == Alert.Kind.OTHER && (m.contains("circuit") || m.contains("isolated mode"));
                    events.add(new RunEvent(at, circuit ? EventKind.CIRCUIT : EventKind.ALERT, Optional.empty(), a.alert().severity(),
                            a.alert().source() + ": " + m));
                }
                case ExecutionEvent.Started s -> { }
                case ExecutionEvent.Finished f -> { }
            }
        }

        private void close(String stepId, double at, AttemptResult result) {
            ExecutionEvent.StepStarted s = open.remove(stepId);
            if (s != null) {
                double from = seconds(s.at());
                timings.add(new StepTiming(stepId, s.file(), s.attempt(), s.handlerId(), s.service(), from, Math.max(from, at), result));
            }
        }

        /**
         * Closes an attempt whose duration the executor measured: it ends when its event says it ended, and started
         * {@code took} before, so that its window is the measured duration (not the time from publishing StepStarted,
         * which precedes the circuit breaker and the rate limiter, to publishing the result).
         */
        private void closeMeasured(String stepId, Instant endedAt, Duration took, AttemptResult result) {
            ExecutionEvent.StepStarted s = open.remove(stepId);
            if (s != null) {
                double to = seconds(endedAt);
                double from = Math.min(to, seconds(endedAt.minus(took)));
                timings.add(new StepTiming(stepId, s.file(), s.attempt(), s.handlerId(), s.service(), from, to, result));
            }
        }

        List<StepTiming> timings() {
            for (String stepId : List.copyOf(open.keySet())) {
                close(stepId, end, AttemptResult.UNFINISHED);
            }
            List<StepTiming> sorted = new ArrayList<>(timings);
            sorted.sort(Comparator.comparingDouble(StepTiming::startSeconds).thenComparing(StepTiming::stepId).thenComparingInt(StepTiming::attempt));
            return sorted;
        }

        /** Seconds from the start, to the microsecond. */
        private double seconds(Instant at) {
            return Math.max(0, Math.round(Duration.between(start, at).toNanos() / 1e3) / 1e6);
        }

        private static AttemptResult result(StepOutcome outcome) {
            return outcome == StepOutcome.UPDATED ? AttemptResult.UPDATED : AttemptResult.UNCHANGED;
        }
    }

    /**
     * One diff per changed path, from the first content before to the last content after (a file a step changed and a
     * fix changed again names both). The response lists the files a run wrote; when it wrote nothing (a dry run, a
     * rolled-back run) the steps' staged changes are shown instead, marked as not written.
     */
    private static List<FileDiff> diffs(EnhancedUpdateResponse response, Map<String, FileContents> contents) {
        boolean written = !response.changedFiles().isEmpty();
        List<FileChange> changes = written ? response.changedFiles()
                : response.stepResults().stream().flatMap(r -> r.changes().stream()).toList();
        Map<String, List<String>> stepsOf = new LinkedHashMap<>();
        Map<String, Boolean> createdOf = new HashMap<>();
        for (FileChange c : changes) {
            List<String> steps = stepsOf.computeIfAbsent(c.path(), k -> new ArrayList<>());
            if (!steps.contains(c.stepId())) {
                steps.add(c.stepId());
            }
            createdOf.putIfAbsent(c.path(), c.beforeHash().isEmpty());
        }
        List<FileDiff> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : stepsOf.entrySet()) {
            FileContents c = contents.get(e.getKey());
            if (c == null || out.size() >= MAX_DIFFS) {
                continue;
            }
            out.add(diff(e.getKey(), String.join(", ", e.getValue()), createdOf.get(e.getKey()) && c.before().isEmpty(), written, c));
        }
        return out;
    }

    static FileDiff diff(String path, String stepId, boolean created, boolean written, FileContents contents) {
        List<String> before = contents.before().map(ReportAssembler::lines).orElse(List.of());
        List<String> after = lines(contents.after());
        Patch<String> patch = DiffUtils.diff(before, after);
        int added = 0;
        int removed = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            added += d.getTarget().size();
            removed += d.getSource().size();
        }
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("a/" + path, "b/" + path, before, patch, 3);
        List<String> body = unified.size() <= 2 ? List.of() : unified.subList(2, unified.size());
        boolean truncated = body.size() > MAX_DIFF_LINES;
        return new FileDiff(path, stepId, created, written, added, removed, truncated ? body.subList(0, MAX_DIFF_LINES) : body, truncated);
    }

    /** Lines without their terminators; a final line break does not make an empty last line. */
    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (text.endsWith("\n")) {
            out.removeLast();
        }
        return out;
    }
}
