package dev.continuity.examples.cli;

import dev.continuity.api.ConfigurationException;
import dev.continuity.api.OrchestratorException;
import dev.continuity.api.PathEscapeException;
import dev.continuity.api.ProjectFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code continuity} command line.
 *
 * <p>Exit codes: 0 success; 1 the update failed and was rolled back; 2 bad input (usage, a missing or unreadable file,
 * a path outside the project, an invalid config); 3 an unexpected internal error.
 */
@Command(name = "continuity", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "continuity 0.1.0-SNAPSHOT",
        description = "Keeps a project of interdependent files consistent when one of them changes.",
        subcommands = {ScanCommand.class, ImpactCommand.class, PlanCommand.class, RunCommand.class, HealCommand.class, StatusCommand.class,
                ResumeCommand.class, RollbackCommand.class, DeadLettersCommand.class, DemoCommand.class, ScheduleStgCommand.class, EvalImpactCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the update failed and was rolled back (nothing written)", "2:bad input", "3:internal error"})
public final class ContinuityCli implements Runnable {
    /** Exit code of a failed, rolled-back update. */
    public static final int FAILED = 1;
    /** Exit code of bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit code of an internal error. */
    public static final int INTERNAL = 3;

    /** Tribuo logs its training progress through java.util.logging; a command line shows only its warnings. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The terminal's stream when stdout is an interactive terminal (live progress bars), else null. */
    static volatile PrintStream terminal;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: scan, impact, plan, run, heal, status, resume, rollback, dead-letters, demo or schedule-stg");
    }

    public static void main(String[] args) {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        terminal = stdoutIsTerminal() ? out : null;
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
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExitCodeExceptionMapper(ContinuityCli::exitCode);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("continuity: error: " + oneLine(ex));
            return exitCode(ex);
        });
        cli.setParameterExceptionHandler((ex, args2) -> {
            err.println("continuity: error: " + ex.getMessage());
            err.println("Try 'continuity " + ex.getCommandLine().getCommandName() + " --help'.");
            return BAD_INPUT;
        });
        return cli.execute(args);
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof ProjectFileException || ex instanceof PathEscapeException || ex instanceof ConfigurationException
                || ex instanceof IllegalArgumentException || ex instanceof CommandLine.ParameterException) {
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
