package dev.continuity.core.optimize.stg;

import dev.continuity.api.OptimizationGoal;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.continuity.core.optimize.GeneticOptimizerConfig;
import dev.continuity.core.optimize.GeneticSequenceOptimizer;
import dev.continuity.core.optimize.OptimizationResult;
import dev.continuity.core.optimize.PriorityRule;
import dev.continuity.core.optimize.Schedule;
import dev.continuity.core.optimize.ScheduledTask;
import dev.continuity.core.optimize.SchedulingProblem;
import dev.continuity.core.optimize.StopReason;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the {@link GeneticSequenceOptimizer} on Standard Task Graph Set instances and compares it
 * with CP/MISF, topological-order list scheduling, the lower bound and the published optima.
 *
 * <pre>{@code
 * StgBenchmark.Report report = StgBenchmark.run(StgBenchmark.Options.builder(Path.of("stg/50"))
 *     .procs(List.of(2, 4, 8, 16)).budgetMillis(900).build(), System.out);
 * System.out.println(report.toMarkdown());
 * }</pre>
 *
 * Command line: {@code PATH --procs 2,4,8,16 [--seed S] [--budget-ms T] [--csv OUT]
 * [--schedules OUT.jsonl] [--optimal DIR] [--limit K] [--quiet]}. {@code PATH} is an {@code .stg}
 * file or a directory searched recursively. The optimum tables are looked up in an {@code optimal}
 * folder next to {@code PATH} or above it, unless {@code --optimal} names one.
 */
public final class StgBenchmark {

    private StgBenchmark() {
    }

    /**
     * Benchmark options.
     *
     * @param input        an {@code .stg} file or a directory of them
     * @param procs        processor counts to run, each {@code >= 1}
     * @param seed         the optimiser's seed
     * @param budgetMillis time budget per instance and processor count
     * @param csvOut       where to write one CSV row per run
     * @param schedulesOut where to write one JSON line per run with the full schedule
     * @param optimalDir   the folder of {@code CaseN_M_OPT.csv} tables (found automatically when absent)
     * @param limit        at most this many instances (in name order), {@code >= 1}
     * @param progress     print one line per run
     */
    public record Options(
            Path input,
            List<Integer> procs,
            long seed,
            long budgetMillis,
            Optional<Path> csvOut,
            Optional<Path> schedulesOut,
            Optional<Path> optimalDir,
            int limit,
            boolean progress) {

        public Options {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(csvOut, "csvOut");
            Objects.requireNonNull(schedulesOut, "schedulesOut");
            Objects.requireNonNull(optimalDir, "optimalDir");
            procs = List.copyOf(procs);
            if (procs.isEmpty()) {
                throw new IllegalArgumentException("procs must not be empty");
            }
            for (int p : procs) {
                if (p < 1) {
                    throw new IllegalArgumentException("processor counts must be >= 1, was " + p);
                }
            }
            if (budgetMillis < 1) {
                throw new IllegalArgumentException("budgetMillis must be >= 1, was " + budgetMillis);
            }
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1, was " + limit);
            }
        }

        public static Builder builder(Path input) {
            return new Builder(input);
        }

        /**
         * Builder for {@link Options}; defaults: procs 2,4,8,16, seed 1, 900 ms (the budget is checked
         * between generations, so this keeps every run under a second), no output files.
         */
        public static final class Builder {
            private final Path input;
            private List<Integer> procs = List.of(2, 4, 8, 16);
            private long seed = 1;
            private long budgetMillis = 900;
            private Optional<Path> csvOut = Optional.empty();
            private Optional<Path> schedulesOut = Optional.empty();
            private Optional<Path> optimalDir = Optional.empty();
            private int limit = Integer.MAX_VALUE;
            private boolean progress = true;

            private Builder(Path input) {
                this.input = input;
            }

            public Builder procs(List<Integer> value) {
                procs = value;
                return this;
            }

            public Builder seed(long value) {
                seed = value;
                return this;
            }

            public Builder budgetMillis(long value) {
                budgetMillis = value;
                return this;
            }

            public Builder csvOut(Path value) {
                csvOut = Optional.of(value);
                return this;
            }

            public Builder schedulesOut(Path value) {
                schedulesOut = Optional.of(value);
                return this;
            }

            public Builder optimalDir(Path value) {
                optimalDir = Optional.of(value);
                return this;
            }

            public Builder limit(int value) {
                limit = value;
                return this;
            }

            public Builder progress(boolean value) {
                progress = value;
                return this;
            }

            public Options build() {
                return new Options(input, procs, seed, budgetMillis, csvOut, schedulesOut, optimalDir, limit,
                        progress);
            }
        }
    }

    /**
     * One instance on one processor count.
     *
     * @param file        instance name relative to the set's root
     * @param set         the set (first folder of the name, e.g. {@code 50})
     * @param tasks       real tasks
     * @param procs       processors
     * @param ga          the genetic optimiser's makespan
     * @param cpMisf      CP/MISF list-scheduling makespan
     * @param topological topological-order list-scheduling makespan
     * @param lowerBound  {@code max(CP, ceil(work / procs))}
     * @param optimum     the published optimum or bounds, when known
     * @param millis      wall time of the optimiser call
     * @param cpuMillis   CPU time of the calling thread during the call (the optimiser is single-threaded)
     * @param generations generations run
     * @param stopReason  why the optimiser stopped
     * @param feasible    whether the schedule passed {@link Schedule#verify}
     */
    public record Row(
            String file,
            String set,
            int tasks,
            int procs,
            double ga,
            double cpMisf,
            double topological,
            double lowerBound,
            Optional<StgOptimum> optimum,
            long millis,
            long cpuMillis,
            long generations,
            StopReason stopReason,
            boolean feasible) {

        public Row {
            Objects.requireNonNull(optimum, "optimum");
        }

        /** Gap to the proven optimum in percent, when it is proven. */
        public Optional<Double> gapToOptimumPercent() {
            return optimum.filter(StgOptimum::proven).map(o -> 100 * (ga - o.high()) / o.high());
        }
    }

    /**
     * Aggregates of a group of rows.
     *
     * @param label          what the group is, e.g. {@code 50 tasks, 4 procs}
     * @param runs           rows in the group
     * @param betterThanCp   GA strictly shorter than CP/MISF
     * @param equalToCp      GA equal to CP/MISF
     * @param worseThanCp    GA longer than CP/MISF (must be 0)
     * @param proven         rows with a proven optimum
     * @param meanGapPercent mean gap to the proven optimum
     * @param maxGapPercent  largest gap to the proven optimum
     * @param optimal        rows where GA equals the proven optimum
     * @param unproven       rows with only bounds
     * @param meanGapToHighPercent mean gap to the best-known makespan of the unproven rows
     * @param beatHigh       unproven rows where GA is below the best-known makespan
     * @param equalHigh      unproven rows where GA equals the best-known makespan
     * @param meanMillis     mean wall time per run
     * @param maxMillis      longest run (wall time)
     * @param meanCpuMillis  mean CPU time per run
     * @param maxCpuMillis   largest CPU time of a run
     * @param infeasible     schedules that failed verification (must be 0)
     */
    public record Summary(
            String label,
            int runs,
            int betterThanCp,
            int equalToCp,
            int worseThanCp,
            int proven,
            double meanGapPercent,
            double maxGapPercent,
            int optimal,
            int unproven,
            double meanGapToHighPercent,
            int beatHigh,
            int equalHigh,
            double meanMillis,
            long maxMillis,
            double meanCpuMillis,
            long maxCpuMillis,
            int infeasible) {

        static Summary of(String label, List<Row> rows) {
            int better = 0;
            int equal = 0;
            int worse = 0;
            int proven = 0;
            double gapSum = 0;
            double gapMax = 0;
            int optimal = 0;
            int unproven = 0;
            double highGapSum = 0;
            int beat = 0;
            int equalHigh = 0;
            long msSum = 0;
            long msMax = 0;
            long cpuSum = 0;
            long cpuMax = 0;
            int infeasible = 0;
            for (Row r : rows) {
                if (r.ga() < r.cpMisf()) {
                    better++;
                } else if (r.ga() == r.cpMisf()) {
                    equal++;
                } else {
                    worse++;
                }
                if (r.optimum().isPresent()) {
                    StgOptimum o = r.optimum().get();
                    if (o.proven()) {
                        proven++;
                        double gap = 100 * (r.ga() - o.high()) / o.high();
                        gapSum += gap;
                        gapMax = Math.max(gapMax, gap);
                        if (r.ga() <= o.high()) {
                            optimal++;
                        }
                    } else {
                        unproven++;
                        highGapSum += 100 * (r.ga() - o.high()) / o.high();
                        if (r.ga() < o.high()) {
                            beat++;
                        } else if (r.ga() == o.high()) {
                            equalHigh++;
                        }
                    }
                }
                msSum += r.millis();
                msMax = Math.max(msMax, r.millis());
                cpuSum += r.cpuMillis();
                cpuMax = Math.max(cpuMax, r.cpuMillis());
                if (!r.feasible()) {
                    infeasible++;
                }
            }
            return new Summary(label, rows.size(), better, equal, worse, proven,
                    proven > 0 ? gapSum / proven : 0, gapMax, optimal, unproven,
                    unproven > 0 ? highGapSum / unproven : 0, beat, equalHigh,
                    rows.isEmpty() ? 0 : (double) msSum / rows.size(), msMax,
                    rows.isEmpty() ? 0 : (double) cpuSum / rows.size(), cpuMax, infeasible);
        }
    }

    /** All rows with per-group and overall summaries. */
    public record Report(List<Row> rows, List<Summary> groups, Summary overall) {

        public Report {
            rows = List.copyOf(rows);
            groups = List.copyOf(groups);
            Objects.requireNonNull(overall, "overall");
        }

        /** One line: GA against CP/MISF, the gap to the optima, the times. */
        public String summaryLine() {
            Summary all = overall;
            return String.format(Locale.ROOT, "GA <= CP/MISF on %d of %d runs (%s); mean gap to proven optimum %.3f%%"
                            + " (%d of %d optimal); unproven: mean gap to best-known %.3f%%, %d beat it, %d equal;"
                            + " time mean %.0f ms, max %d ms (CPU mean %.0f ms, max %d ms); infeasible %d",
                    all.runs() - all.worseThanCp(), all.runs(), all.worseThanCp() == 0 ? "ALL" : "NOT ALL",
                    all.meanGapPercent(), all.optimal(), all.proven(), all.meanGapToHighPercent(), all.beatHigh(),
                    all.equalHigh(), all.meanMillis(), all.maxMillis(), all.meanCpuMillis(), all.maxCpuMillis(),
                    all.infeasible());
        }

        /** The summaries as a Markdown table. */
        public String toMarkdown() {
            StringBuilder sb = new StringBuilder();
            sb.append("| set × procs | runs | GA<CP/MISF | GA=CP/MISF | GA>CP/MISF | proven | mean gap to opt % "
                    + "| max gap % | #optimal | unproven | mean gap to best-known % | beat best-known "
                    + "| = best-known | mean ms | max ms | mean CPU ms | max CPU ms | infeasible |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Summary s : groups) {
                line(sb, s);
            }
            line(sb, overall);
            return sb.toString();
        }

        private static void line(StringBuilder sb, Summary s) {
            sb.append(String.format(Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | %.3f | %.2f | %d | %d | %.3f | %d | %d | %.0f | %d | %.0f | %d | %d |%n",
                    s.label(), s.runs(), s.betterThanCp(), s.equalToCp(), s.worseThanCp(), s.proven(),
                    s.meanGapPercent(), s.maxGapPercent(), s.optimal(), s.unproven(), s.meanGapToHighPercent(),
                    s.beatHigh(), s.equalHigh(), s.meanMillis(), s.maxMillis(), s.meanCpuMillis(), s.maxCpuMillis(),
                    s.infeasible()));
        }
    }

    /** Runs the benchmark; progress lines go to {@code log}. */
    public static Report run(Options options, PrintStream log) {
        Path input = options.input().toAbsolutePath().normalize();
        Optional<Path> root = findRoot(input);
        Path base = root.orElse(Files.isDirectory(input) ? input : input.getParent());
        StgOptima optima = options.optimalDir().or(() -> root.map(r -> r.resolve("optimal")))
                .filter(Files::isDirectory).map(StgOptima::readDirectory).orElse(StgOptima.empty());
        List<Path> files = listInstances(input).stream().limit(options.limit()).toList();
        GeneticOptimizerConfig config = GeneticOptimizerConfig.defaults().toBuilder()
                .seed(options.seed()).timeBudget(Duration.ofMillis(options.budgetMillis())).build();
        GeneticSequenceOptimizer optimizer = new GeneticSequenceOptimizer(config);
        ObjectMapper json = new ObjectMapper();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Row> rows = new ArrayList<>();
        try (BufferedWriter csv = open(options.csvOut()); BufferedWriter jsonl = open(options.schedulesOut())) {
            if (csv != null) {
                csv.write("file,tasks,procs,ga,cp_misf,topological,lower_bound,opt_low,opt_high,proven,"
                        + "gap_pct,ms,cpu_ms,generations,stop,feasible\n");
            }
            for (Path file : files) {
                String name = base.relativize(file).toString().replace('\\', '/');
                StgInstance instance = StgReader.read(file, name);
                for (int procs : options.procs()) {
                    SchedulingProblem problem = instance.problem(procs);
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    OptimizationResult result = optimizer.optimize(problem, List.of(OptimizationGoal.MINIMIZE_TIME));
                    long millis = (System.nanoTime() - t0) / 1_000_000;
                    long cpuMillis = (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
                    Schedule schedule = result.schedule();
                    boolean feasible = schedule.verify(problem).feasible();
                    double cp = PriorityRule.CP_MISF.schedule(problem).makespan();
                    double topo = PriorityRule.TOPOLOGICAL.schedule(problem).makespan();
                    Optional<StgOptimum> optimum = optima.find(name, procs);
                    String set = name.contains("/") ? name.substring(0, name.indexOf('/')) : "-";
                    Row row = new Row(name, set, instance.taskCount(), procs, schedule.makespan(), cp, topo,
                            problem.makespanLowerBound(), optimum, millis, cpuMillis, result.generations(),
                            result.stopReason(), feasible);
                    rows.add(row);
                    if (csv != null) {
                        csv.write(csvLine(row));
                    }
                    if (jsonl != null) {
                        jsonl.write(json.writeValueAsString(scheduleJson(json, name, procs, schedule)));
                        jsonl.write('\n');
                    }
                    if (options.progress()) {
                        log.println(String.format(Locale.ROOT,
                                "%s p=%d ga=%.0f cp/misf=%.0f topo=%.0f lb=%.0f opt=%s %d ms (cpu %d) %d gen %s%s",
                                name, procs, row.ga(), cp, topo, row.lowerBound(),
                                optimum.map(o -> o.proven() ? fmt(o.high()) : fmt(o.low()) + ".." + fmt(o.high()))
                                        .orElse("?"),
                                millis, cpuMillis, result.generations(), result.stopReason(),
                                feasible ? "" : " INFEASIBLE"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write benchmark output", e);
        }
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        rows.stream()
                .sorted((a, b) -> a.set().equals(b.set()) ? Integer.compare(a.procs(), b.procs())
                        : compareSets(a.set(), b.set()))
                .forEach(r -> groups.computeIfAbsent(r.set() + " tasks, " + r.procs() + " procs",
                        k -> new ArrayList<>()).add(r));
        List<Summary> summaries = groups.entrySet().stream().map(e -> Summary.of(e.getKey(), e.getValue())).toList();
        return new Report(rows, summaries, Summary.of("all", rows));
    }

    private static int compareSets(String a, String b) {
        try {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static ObjectNode scheduleJson(ObjectMapper json, String name, int procs, Schedule schedule) {
        ObjectNode node = json.createObjectNode();
        node.put("file", name);
        node.put("procs", procs);
        node.put("makespan", schedule.makespan());
        ArrayNode tasks = node.putArray("tasks");
        for (ScheduledTask t : schedule.tasks()) {
            ObjectNode task = tasks.addObject();
            task.put("id", t.id());
            task.put("start", t.start());
            task.put("proc", t.worker());
        }
        return node;
    }

    private static String csvLine(Row r) {
        String low = r.optimum().map(o -> fmt(o.low())).orElse("");
        String high = r.optimum().map(o -> fmt(o.high())).orElse("");
        String proven = r.optimum().map(o -> Boolean.toString(o.proven())).orElse("");
        String gap = r.gapToOptimumPercent().map(g -> String.format(Locale.ROOT, "%.4f", g)).orElse("");
        return String.join(",", r.file(), Integer.toString(r.tasks()), Integer.toString(r.procs()), fmt(r.ga()),
                fmt(r.cpMisf()), fmt(r.topological()), fmt(r.lowerBound()), low, high, proven, gap,
                Long.toString(r.millis()), Long.toString(r.cpuMillis()), Long.toString(r.generations()),
                r.stopReason().name(),
                Boolean.toString(r.feasible())) + "\n";
    }

    private static BufferedWriter open(Optional<Path> path) throws IOException {
        if (path.isEmpty()) {
            return null;
        }
        Path parent = path.get().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newBufferedWriter(path.get(), StandardCharsets.UTF_8);
    }

    /** The nearest directory at or above {@code input} that has an {@code optimal} sub-folder. */
    static Optional<Path> findRoot(Path input) {
        for (Path p = Files.isDirectory(input) ? input : input.getParent(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("optimal"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static List<Path> listInstances(Path input) {
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".stg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + input, e);
        }
    }

    /** Command-line entry; see the class comment for the arguments. */
    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: StgBenchmark PATH --procs 2,4,8,16 [--seed S] [--budget-ms T] [--csv OUT]"
                    + " [--schedules OUT.jsonl] [--optimal DIR] [--limit K] [--quiet]");
            System.exit(2);
            return;
        }
        Report report = run(options, System.out);
        System.out.println();
        System.out.print(report.toMarkdown());
        System.out.println();
        System.out.println(report.summaryLine());
    }

    static Options parse(String[] args) {
        Path input = null;
        Map<String, String> values = new LinkedHashMap<>();
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quiet")) {
                quiet = true;
            } else if (a.startsWith("--")) {
                if (!List.of("--procs", "--seed", "--budget-ms", "--csv", "--schedules", "--optimal", "--limit")
                        .contains(a)) {
                    throw new IllegalArgumentException("unknown option " + a);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                values.put(a, args[++i]);
            } else if (input == null) {
                input = Path.of(a);
            } else {
                throw new IllegalArgumentException("more than one PATH: " + input + ", " + a);
            }
        }
        if (input == null) {
            throw new IllegalArgumentException("missing PATH");
        }
        Options.Builder b = Options.builder(input).progress(!quiet);
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue();
            try {
                switch (e.getKey()) {
                    case "--procs" -> b.procs(Arrays.stream(v.split(",")).map(String::strip)
                            .map(Integer::valueOf).toList());
                    case "--seed" -> b.seed(Long.parseLong(v));
                    case "--budget-ms" -> b.budgetMillis(Long.parseLong(v));
                    case "--csv" -> b.csvOut(Path.of(v));
                    case "--schedules" -> b.schedulesOut(Path.of(v));
                    case "--optimal" -> b.optimalDir(Path.of(v));
                    default -> b.limit(Integer.parseInt(v)); // --limit
                }
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(e.getKey() + ": not a number: '" + v + "'");
            }
        }
        return b.build();
    }
}
