package dev.continuity.core.execute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Schedules the executor's delayed work: retry backoffs, rate-limit waits, time limits and queue time-outs. Nothing in
 * the executor sleeps on its own; it asks the timer, so a test can replace real time with a timer it drives.
 */
public interface ExecutionTimer extends AutoCloseable {

    /** Runs {@code task} once after {@code delay}, on a thread of the timer's choosing. The task must be short. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Blocks the calling thread for {@code delay} as this timer measures it; interruptible. */
    default void sleep(Duration delay) throws InterruptedException {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        CountDownLatch latch = new CountDownLatch(1);
        Cancellable c = schedule(delay, latch::countDown);
        try {
            latch.await();
        } finally {
            c.cancel();
        }
    }

    /** Stops the timer; scheduled tasks no longer run. */
    @Override
    void close();

    /** A scheduled task that may be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** Calls the task off if it has not run; otherwise does nothing. */
        void cancel();
    }

    /** Real time: one daemon platform thread ({@code continuity-timer}); zero delays run at once on a virtual thread. */
    static ExecutionTimer system() {
        return new SystemTimer();
    }
}

/** {@link ExecutionTimer#system()}. */
final class SystemTimer implements ExecutionTimer {
    private static final Logger LOG = LoggerFactory.getLogger(SystemTimer.class);
    private final ScheduledThreadPoolExecutor executor;

    SystemTimer() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "continuity-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("a scheduled task of the executor failed", e);
            }
        };
        if (delay.isZero() || delay.isNegative()) {
            Thread.ofVirtual().name("continuity-timer-now").start(guarded);
            return () -> { };
        }
        ScheduledFuture<?> f = executor.schedule(guarded, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void sleep(Duration delay) throws InterruptedException {
        if (delay.isPositive()) {
            Thread.sleep(delay);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
