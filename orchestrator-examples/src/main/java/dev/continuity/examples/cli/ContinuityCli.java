package dev.continuity.examples.cli;

import dev.continuity.api.ConfigurationException;
import dev.continuity.api.OrchestratorException;
import dev.continuity.api.PathEscapeException;
import dev.continuity.api.ProjectFileException;
import dev.continuity.api.ProjectLockedException;
import dev.continuity.api.UnknownExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code continuity} command line.
 *
 * <p>Exit codes: 0 success; 1 the update failed and was rolled back (or a checkpointed run stopped after a
 * checkpoint); 2 bad input (usage, a missing or unreadable file, a path outside the project, an invalid config, an
 * unknown execution id); 3 an unexpected internal error; 4 the project is busy: another run holds its lock. Every
 * command's {@code --help} lists them ({@code eval-impact} its own: there 1 is an evaluation that failed).
 */
@Command(name = "continuity", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "continuity 0.1.0-SNAPSHOT",
        description = "Keeps a project of interdependent files consistent when one of them changes.",
        subcommands = {ScanCommand.class, ImpactCommand.class, PlanCommand.class, RunCommand.class, HealCommand.class, StatusCommand.class,
                ResumeCommand.class, RollbackCommand.class, DeadLettersCommand.class, ReportCommand.class, DemoCommand.class, ScheduleStgCommand.class,
                EvalImpactCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"%nExamples:%n  continuity demo%n  continuity impact my-novel --changed 20_プロット/全体構成.yaml%n"
                + "  continuity run my-novel --changed 20_プロット/全体構成.yaml%n  continuity report my-novel --format html --out report.html%n"
                + "  continuity help run%n%n"
                + "Colour: status words are coloured on a terminal; set NO_COLOR (or pipe the output) for plain text."})
public final class ContinuityCli implements Runnable {
    /** Exit code of a failed, rolled-back update. */
    public static final int FAILED = 1;
    /** Exit code of bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit code of an internal error. */
    public static final int INTERNAL = 3;
    /** Exit code of a project whose lock another run holds: nothing was done, try again later. */
    public static final int BUSY = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The terminal's stream when stdout is an interactive terminal (live progress bars), else null. */
    static volatile PrintStream terminal;

    /** Whether status words are coloured: stdout is a terminal and {@code NO_COLOR} is not set. */
    static volatile boolean color;

    /** The exit codes, as every command's {@code --help} lists them. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    @Override
    public void run() {
        java.util.List<String> names = java.util.List.copyOf(spec.subcommands().keySet());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast());
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        terminal = stdoutIsTerminal() ? out : null;
        color = terminal != null && CommandLine.Help.Ansi.AUTO.enabled() && System.getenv("NO_COLOR") == null;
        System.exit(execute(out, new PrintStream(System.err, true, StandardCharsets.UTF_8), args));
    }

    /** Whether stdout is an interactive terminal ({@code Console.isTerminal()} from JDK 22, else a console at all). */
    static boolean stdoutIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new ContinuityCli());
        CommandLine.Help.Ansi ansi = color ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF;
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
            if (sub.getCommand() instanceof EvalImpactCommand) {
                EvalImpactCommand.configure(sub);
            } else if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
            }
        }
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        cli.setUsageHelpWidth(100);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExitCodeExceptionMapper(ContinuityCli::exitCode);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("continuity: error: " + oneLine(ex) + damagedJournalHint(ex));
            return exitCode(ex);
        });
        cli.setParameterExceptionHandler((ex, args2) -> {
            // picocli says "option option '--context'" in some of its messages, and "Error: " before those of an ArgGroup
            String message = String.valueOf(ex.getMessage()).replace("option option", "option").replaceFirst("^Error: ", "");
            err.println("continuity: error: "
                    + (ex.getCommandLine().getCommand() instanceof EvalImpactCommand ? EvalImpactCommand.usageError(message) : message)
                    + greedyChangedHint(ex));
            // the qualified name is 'continuity' for the top level, 'continuity run' for a command
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return BAD_INPUT;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // what the command held is unreachable once the stack has unwound, so there is room to say so
            return outOfMemory(err, args);
        }
    }

    /**
     * {@code run --changed a.md my-novel}: {@code --changed} takes every word after it, so the project folder became a
     * changed file and picocli only says that PROJECT is missing. Says why, and how to write it.
     */
    private static String greedyChangedHint(picocli.CommandLine.ParameterException ex) {
        boolean projectMissing = ex instanceof picocli.CommandLine.MissingParameterException missing
                && missing.getMissing().stream().anyMatch(a -> a.paramLabel().equals("PROJECT"));
        if (!projectMissing || ex.getCommandLine().getParseResult() == null
                || !ex.getCommandLine().getParseResult().hasMatchedOption("--changed")) {
            return "";
        }
        return ". --changed takes every word after it, the project folder too: put PROJECT first ("
                + ex.getCommandLine().getCommandSpec().qualifiedName() + " PROJECT --changed FILE...) or write --changed=FILE";
    }

    /**
     * A damaged journal blocks every command, as it must (it may record a commit that stopped half-way, which nothing
     * can now roll back or forward). Says what the user can do.
     */
    static String damagedJournalHint(Throwable ex) {
        if (!(ex instanceof dev.continuity.api.IntegrityException i) || !String.valueOf(i.getMessage()).startsWith(".continuity/tx/journal")) {
            return "";
        }
        return ". Nothing was changed. The journal records a commit that was interrupted; as it cannot be read, that commit may have "
                + "replaced some of its files and not others. Check the project's files (against git or a backup), then move the journal "
                + "out of .continuity/tx/ to use the project again";
    }

    /**
     * Says that the heap is too small and how to give the JVM more, instead of a stack trace: a project of thousands of
     * files (about 10,000 files of 67 MB need a heap of up to 640 MB for {@code run}, see docs/benchmarks.md) can outgrow the
     * default heap of a small machine. A command that writes may have stopped while committing; its journal is rolled
     * back or forward the next time the project is opened, and {@code status} shows it.
     */
    static int outOfMemory(PrintStream err, String... args) {
        long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        long suggestGb = Math.max(1, (2 * maxMb + 1023) / 1024);
        String command = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
        err.println("continuity: error: the Java heap (" + maxMb + " MB) is too small for this project: give the JVM more, e.g. "
                + "CONTINUITY_JAVA_OPTS=-Xmx" + suggestGb + "g ./continuity " + command + " ... (or java -Xmx" + suggestGb + "g -jar continuity.jar "
                + command + " ...)" + (WRITES.contains(command) ? "; if it stopped while committing, 'continuity status PROJECT' shows the pending "
                + "transaction, and the next command that opens the project rolls it back or forward" : ""));
        return INTERNAL;
    }

    /** The commands that can write to the project. */
    private static final java.util.Set<String> WRITES = java.util.Set.of("run", "heal", "resume", "rollback", "dead-letters", "demo");

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "success (for heal, also when issues are left for a human)");
        codes.put("1", "the update failed and was rolled back (nothing written), or a CHECKPOINTED run stopped after a checkpoint");
        codes.put("2", "bad input: usage, a missing project, file or report, a path outside the project, an invalid config, an unreadable file, "
                + "an unknown execution id");
        codes.put("3", "internal error");
        codes.put("4", "busy: another run holds the project's lock (nothing was done; try again when it has finished)");
        return java.util.Collections.unmodifiableMap(codes);
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof ProjectLockedException) {
            return BUSY;
        }
        if (ex instanceof ProjectFileException || ex instanceof PathEscapeException || ex instanceof ConfigurationException
                || ex instanceof UnknownExecutionException || ex instanceof IllegalArgumentException || ex instanceof CommandLine.ParameterException
                || ex instanceof dev.continuity.core.optimize.stg.StgFormatException) {
            return BAD_INPUT;
        }
        if (ex instanceof OrchestratorException) {
            return FAILED;
        }
        return INTERNAL;
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return m.replace('\n', ' ');
    }
}
