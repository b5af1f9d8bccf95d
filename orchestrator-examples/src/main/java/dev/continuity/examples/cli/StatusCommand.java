package dev.continuity.examples.cli;

import dev.continuity.core.Orchestrator;
import dev.continuity.core.tx.CheckpointedRun;
import dev.continuity.core.tx.ProjectTransaction;
import dev.continuity.core.tx.TransactionStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "status", description = "Show the project's transaction state: a pending journal, unfinished checkpointed runs, the lock holder. "
        + "Recovers a crashed run first, like every command.",
        footer = {"%nExample:%n  continuity status my-novel --json"})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions options;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // the text output lists the recoveries itself; JSON has no place for them, so they go to standard error
        try (Orchestrator o = options.open(b -> { }, options.json)) {
            TransactionStatus status = ProjectTransaction.status(options.project);
            PrintWriter out = options.out();
            if (options.json) {
                out.println(Json.write(status));
                return 0;
            }
            out.println(options.project + ":");
            out.println("  journal: " + status.pendingJournal().map(j -> j.state() + " " + j.executionId().orElse("") + " " + j.files().size() + " file(s)")
                    .orElse("none (no transaction pending)"));
            out.println("  lock: " + status.lock().map(h -> "held by pid " + h.pid() + " on " + h.host() + " since " + h.acquiredAt()
                    + " (" + h.executionId() + ")").orElse(java.nio.file.Files.exists(options.project.resolve(".continuity/lock"))
                    ? "a lock file that names no holder (.continuity/lock, being written or torn): a run waits for it to go, or takes it over once it is stale"
                    : "free"));
            if (status.checkpointedRuns().isEmpty()) {
                out.println("  checkpointed runs: none");
            }
            for (CheckpointedRun run : status.checkpointedRuns()) {
                out.printf("  checkpointed run %s: %d checkpoint(s), last '%s', %d step(s) done, %d file(s) changed -> resume or rollback%n",
                        run.executionId(), run.checkpoints(), run.lastLabel(), run.completedStepIds().size(), run.changedFiles().size());
            }
            o.recoveries().forEach(r -> out.println("  " + r));
            return 0;
        }
    }
}
