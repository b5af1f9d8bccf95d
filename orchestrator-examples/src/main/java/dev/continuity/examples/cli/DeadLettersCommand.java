package dev.continuity.examples.cli;

import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.execute.DeadLetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "dead-letters", description = {"List the steps that failed for good (kept in PROJECT/.continuity/dead-letters.jsonl), or re-drive them.",
        "A re-drive runs each dead-lettered execution again under its own id: remote steps that had succeeded are replayed from the "
                + "idempotency journal, not called again."},
        footer = {"%nExamples:%n  continuity dead-letters my-novel%n  continuity dead-letters my-novel --redrive%n"})
final class DeadLettersCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions options;
    @Option(names = "--redrive", description = "run the dead-lettered executions again")
    boolean redrive;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = options.out();
        LiveProgress progress = new LiveProgress(out, options.chatty() ? ContinuityCli.terminal : null, false, options.chatty());
        try (progress; Orchestrator o = options.open(b -> progress.register(b, options.json).recordReports())) {
            progress.attach(o);
            if (!redrive) {
                List<DeadLetter> letters = o.deadLetters();
                if (options.json) {
                    out.println(Json.write(letters));
                } else {
                    print(out, letters);
                }
                return 0;
            }
            List<EnhancedUpdateResponse> responses = o.redriveDeadLetters();
            List<DeadLetter> left = o.deadLetters();
            if (options.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("redriven", responses);
                json.put("pending", left);
                out.println(Json.write(json));
            } else {
                if (responses.isEmpty()) {
                    out.println("no dead letters to re-drive");
                }
                responses.forEach(r -> RunCommand.print(out, r));
                print(out, left);
            }
            return left.isEmpty() && responses.stream().allMatch(r -> r.status() == ExecutionStatus.SUCCEEDED) ? 0 : ContinuityCli.FAILED;
        }
    }

    private static void print(PrintWriter out, List<DeadLetter> letters) {
        out.printf("%d dead letter(s) pending%n", letters.size());
        for (DeadLetter l : letters) {
            out.printf("  %s  %s  %s via %s (%s), %d attempt(s), %s%n      %s%n", l.failedAt(), l.id(), l.file(), l.handlerId(), l.service(),
                    l.attempts(), l.errorType().substring(l.errorType().lastIndexOf('.') + 1), l.cause());
        }
    }
}
