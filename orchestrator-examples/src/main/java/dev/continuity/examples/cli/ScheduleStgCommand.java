package dev.continuity.examples.cli;

import dev.continuity.core.optimize.stg.StgBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "schedule-stg", description = "Schedule Standard Task Graph Set instances with the genetic optimiser, CP/MISF and topological "
        + "list scheduling, against the lower bound and the known optima.",
        footer = {"%nExample:%n  continuity schedule-stg ../shared/data/stg --procs 2,4,8,16 --seed 1 --csv stg.csv --schedules stg.jsonl"})
final class ScheduleStgCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "an .stg file, or a folder of them (searched recursively)")
    Path path;

    @Option(names = "--procs", split = ",", defaultValue = "2,4,8,16", description = "processor counts (default: ${DEFAULT-VALUE})")
    List<Integer> procs;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--budget-ms", defaultValue = "900", description = "time budget per instance and processor count (default: ${DEFAULT-VALUE})")
    long budgetMs;

    @Option(names = "--csv", paramLabel = "OUT", description = "write one CSV row per instance and processor count")
    Path csv;

    @Option(names = "--schedules", paramLabel = "OUT.jsonl", description = "write each GA schedule as {\"file\",\"procs\",\"makespan\",\"tasks\":[{\"id\",\"start\",\"proc\"}]}")
    Path schedules;

    @Option(names = "--optimal", paramLabel = "DIR", description = "folder of CaseN_M_OPT.csv files (default: PATH/optimal or its parent's)")
    Path optimal;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("STG path " + path + " does not exist");
        }
        StgBenchmark.Options.Builder b = StgBenchmark.Options.builder(path).procs(procs).seed(seed).budgetMillis(budgetMs);
        if (csv != null) {
            b.csvOut(csv);
        }
        if (schedules != null) {
            b.schedulesOut(schedules);
        }
        if (optimal != null) {
            b.optimalDir(optimal);
        }
        java.io.PrintWriter writer = spec.commandLine().getOut();
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        PrintStream out = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int c) {
                line.write(c);
                if (c == '\n') {
                    flush();
                }
            }

            @Override
            public void flush() {
                writer.print(line.toString(StandardCharsets.UTF_8));
                writer.flush();
                line.reset();
            }
        }, true, StandardCharsets.UTF_8);
        StgBenchmark.Report report = StgBenchmark.run(b.build(), out);
        out.flush();
        writer.println();
        writer.print(report.toMarkdown());
        writer.println();
        writer.println(report.summaryLine());
        writer.flush();
        return report.overall().worseThanCp() == 0 ? 0 : ContinuityCli.FAILED;
    }
}
