package dev.continuity.examples.cli;

import dev.continuity.api.CommitPolicy;
import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileChange;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.core.Orchestrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "run", description = {"Predict, plan and run the update for a change; the project is changed all-or-nothing "
        + "(or, with --commit-policy CHECKPOINTED, a checkpoint at a time).",
        "On a terminal (without --json or --quiet) a live progress bar shows the ETA; alerts are printed as they arrive.",
        "Every run keeps its report in PROJECT/.continuity/reports/<execution-id>.json: see 'continuity report'."},
        footer = {"%nExamples:%n  continuity run my-novel --changed 30_設定集/キャラクター/導師.yaml%n"
                + "  continuity run my-novel --changed 30_設定集/キャラクター/導師.yaml --context rename.from=導師 --context rename.to=老師%n"
                + "  continuity run my-novel --changed 20_プロット/全体構成.yaml --dry-run --quiet && echo ok%n"
                + "  continuity run my-novel --changed 20_プロット/全体構成.yaml --commit-policy CHECKPOINTED   (then, if it fails: resume or rollback)"})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions options;
    @Mixin
    ChangeOptions change;
    @Option(names = "--no-learning", description = "learn nothing from this run: no retraining, no step estimates (its outcome is still"
            + " recorded in the history)")
    boolean noLearning;
    @Option(names = "--dry-run", description = "plan and run the handlers, but write nothing in the project: no file, no history, no report")
    boolean dryRun;
    @Option(names = "--commit-policy", paramLabel = "P", defaultValue = "ALL_OR_NOTHING",
            description = {"ALL_OR_NOTHING: every change commits together, or none (default);",
                    "CHECKPOINTED: the plan's checkpoints commit completed groups of steps, and a failed run can be "
                            + "continued with 'continuity resume' or undone with 'continuity rollback'"})
    CommitPolicy commitPolicy;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = options.out();
        LiveProgress progress = new LiveProgress(out, options.chatty() ? ContinuityCli.terminal : null, false, options.chatty());
        // a dry run writes nothing in the project, not even its report
        java.util.concurrent.atomic.AtomicReference<String> running = new java.util.concurrent.atomic.AtomicReference<>();
        try (progress; Orchestrator o = options.open(b -> {
            progress.register(b, options.json);
            b.listener(e -> {
                if (e instanceof dev.continuity.api.ExecutionEvent.Started s) {
                    running.set(s.executionId());
                }
            });
            if (!dryRun) {
                b.recordReports();
            }
        })) {
            progress.attach(o);
            ConsistencyUpdateRequest request = change.request(options.project, o, dryRun).toBuilder().commitPolicy(commitPolicy).build();
            // the guess is worth saying only of files that exist: else the run's error about them comes alone
            change.guessed.filter(g -> !options.json && request.changedFiles().stream().allMatch(f -> java.nio.file.Files.isRegularFile(options.project.resolve(f))))
                    .ifPresent(g -> out.printf("update type %s (%s; --type overrides)%n", g.type(), g.reason()));
            EnhancedUpdateResponse r = cancelledOnInterrupt(o, running, () -> o.executeIntelligentUpdate(request, change.ml().toBuilder().enableOnlineLearning(!noLearning).build()),
                    spec.commandLine().getErr());
            if (r == null) {
                return ContinuityCli.FAILED;
            }
            // warnings about the request itself (an explicit rename whose old name no file uses, a new name already
            // written in the project) and a dry run's foreseen refusal, even with --quiet or --json
            r.diagnostics().stream().filter(d -> java.util.Set.of("rename-unused", "rename-collision", "read-only").contains(d.code()))
                    .forEach(d -> spec.commandLine().getErr().println("continuity: " + (d.severity() == dev.continuity.api.Severity.ERROR
                            ? "error: " : "warning: ") + d.message()));
            spec.commandLine().getErr().flush();
            if (options.json) {
                out.println(Json.write(r));
            } else {
                print(out, r);
                if (commitPolicy == CommitPolicy.CHECKPOINTED && r.plan().adaptiveCheckpoints().isEmpty() && !r.plan().steps().isEmpty()) {
                    out.println("CHECKPOINTED: the plan has no checkpoint (no group of its steps holds enough work at risk to be worth"
                            + " one), so this run was committed all-or-nothing");
                }
                if (r.status() == ExecutionStatus.PARTIALLY_SUCCEEDED) {
                    out.printf("the run stopped after a checkpoint: 'continuity resume %s %s' continues it, 'continuity rollback %s %s' undoes it%n",
                            options.project, r.executionId(), options.project, r.executionId());
                }
                if (dryRun) {
                    out.println("dry run: nothing was written (no file, no history, no report)");
                } else if (dev.continuity.core.report.ReportStore.of(options.project).executionIds().contains(r.executionId())) {
                    out.printf("report: continuity report %s %s --format html --out report.html%n", options.project, r.executionId());
                } else {
                    out.println("report: none was kept for this run (see the warning above)");
                }
            }
            return r.status() == ExecutionStatus.SUCCEEDED ? 0 : ContinuityCli.FAILED;
        }
    }

    /**
     * Runs {@code update} so that Ctrl-C (SIGINT, SIGTERM) cancels the run instead of only killing the JVM: its
     * handlers' calls are interrupted, it is rolled back (the journal would undo a killed run as well, at the next
     * start) and, unlike after a kill, the handlers' compensations for side effects outside the project run. The JVM
     * waits for that up to 30 seconds.
     *
     * @return the response, or null when the run was cancelled (and {@code err} says so)
     */
    private static EnhancedUpdateResponse cancelledOnInterrupt(Orchestrator o, java.util.concurrent.atomic.AtomicReference<String> running,
                                                               java.util.function.Supplier<EnhancedUpdateResponse> update, PrintWriter err) {
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            String id = running.get();
            if (id != null && o.cancel(id)) {
                try {
                    ended.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "continuity-cancel-on-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return update.get();
        } catch (dev.continuity.api.ExecutionCancelledException e) {
            err.println("continuity: interrupted: " + e.getMessage());
            err.flush();
            return null;
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is shutting down: the hook has run or runs now
            }
        }
    }

    static void print(PrintWriter out, EnhancedUpdateResponse r) {
        Style style = Style.current();
        out.printf("execution %s: %s in %d ms, %d steps, %d files changed%n", r.executionId(), style.status(r.status()), r.duration().toMillis(),
                r.stepResults().size(), r.changedFiles().size());
        for (StepResult s : r.stepResults()) {
            if (s.outcome() != StepOutcome.UNCHANGED) {
                out.printf("  %s %s  %s%s%n", Style.padded(s.outcome().name(), 9, style::status), s.file(), s.summary(),
                        s.error().map(e -> "  " + e).orElse(""));
            }
        }
        for (FileChange c : r.changedFiles()) {
            out.printf("  changed %s  %s -> %s%n", c.path(), c.beforeHash().isEmpty() ? "(new)" : c.beforeHash().substring(0, 12), c.afterHash().substring(0, 12));
        }
        printHealing(out, r.healingActions());
        java.util.Set<String> planned = new java.util.HashSet<>();
        r.plan().steps().forEach(s -> planned.add(s.file()));
        java.util.List<dev.continuity.api.ImpactedFile> modelOnly = r.impact().impactedFiles().stream()
                .filter(f -> "model".equals(f.source()) && !planned.contains(f.path())).toList();
        if (!modelOnly.isEmpty()) {
            out.printf("  %d file(s) predicted by the learned model only, not updated (--mode PREDICTIVE_SYNC updates them): %s%s%n",
                    modelOnly.size(), modelOnly.stream().limit(5).map(f -> String.format(java.util.Locale.ROOT, "%s (%.2f)", f.path(), f.confidence()))
                            .collect(java.util.stream.Collectors.joining(", ")), modelOnly.size() > 5 ? ", …" : "");
        }
        // what the run learned (step estimates, the model's history and training), each figure measured in the run
        r.learningInsights().forEach(i -> out.println("  learned: " + oneLine(i)));
        r.modelImprovement().ifPresent(d -> out.printf(java.util.Locale.ROOT, "  model improvement: held-out MAP %+.4f%n", d));
    }

    /**
     * The heal stage's issues and what was done about each, one line each: FIXED, REVIEW (marked for review in the
     * file's sidecar or front matter), NEEDS_HUMAN (nothing could be marked), FAILED, or RESOLVED (by another fix).
     */
    static void printHealing(PrintWriter out, java.util.List<SelfHealingAction> actions) {
        if (actions.isEmpty()) {
            return;
        }
        Style style = Style.current();
        long fixed = actions.stream().filter(SelfHealingAction::autoFixApplied).count();
        long review = actions.stream().filter(a -> !a.autoFixApplied() && marked(a)).count();
        long other = actions.stream().filter(a -> !a.autoFixApplied() && !marked(a) && a.manualInterventionRequired()).count();
        out.printf("  healing: %d issue(s): %d fixed, %d marked for review%s%n", actions.size(), fixed, review,
                other > 0 ? ", " + other + " left for a human unmarked" : "");
        for (SelfHealingAction a : actions) {
            ConsistencyIssue i = a.issue();
            String label = a.autoFixApplied() ? "FIXED" : marked(a) ? "REVIEW"
                    : a.manualInterventionRequired() ? (a.outcome() == FixOutcome.FAILED ? "FAILED" : "NEEDS_HUMAN") : "RESOLVED";
            String why = a.autoFixApplied() ? a.fixDescription() : marked(a) ? i.message() + " (see " + a.changedFiles().getFirst() + ")"
                    : a.manualInterventionRequired() ? i.message() + ": " + a.fixDescription() : a.fixDescription();
            out.printf("    %s %s%s  [%s] %s%n", Style.padded(label, 11, style::status), i.file(), i.line() > 0 ? ":" + i.line() : "", i.type(),
                    oneLine(why));
        }
    }

    private static boolean marked(SelfHealingAction a) {
        return !a.autoFixApplied() && !a.changedFiles().isEmpty();
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() > 160 ? line.substring(0, 159) + "…" : line;
    }
}
