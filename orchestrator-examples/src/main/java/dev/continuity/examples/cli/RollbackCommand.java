package dev.continuity.examples.cli;

import dev.continuity.core.Orchestrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "rollback", description = "Undo a checkpointed run back to its start (the newest unfinished run when no ID is given).",
        footer = {"%nExample:%n  continuity rollback my-novel exec-19c3f2-1a2b"})
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions options;
    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "the execution id (see 'continuity status')")
    String id;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (Orchestrator o = options.open()) {
            String execution = id != null ? id : ResumeCommand.newestUnfinished(options);
            o.rollback(execution);
            options.out().println("rolled back " + execution + ": the project is as it was before the run");
            return 0;
        }
    }
}
