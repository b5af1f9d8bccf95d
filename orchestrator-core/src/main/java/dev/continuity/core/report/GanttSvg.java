package dev.continuity.core.report;

import dev.continuity.api.AdaptiveCheckpoint;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.OptimizedStep;
import dev.continuity.core.report.RunReport.EventKind;
import dev.continuity.core.report.RunReport.RunEvent;
import dev.continuity.core.report.RunReport.StepTiming;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.continuity.core.report.Markup.esc;
import static dev.continuity.core.report.Markup.n;

/**
 * The schedule as a Gantt chart: the optimiser's plan (one row per worker slot, bars by the step's risk) above what
 * happened (one row per lane of concurrently running attempts, bars by how the attempt ended), each on its own time
 * axis, with checkpoints as dashed lines and alerts as markers.
 */
final class GanttSvg {
    private static final double PAD = 12;
    private static final double LABEL_W = 92;
    private static final double CHART_W = 1120;
    private static final double ROW_H = 24;
    private static final double BAR_H = 16;
    private static final double TITLE_H = 26;
    private static final double AXIS_H = 24;
    private static final double PANEL_GAP = 30;

    /**
     * The chart and its figures.
     *
     * @param svg             the SVG element
     * @param workers         rows of the planned panel
     * @param lanes           rows of the actual panel (the most attempts seen running at once)
     * @param plannedMakespan the plan's predicted makespan, in seconds
     * @param actualMakespan  the measured one, in seconds
     */
    record Picture(String svg, int workers, int lanes, double plannedMakespan, double actualMakespan) {}

    private GanttSvg() {}

    static Picture render(RunReport report) {
        IntelligentUpdatePlan plan = report.response().plan();
        List<OptimizedStep> steps = plan.mlOptimizedSteps();
        int workers = Math.max(1, steps.stream().mapToInt(OptimizedStep::worker).max().orElse(0) + 1);
        double planned = steps.stream().mapToDouble(OptimizedStep::plannedFinish).max().orElse(0);
        List<StepTiming> timings = report.timings();
        int[] laneOf = lanes(timings, Math.max(workers, plan.workers()));
        int lanes = Math.max(1, java.util.Arrays.stream(laneOf).max().orElse(-1) + 1);
        double actual = Math.max(report.actualMakespanSeconds(),
                report.events().stream().mapToDouble(RunEvent::atSeconds).max().orElse(0));

        double width = PAD * 2 + LABEL_W + CHART_W + 16;
        double plannedTop = PAD;
        double actualTop = plannedTop + TITLE_H + workers * ROW_H + AXIS_H + PANEL_GAP;
        double height = actualTop + TITLE_H + 14 + lanes * ROW_H + AXIS_H + PAD;
        StringBuilder s = new StringBuilder(32 * 1024);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"gantt\" class=\"gantt\" viewBox=\"0 0 ").append(n(width)).append(' ').append(n(height))
                .append("\" width=\"").append(n(width)).append("\" height=\"").append(n(height)).append("\" role=\"img\" aria-label=\"schedule: ")
                .append(steps.size()).append(" planned steps, ").append(timings.size()).append(" attempts\">\n");

        // planned
        Axis pa = new Axis(planned);
        s.append(title(plannedTop, "Planned — " + plan.optimizerId() + " optimiser, " + workers + " worker" + (workers == 1 ? "" : "s")
                + ", makespan " + ReportText.seconds(planned)));
        double rowsTop = plannedTop + TITLE_H;
        rows(s, rowsTop, workers, "worker ");
        axis(s, pa, rowsTop, workers);
        Map<String, Double> plannedFinish = new HashMap<>();
        for (OptimizedStep o : steps) {
            plannedFinish.put(o.step().id(), o.plannedFinish());
            String tip = o.step().id() + " " + o.step().file() + "\nplanned " + ReportText.seconds(o.plannedStart()) + " – "
                    + ReportText.seconds(o.plannedFinish()) + " on worker " + (o.worker() + 1) + " · " + o.step().risk() + " risk · " + o.step().handlerId();
            bar(s, pa, o.plannedStart(), o.plannedFinish(), rowsTop + o.worker() * ROW_H, Palette.planned(o.step().risk()), "#1e3a8a",
                    ReportText.fileName(o.step().file()), tip, "planned-bar", o.step().id());
        }
        for (AdaptiveCheckpoint c : plan.adaptiveCheckpoints()) {
            Double at = plannedFinish.get(c.afterStepId());
            if (at != null) {
                marker(s, pa.x(at), rowsTop, workers, "checkpoint after " + c.afterStepId() + ": " + c.reason());
            }
        }

        // actual
        Axis aa = new Axis(actual);
        s.append(title(actualTop, "Actual — " + timings.size() + " attempt" + (timings.size() == 1 ? "" : "s") + " in " + lanes + " lane"
                + (lanes == 1 ? "" : "s") + ", makespan " + ReportText.seconds(report.actualMakespanSeconds())));
        double aRowsTop = actualTop + TITLE_H + 14;
        rows(s, aRowsTop, lanes, "lane ");
        axis(s, aa, aRowsTop, lanes);
        if (timings.isEmpty()) {
            s.append("<text class=\"empty\" x=\"").append(n(PAD + LABEL_W + 12)).append("\" y=\"").append(n(aRowsTop + 16))
                    .append("\">no step ran, or no timing was recorded</text>\n");
        }
        for (int i = 0; i < timings.size(); i++) {
            StepTiming t = timings.get(i);
            String tip = t.stepId() + " " + t.file() + "\nattempt " + t.attempt() + " · " + t.handlerId() + " (" + t.service() + ") · "
                    + t.result().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "\n" + ReportText.seconds(t.startSeconds()) + " – "
                    + ReportText.seconds(t.endSeconds()) + " (" + ReportText.seconds(t.seconds()) + ")";
            bar(s, aa, t.startSeconds(), t.endSeconds(), aRowsTop + laneOf[i] * ROW_H, Palette.attempt(t.result()), "#064e3b",
                    ReportText.fileName(t.file()), tip, "actual-bar r-" + t.result().name().toLowerCase(java.util.Locale.ROOT), t.stepId());
        }
        for (RunEvent e : report.events()) {
            if (e.kind() == EventKind.CHECKPOINT) {
                marker(s, aa.x(e.atSeconds()), aRowsTop, lanes, e.message());
            } else if (e.kind() == EventKind.ALERT || e.kind() == EventKind.CIRCUIT) {
                double x = aa.x(e.atSeconds());
                double y = aRowsTop - 4;
                s.append("<path class=\"alert-mark\" d=\"M").append(n(x - 6)).append(',').append(n(y - 10)).append(" L").append(n(x + 6)).append(',')
                        .append(n(y - 10)).append(" L").append(n(x)).append(',').append(n(y)).append(" Z\" fill=\"").append(Palette.severity(e.severity()))
                        .append("\"><title>").append(esc(e.severity() + " at " + ReportText.seconds(e.atSeconds()) + ": " + e.message()))
                        .append("</title></path>\n");
            }
        }
        s.append("</svg>\n");
        return new Picture(s.toString(), workers, timings.isEmpty() ? 0 : lanes, planned, report.actualMakespanSeconds());
    }

    /**
     * Lanes for attempts in start order: each takes the first lane free at its start. At most {@code maxLanes} (the
     * workers): a step's successor may be logged as started a moment before the step is logged as done, and that
     * moment does not make another worker, so the attempt then takes the lane that frees first.
     */
    static int[] lanes(List<StepTiming> timings, int maxLanes) {
        int[] lane = new int[timings.size()];
        List<Double> freeAt = new ArrayList<>();
        Integer[] order = new Integer[timings.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> timings.get(i).startSeconds()));
        for (int i : order) {
            StepTiming t = timings.get(i);
            int chosen = -1;
            for (int l = 0; l < freeAt.size(); l++) {
                if (freeAt.get(l) <= t.startSeconds() + 1e-9) {
                    chosen = l;
                    break;
                }
            }
            if (chosen < 0 && freeAt.size() >= maxLanes) {
                chosen = 0;
                for (int l = 1; l < freeAt.size(); l++) {
                    if (freeAt.get(l) < freeAt.get(chosen)) {
                        chosen = l;
                    }
                }
            }
            if (chosen < 0) {
                chosen = freeAt.size();
                freeAt.add(0.0);
            }
            freeAt.set(chosen, Math.max(freeAt.get(chosen), t.endSeconds()));
            lane[i] = chosen;
        }
        return lane;
    }

    /** A time axis from 0 to at least {@code max} seconds, with round ticks. */
    private static final class Axis {
        final double end;
        final double step;

        Axis(double max) {
            double m = max > 0 ? max : 1e-3;
            double raw = m / 8;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / mag;
            this.step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
            this.end = Math.ceil(m / step - 1e-9) * step;
        }

        double x(double seconds) {
            return PAD + LABEL_W + CHART_W * Math.max(0, Math.min(1, seconds / end));
        }
    }

    private static String title(double top, String text) {
        return "<text class=\"panel-title\" x=\"" + n(PAD) + "\" y=\"" + n(top + 16) + "\">" + esc(text) + "</text>\n";
    }

    private static void rows(StringBuilder s, double top, int count, String label) {
        for (int r = 0; r < count; r++) {
            double y = top + r * ROW_H;
            s.append("<rect class=\"lane").append(r % 2 == 0 ? "" : " odd").append("\" x=\"").append(n(PAD + LABEL_W)).append("\" y=\"").append(n(y))
                    .append("\" width=\"").append(n(CHART_W)).append("\" height=\"").append(n(ROW_H)).append("\"/>");
            s.append("<text class=\"lane-label\" x=\"").append(n(PAD + LABEL_W - 10)).append("\" y=\"").append(n(y + ROW_H / 2 + 4))
                    .append("\" text-anchor=\"end\">").append(label).append(r + 1).append("</text>\n");
        }
    }

    private static void axis(StringBuilder s, Axis a, double top, int rows) {
        double bottom = top + rows * ROW_H;
        s.append("<line class=\"axis\" x1=\"").append(n(PAD + LABEL_W)).append("\" y1=\"").append(n(bottom)).append("\" x2=\"")
                .append(n(PAD + LABEL_W + CHART_W)).append("\" y2=\"").append(n(bottom)).append("\"/>\n");
        int ticks = (int) Math.round(a.end / a.step);
        for (int i = 0; i <= ticks; i++) {
            double t = i * a.step;
            double x = a.x(t);
            s.append("<line class=\"grid\" x1=\"").append(n(x)).append("\" y1=\"").append(n(top)).append("\" x2=\"").append(n(x)).append("\" y2=\"")
                    .append(n(bottom + 4)).append("\"/><text class=\"tick\" x=\"").append(n(x)).append("\" y=\"").append(n(bottom + 17))
                    .append("\" text-anchor=\"middle\">").append(i == 0 ? "0" : ReportText.seconds(t)).append("</text>\n");
        }
    }

    private static void bar(StringBuilder s, Axis a, double from, double to, double rowTop, String fill, String ink, String label, String tip,
                            String cls, String stepId) {
        double x = a.x(from);
        double w = Math.max(2, a.x(to) - x);
        double y = rowTop + (ROW_H - BAR_H) / 2;
        s.append("<g class=\"").append(cls).append("\" data-step=\"").append(esc(stepId)).append("\"><title>").append(esc(tip)).append("</title><rect x=\"")
                .append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w)).append("\" height=\"").append(n(BAR_H))
                .append("\" rx=\"3\" fill=\"").append(fill).append("\" stroke=\"#fff\" stroke-width=\"1\"/>");
        if (w > 34) {
            s.append("<text x=\"").append(n(x + 5)).append("\" y=\"").append(n(y + 12)).append("\" fill=\"").append(ink).append("\">")
                    .append(esc(Markup.fit(label, w - 9, 10.5))).append("</text>");
        }
        s.append("</g>\n");
    }

    private static void marker(StringBuilder s, double x, double top, int rows, String tip) {
        s.append("<line class=\"checkpoint\" x1=\"").append(n(x)).append("\" y1=\"").append(n(top - 6)).append("\" x2=\"").append(n(x)).append("\" y2=\"")
                .append(n(top + rows * ROW_H)).append("\"><title>").append(esc(tip)).append("</title></line>\n");
    }
}
