package dev.continuity.core.execute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A timer the test drives: delays shorter than {@code autoFireBelow} (backoffs, rate-limit waits) fire at once on a
 * virtual thread and are recorded; longer ones (time limits, queue time-outs) wait until {@link #fireAll()}.
 */
public final class ManualTimer implements ExecutionTimer {
    private final Duration autoFireBelow;
    private final List<Duration> fired = Collections.synchronizedList(new ArrayList<>());
    private final List<Runnable> pending = new ArrayList<>();

    public ManualTimer(Duration autoFireBelow) {
        this.autoFireBelow = autoFireBelow;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        if (delay.compareTo(autoFireBelow) < 0) {
            fired.add(delay);
            Thread.ofVirtual().start(task);
            return () -> { };
        }
        synchronized (pending) {
            pending.add(task);
        }
        return () -> {
            synchronized (pending) {
                pending.remove(task);
            }
        };
    }

    @Override
    public void sleep(Duration delay) {
        fired.add(delay);
    }

    /** Fires every waiting task now, on the calling thread; returns how many. */
    public int fireAll() {
        List<Runnable> due;
        synchronized (pending) {
            due = new ArrayList<>(pending);
            pending.clear();
        }
        due.forEach(Runnable::run);
        return due.size();
    }

    public int pendingCount() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /** The delays that fired by themselves, in order. */
    public List<Duration> autoFired() {
        synchronized (fired) {
            return List.copyOf(fired);
        }
    }

    @Override
    public void close() {
    }
}
