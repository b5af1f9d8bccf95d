package dev.continuity.examples.cli;

import dev.continuity.api.Alert;
import dev.continuity.api.ExecutionEvent;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.spi.AlertSink;
import dev.continuity.api.spi.ExecutionListener;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Shows a run as it goes: on a terminal a progress bar whose ETA comes from the orchestrator's monitor (measured step
 * rate and remaining critical path); elsewhere, optionally, a line at every quarter. Alerts are printed as they arrive.
 * Register it on the builder, then {@link #attach} the orchestrator.
 */
final class LiveProgress implements ExecutionListener, AutoCloseable {
    private final PrintWriter out;
    private final PrintStream terminal;
    private final boolean quarterLines;
    private final boolean alerts;
    private volatile Orchestrator orchestrator;
    private volatile String executionId;
    private ProgressBar bar;
    private int total;
    private int done;
    private int nextQuarter = 1;

    /**
     * @param out          where lines go
     * @param terminal     the terminal's stream for a progress bar, or null when stdout is not a terminal
     * @param quarterLines without a terminal, print a progress line at every quarter
     * @param alerts       print alerts as they arrive
     */
    LiveProgress(PrintWriter out, PrintStream terminal, boolean quarterLines, boolean alerts) {
        this.out = out;
        this.terminal = terminal;
        this.quarterLines = quarterLines;
        this.alerts = alerts;
    }

    /**
     * Registers this listener; unless {@code json}, alerts are printed here, so they are not logged a second time
     * (with {@code json} they go to the log, i.e. stderr).
     */
    Orchestrators.Builder register(Orchestrators.Builder builder, boolean json) {
        builder.listener(this);
        if (!json) {
            builder.alertSink(new AlertSink() {
                @Override public void send(Alert alert) { }
                @Override public String id() { return "cli-printed"; }
            });
        }
        return builder;
    }

    void attach(Orchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    @Override
    public String id() {
        return "cli-progress";
    }

    @Override
    public synchronized void onEvent(ExecutionEvent event) {
        switch (event) {
            case ExecutionEvent.Started s -> started(s);
            case ExecutionEvent.StepSucceeded s -> step();
            case ExecutionEvent.StepFailed s -> step();
            case ExecutionEvent.StepSkipped s -> step();
            case ExecutionEvent.AlertRaised a -> alert(a.alert());
            case ExecutionEvent.Finished f -> finished();
            default -> { }
        }
    }

    private void started(ExecutionEvent.Started s) {
        executionId = s.executionId();
        total = s.totalSteps();
        done = 0;
        nextQuarter = 1;
        if (terminal != null) {
            bar = new ProgressBarBuilder().setTaskName("update").setInitialMax(total).setStyle(Style.current().color() ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(terminal)).setUpdateIntervalMillis(100).setUnit(" steps", 1)
                    .setEtaFunction(state -> eta()).build();
        }
    }

    private void step() {
        done++;
        if (bar != null) {
            bar.step();
            monitor().ifPresent(m -> bar.setExtraMessage(String.format(Locale.ROOT, "%.1f steps/s, errors %.0f%%",
                    m.performanceMetrics().getOrDefault("throughputStepsPerSecond", 0.0), 100 * m.performanceMetrics().getOrDefault("errorRate", 0.0))));
        } else if (quarterLines && total > 0) {
            while (nextQuarter <= 4 && done * 4 >= nextQuarter * total) {
                nextQuarter++;
                Optional<RealTimeMonitor> m = monitor();
                out.printf(Locale.ROOT, "進捗 (progress): %d/%d steps (%d%%)%s%n", done, total, done * 100 / total,
                        m.map(x -> String.format(Locale.ROOT, ", ETA %s, %.1f steps/s", eta(((Number) x.predictions().get("etaSeconds")).doubleValue()),
                                x.performanceMetrics().getOrDefault("throughputStepsPerSecond", 0.0))).orElse(""));
                out.flush();
            }
        }
    }

    /** Seconds with a tenth, or milliseconds below a tenth of a second ({@code 0.0 s} would say the run is over). */
    static String eta(double seconds) {
        return seconds > 0 && seconds < 0.1 ? String.format(Locale.ROOT, "%.0f ms", Math.max(1, seconds * 1000)) : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private void alert(Alert a) {
        if (!alerts) {
            return;
        }
        String line = "⚠️ [" + Style.current().level(a.severity()) + "] " + a.source() + ": " + a.message();
        if (bar != null) {
            terminal.print("\r\u001b[K" + line + System.lineSeparator());
            terminal.flush();
        } else {
            out.println(line);
            out.flush();
        }
    }

    private void finished() {
        if (bar != null) {
            bar.stepTo(total);
            bar.close();
            bar = null;
        }
    }

    /** Closes a bar left open (a run that ended with an exception sends no {@code Finished}). */
    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private Optional<Duration> eta() {
        return monitor().map(m -> Duration.ofMillis(Math.round(((Number) m.predictions().get("etaSeconds")).doubleValue() * 1000)));
    }

    private Optional<RealTimeMonitor> monitor() {
        Orchestrator o = orchestrator;
        String id = executionId;
        if (o == null || id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(o.monitorRealTimeProgress(id));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
