package dev.continuity.benchmarks;

import dev.continuity.api.IntelligentUpdatePlan;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.execute.DagExecutor;
import dev.continuity.core.execute.ExecutionConfig;
import dev.continuity.core.project.PathGuard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Heap retained per queued step: a plan of {@code steps} independent steps runs with one worker; the first step blocks,
 * so all the others are queued (ready, waiting for a slot). Retained heap is measured after full GCs (used heap of
 * {@link MemoryMXBean} after {@code System.gc()} until it stops falling) at three points: before the plan exists, with
 * the plan built, and with the run started and every other step queued. Reported: the plan's own records per step,
 * the executor's state per queued step (tracker, scheduling arrays, ready queues), and the total. Median of
 * {@code reps} repetitions.
 *
 * <pre>java -Xmx2g -cp orchestrator-benchmarks/target/benchmarks.jar dev.continuity.benchmarks.QueuedStepMemory [steps] [reps]</pre>
 */
public final class QueuedStepMemory {
    private QueuedStepMemory() {}

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        PathGuard guard = SyntheticRuns.tempGuard();
        double[] planPerStep = new double[reps];
        double[] execPerStep = new double[reps];
        double[] totalPerStep = new double[reps];
        for (int r = 0; r < reps; r++) {
            CountDownLatch blocked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            UpdateHandler handler = new UpdateHandler() {
                @Override public HandlerResult apply(StepContext c) throws InterruptedException {
                    if (c.step().id().equals("s000000")) {
                        blocked.countDown();
                        release.await();
                    }
                    return HandlerResult.unchanged("ok");
                }
                @Override public String id() { return "h"; }
                @Override public String service() { return "remote"; }
            };
            DagExecutor executor = DagExecutor.builder(1).config(ExecutionConfig.builder().deadLetters(false).journal(false).build())
                    .listeners(List.of(e -> { })).alertSinks(List.of(alert -> { })).meterRegistry(new SimpleMeterRegistry()).build();
            long base = retained(memory);
            IntelligentUpdatePlan plan = SyntheticRuns.plan(steps, "h", "remote");
            long withPlan = retained(memory);
            DagExecutor.Run run = SyntheticRuns.run(executor, "exec-mem-" + r, plan, guard, handler);
            FutureTask<Integer> task = new FutureTask<>(() -> executor.run(run).size());
            Thread.ofVirtual().start(task);
            if (!blocked.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the first step did not start");
            }
            long queued = retained(memory);
            planPerStep[r] = (double) (withPlan - base) / steps;
            execPerStep[r] = (double) (queued - withPlan) / (steps - 1);
            totalPerStep[r] = (double) (queued - base) / steps;
            release.countDown();
            if (task.get(10, TimeUnit.MINUTES) != steps) {
                throw new IllegalStateException("not every step ran");
            }
            executor.close();
            System.out.printf(Locale.ROOT, "rep %d: plan %.0f B/step, executor %.0f B/queued step, total %.0f B/step%n", r + 1, planPerStep[r],
                    execPerStep[r], totalPerStep[r]);
            if (plan.steps().size() != steps) {
                throw new IllegalStateException();
            }
        }
        System.out.printf(Locale.ROOT, "%d steps, median of %d: plan records %.0f B/step; executor state %.0f B per queued step; total %.0f B per queued step (goal <= 2048)%n",
                steps, reps, median(planPerStep), median(execPerStep), median(totalPerStep));
    }

    private static long retained(MemoryMXBean memory) throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used >= last - 1024) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
