package dev.continuity.core.report;

import dev.continuity.api.ExecutionEvent;
import dev.continuity.api.Severity;
import dev.continuity.core.report.RunReport.AttemptResult;
import dev.continuity.core.report.RunReport.EventKind;
import dev.continuity.core.report.RunReport.FileDiff;
import dev.continuity.core.report.RunReport.StepTiming;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RunRecorderTest {

    @Test
    void everyAttemptIsTimedFromTheEventsAndEndsAsItDid() {
        RunReport report = SampleRun.report();

        assertThat(report.startedAt()).isEqualTo(SampleRun.T0);
        assertThat(report.generatedAt()).isEqualTo(SampleRun.at(1000));
        assertThat(report.timings()).extracting(StepTiming::stepId, StepTiming::attempt, StepTiming::handlerId, StepTiming::startSeconds,
                StepTiming::endSeconds, StepTiming::result).containsExactly(
                tuple("s001", 1, "review-marking", 0.01, 0.11, AttemptResult.UPDATED),
                tuple("s002", 1, "review-marking", 0.01, 0.06, AttemptResult.RETRIED),
                tuple("s002", 2, "review-marking", 0.11, 0.23, AttemptResult.UPDATED),
                tuple("s003", 1, "llm-rewrite", 0.12, 0.3, AttemptResult.FELL_BACK),
                tuple("s004", 1, "llm-rewrite", 0.24, 0.4, AttemptResult.RETRIED),
                tuple("s003", 2, "review-marking", 0.3, 0.38, AttemptResult.UPDATED),
                tuple("s004", 2, "llm-rewrite", 0.5, 0.8, AttemptResult.FAILED));
        assertThat(report.actualMakespanSeconds()).isEqualTo(0.8);
    }

    @Test
    void retriesFallbacksFailuresSkipsCheckpointsAndCircuitAlertsBecomeEvents() {
        RunReport report = SampleRun.report();

        assertThat(report.events()).extracting(RunReport.RunEvent::kind, e -> e.stepId().orElse(""), RunReport.RunEvent::severity).containsExactly(
                tuple(EventKind.RETRY, "s002", Severity.WARNING),
                tuple(EventKind.CHECKPOINT, "s001", Severity.INFO),
                tuple(EventKind.FALLBACK, "s003", Severity.WARNING),
                tuple(EventKind.RETRY, "s004", Severity.WARNING),
                tuple(EventKind.CIRCUIT, "", Severity.ERROR),
                tuple(EventKind.FAILURE, "s004", Severity.ERROR),
                tuple(EventKind.SKIP, "s005", Severity.WARNING));
        assertThat(report.events().get(0).message()).isEqualTo("attempt 1 failed (timeout); retried after 50 ms");
        assertThat(report.events().get(2).message()).isEqualTo("llm-rewrite failed (503); falling back to review-marking");
        assertThat(report.events().get(5).message()).contains("kept as a dead letter").contains("3 attempt(s)");
    }

    @Test
    void diffsGoFromTheFirstContentBeforeToTheLastAfterAndNameEveryStepThatChangedTheFile() {
        RunReport report = SampleRun.report();

        assertThat(report.diffs()).extracting(FileDiff::path).containsExactly(SampleRun.C1, "20_プロット/第1巻/第2章.yaml", SampleRun.M1);
        FileDiff manuscript = report.diff(SampleRun.M1).orElseThrow();
        assertThat(manuscript.stepId()).isEqualTo("s003, heal:rename-completion");
        assertThat(manuscript.written()).isTrue();
        assertThat(manuscript.created()).isFalse();
        assertThat(manuscript.added()).isEqualTo(2);
        assertThat(manuscript.removed()).isEqualTo(1);
        assertThat(manuscript.lines()).containsExactly("@@ -1,4 +1,5 @@", " ---", " title: 旅立ち", "+review: pending", " ---", "-勇者は笑った。",
                "+主人公は笑った。");
    }

    @Test
    void aCreatedFileDiffsAgainstNothingAndAHugeDiffIsCut() {
        FileDiff created = ReportAssembler.diff("a.review.yaml", "s1", true, true, FileContents.created("x\ny\n"));
        assertThat(created.lines()).containsExactly("@@ -1,0 +1,2 @@", "+x", "+y");
        assertThat(created.created()).isTrue();

        String big = "line\n".repeat(ReportAssembler.MAX_DIFF_LINES + 10);
        FileDiff cut = ReportAssembler.diff("big.md", "s1", true, true, FileContents.created(big));
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.lines()).hasSize(ReportAssembler.MAX_DIFF_LINES);
        assertThat(cut.added()).isEqualTo(ReportAssembler.MAX_DIFF_LINES + 10);
    }

    @Test
    void aReplayedResultWithoutAnAttemptIsTimedBackFromItsDurationAndAnAttemptWithoutAnEndIsUnfinished() {
        RunRecorder recorder = new RunRecorder(() -> SampleRun.at(0));
        String id = SampleRun.ID;
        recorder.onEvent(new ExecutionEvent.Started(id, 2, SampleRun.at(0)));
        recorder.onEvent(new ExecutionEvent.StepSucceeded(id, "s001", dev.continuity.api.StepOutcome.UPDATED, "llm", Duration.ofMillis(40), 1, true,
                SampleRun.at(100)));
        recorder.onEvent(new ExecutionEvent.StepStarted(id, "s002", "b.md", "llm", "llm", 1, SampleRun.at(120)));
        recorder.onEvent(new ExecutionEvent.Finished(id, dev.continuity.api.ExecutionStatus.ROLLED_BACK, Duration.ofMillis(300), SampleRun.at(300)));

        List<ExecutionEvent> events = recorder.events(id);
        assertThat(events).hasSize(4);
        RunReport report = SampleRun.reportOf(recorder, id);
        assertThat(report.timings()).extracting(StepTiming::stepId, StepTiming::service, StepTiming::startSeconds, StepTiming::endSeconds,
                StepTiming::result).containsExactly(
                tuple("s001", "journal", 0.06, 0.1, AttemptResult.UPDATED),
                tuple("s002", "llm", 0.12, 0.3, AttemptResult.UNFINISHED));
        assertThat(recorder.events(id)).as("a reported run is forgotten").isEmpty();
    }

    @Test
    void onlyTheNewestRunsAreKeptAndARunStartedAgainStartsOver() {
        RunRecorder recorder = new RunRecorder();
        for (int i = 0; i < RunRecorder.KEPT_RUNS + 3; i++) {
            recorder.onEvent(new ExecutionEvent.Started("exec-" + i, 1, SampleRun.at(i)));
        }
        assertThat(recorder.events("exec-0")).isEmpty();
        assertThat(recorder.events("exec-" + (RunRecorder.KEPT_RUNS + 2))).hasSize(1);

        String id = "exec-" + (RunRecorder.KEPT_RUNS + 2);
        recorder.onEvent(new ExecutionEvent.StepSkipped(id, "s1", "x", SampleRun.at(5)));
        recorder.onEvent(new ExecutionEvent.Started(id, 1, SampleRun.at(6)));
        assertThat(recorder.events(id)).singleElement().isInstanceOf(ExecutionEvent.Started.class);
    }

    @Test
    void aRunWithoutEventsStartsWhenTheReportIsMade() {
        RunRecorder recorder = new RunRecorder(() -> SampleRun.at(42));
        RunReport report = SampleRun.reportOf(recorder, SampleRun.ID);
        assertThat(report.startedAt()).isEqualTo(SampleRun.at(42));
        assertThat(report.timings()).isEmpty();
        assertThat(report.events()).isEmpty();
        assertThat(report.diffs()).as("no contents were captured").isEmpty();
    }
}
