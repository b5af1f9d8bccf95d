package dev.continuity.core.report;

import dev.continuity.core.report.RunReport.AttemptResult;
import dev.continuity.core.report.RunReport.StepTiming;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GanttSvgTest {

    private static StepTiming t(String id, double from, double to) {
        return new StepTiming(id, id + ".md", 1, "h", "local", from, to, AttemptResult.UPDATED);
    }

    @Test
    void eachAttemptTakesTheFirstLaneFreeAtItsStart() {
        List<StepTiming> timings = List.of(t("a", 0, 2), t("b", 0, 1), t("c", 1, 3), t("d", 2, 2.5), t("e", 0.5, 0.7));
        assertThat(GanttSvg.lanes(timings, 4)).containsExactly(0, 1, 1, 0, 2);
    }

    @Test
    void neverMoreLanesThanWorkers() {
        // b is logged as started a moment before a is logged as done: still one worker
        List<StepTiming> timings = List.of(t("a", 0, 1.0001), t("b", 1, 2), t("c", 2, 3));
        assertThat(GanttSvg.lanes(timings, 1)).containsExactly(0, 0, 0);
        assertThat(GanttSvg.lanes(timings, 2)).containsExactly(0, 1, 0);
    }

    @Test
    void bothPanelsAreDrawnWithABarPerPlannedStepAndPerAttempt() {
        RunReport report = SampleRun.report();
        GanttSvg.Picture p = GanttSvg.render(report);

        assertThat(p.workers()).isEqualTo(2);
        assertThat(p.lanes()).isEqualTo(2);
        assertThat(p.plannedMakespan()).isEqualTo(1.5);
        assertThat(p.actualMakespan()).isEqualTo(0.8);
        assertThat(p.svg()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"gantt\"");
        assertThat(count(p.svg(), "class=\"planned-bar\"")).isEqualTo(5);
        assertThat(count(p.svg(), "class=\"actual-bar ")).isEqualTo(7);
        assertThat(count(p.svg(), "class=\"actual-bar r-failed\"")).isEqualTo(1);
        assertThat(count(p.svg(), "class=\"actual-bar r-retried\"")).isEqualTo(2);
        assertThat(count(p.svg(), "class=\"alert-mark\"")).isEqualTo(1);
        assertThat(count(p.svg(), "class=\"checkpoint\"")).as("the checkpoint reached").isEqualTo(1);
        assertThat(p.svg()).contains("Planned — critical-path optimiser, 2 workers, makespan 1.50 s").contains("Actual — 7 attempts in 2 lanes");
    }

    @Test
    void aRunWithoutTimingsSaysSo() {
        RunReport report = SampleRun.reportOf(new RunRecorder(), SampleRun.ID);
        assertThat(GanttSvg.render(report).svg()).contains("no step ran, or no timing was recorded");
        assertThat(GanttSvg.render(report).lanes()).isZero();
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
