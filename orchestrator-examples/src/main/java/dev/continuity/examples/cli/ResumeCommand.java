package dev.continuity.examples.cli;

import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.tx.CheckpointedRun;
import dev.continuity.core.tx.ProjectTransaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Comparator;
import java.util.concurrent.Callable;

@Command(name = "resume", description = "Continue a checkpointed run after its last checkpoint (the newest unfinished run when no ID is given).",
        footer = {"%nExample:%n  continuity resume my-novel exec-19c3f2-1a2b"})
final class ResumeCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions options;
    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "the execution id (see 'continuity status')")
    String id;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (Orchestrator o = options.open()) {
            String execution = id != null ? id : newestUnfinished(options);
            EnhancedUpdateResponse r = o.resume(execution);
            if (options.json) {
                options.out().println(Json.write(r));
            } else {
                RunCommand.print(options.out(), r);
            }
            return r.status() == ExecutionStatus.SUCCEEDED ? 0 : ContinuityCli.FAILED;
        }
    }

    static String newestUnfinished(ProjectOptions options) {
        return ProjectTransaction.status(options.project).checkpointedRuns().stream()
                .max(Comparator.comparing(CheckpointedRun::lastCheckpointAt)).map(CheckpointedRun::executionId)
                .orElseThrow(() -> new IllegalArgumentException("no unfinished checkpointed run in " + options.project));
    }
}
