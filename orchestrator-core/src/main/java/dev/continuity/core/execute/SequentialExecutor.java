package dev.continuity.core.execute;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.FileChange;
import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.api.UpdateStep;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.api.spi.ProjectWriter;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.project.ProjectScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the steps of a plan one after another, in the plan's priority order, each through its handler. Every call into
 * a handler is guarded: what it throws fails its step (naming the handler), its staged writes are dropped, and the
 * remaining steps are skipped. Writes are staged; committing them is the caller's business.
 */
public final class SequentialExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SequentialExecutor.class);

    /** What the steps of one run share. */
    public record Run(String executionId, IntelligentUpdatePlan plan, ChangeContext change, PredictiveImpactAnalysis impact,
                      ProjectSnapshot project, StagingProjectWriter writer, Map<String, UpdateHandler> handlers,
                      ExecutionTracker tracker, InstantSource clock) {}

    public List<StepResult> run(Run run) {
        List<StepResult> results = new ArrayList<>();
        Set<String> done = new HashSet<>();
        boolean failed = false;
        for (UpdateStep step : run.plan().steps()) {
            if (failed || !done.containsAll(step.dependsOn())) {
                run.tracker().skipped(step.id());
                results.add(new StepResult(step.id(), step.file(), step.handlerId(), StepOutcome.SKIPPED,
                        failed ? "skipped: an earlier step failed" : "skipped: a dependency did not complete", Duration.ZERO, 0, Optional.empty(), List.of()));
                continue;
            }
            StepResult r = runStep(run, step);
            results.add(r);
            if (r.outcome() == StepOutcome.FAILED) {
                failed = true;
            } else {
                done.add(step.id());
            }
        }
        return results;
    }

    private StepResult runStep(Run run, UpdateStep step) {
        UpdateHandler handler = run.handlers().get(step.handlerId());
        run.tracker().started(step.id(), 1);
        long t0 = System.nanoTime();
        byte[] before = run.writer().read(step.file()).orElse(null);
        run.writer().bindStep(step.id());
        try {
            if (handler == null) {
                throw new IllegalStateException("no handler with id '" + step.handlerId() + "' is registered");
            }
            HandlerResult result = handler.apply(context(run, step));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            run.tracker().finished(step.id(), "SUCCEEDED", took);
            List<FileChange> changes = new ArrayList<>();
            Map<String, String> by = run.writer().stagedBy();
            for (Map.Entry<String, byte[]> e : run.writer().staged().entrySet()) {
                if (step.id().equals(by.get(e.getKey()))) {
                    byte[] old = e.getKey().equals(step.file()) ? before : run.writer().readOriginal(e.getKey()).orElse(null);
                    changes.add(new FileChange(e.getKey(), old == null ? "" : ProjectScanner.hashOf(old), ProjectScanner.hashOf(e.getValue()),
                            step.id(), result.summary()));
                }
            }
            StepOutcome outcome = changes.isEmpty() ? StepOutcome.UNCHANGED : result.outcome();
            return new StepResult(step.id(), step.file(), step.handlerId(), outcome, result.summary(), took, 1, Optional.empty(), changes);
        } catch (Exception | LinkageError e) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            run.writer().discard(step.id());
            run.tracker().finished(step.id(), "FAILED", took);
            String msg = "handler '" + step.handlerId() + "' failed on " + step.file() + ": " + e;
            LOG.warn(msg, e);
            run.tracker().alert(dev.continuity.api.Severity.ERROR, step.handlerId(), msg);
            return new StepResult(step.id(), step.file(), step.handlerId(), StepOutcome.FAILED, "failed", took, 1, Optional.of(msg), List.of());
        } finally {
            run.writer().unbindStep();
        }
    }

    private static StepContext context(Run run, UpdateStep step) {
        return new StepContext() {
            @Override public String executionId() { return run.executionId(); }
            @Override public UpdateStep step() { return step; }
            @Override public ChangeContext change() { return run.change(); }
            @Override public PredictiveImpactAnalysis impact() { return run.impact(); }
            @Override public ProjectSnapshot project() { return run.project(); }
            @Override public ProjectWriter writer() { return run.writer(); }
            @Override public InstantSource clock() { return run.clock(); }
        };
    }
}
