package dev.continuity.core.execute;

import dev.continuity.api.spi.ProjectWriter;
import dev.continuity.core.project.PathGuard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ProjectWriter} that stages writes in memory: nothing reaches the project until the run commits. Paths are
 * confined to the root (lexically and through symlinks) when they are staged, so a bad path fails the step that wrote it.
 *
 * <p>Writes are attributed to the step attempt bound to the writing thread. An attempt that is abandoned (it exceeded
 * its time limit, or it failed and will be retried) has its writes discarded, and every later write from it is
 * refused with an {@link IllegalStateException}: a late answer never reaches the project. Thread-safe.
 */
public final class StagingProjectWriter implements ProjectWriter {
    private final PathGuard guard;
    private final Map<String, byte[]> staged = new LinkedHashMap<>();
    private final Map<String, String> stagedBy = new LinkedHashMap<>();
    private final Map<String, Set<String>> pathsByStep = new HashMap<>();
    private final ThreadLocal<StepToken> current = new ThreadLocal<>();

    /**
     * A writer with nothing staged.
     *
     * @param guard confines the staged paths to the project root; a path it refuses fails the write with a
     *              {@link dev.continuity.api.PathEscapeException}
     */
    public StagingProjectWriter(PathGuard guard) {
        this.guard = guard;
    }

    /** One attempt of one step, as the writer knows it. */
    static final class StepToken {
        final String stepId;
        final int attempt;
        private volatile boolean abandoned;

        StepToken(String stepId, int attempt) {
            this.stepId = stepId;
            this.attempt = attempt;
        }

        boolean abandoned() {
            return abandoned;
        }
    }

    /** Attributes the following writes on this thread to an attempt of a step. */
    void bind(StepToken token) {
        current.set(token);
    }

    void unbind() {
        current.remove();
    }

    @Override
    public void write(String path, byte[] content) {
        String norm = PathGuard.normalize(path);
        guard.resolve(norm);
        byte[] copy = content.clone();
        StepToken token = current.get();
        synchronized (this) {
            if (token != null && token.abandoned) {
                throw new IllegalStateException("step " + token.stepId + " (attempt " + token.attempt
                        + ") was abandoned (time limit exceeded or attempt failed); its write to " + norm + " is refused");
            }
            String step = token == null ? "unknown" : token.stepId;
            staged.put(norm, copy);
            String previous = stagedBy.put(norm, step);
            if (previous != null && !previous.equals(step)) {
                Set<String> p = pathsByStep.get(previous);
                if (p != null) {
                    p.remove(norm);
                }
            }
            pathsByStep.computeIfAbsent(step, k -> new LinkedHashSet<>()).add(norm);
        }
    }

    @Override
    public Optional<byte[]> read(String path) {
        String norm = PathGuard.normalize(path);
        synchronized (this) {
            byte[] s = staged.get(norm);
            if (s != null) {
                return Optional.of(s.clone());
            }
        }
        return readOriginal(norm);
    }

    /** The file on disk, ignoring staged writes. */
    public Optional<byte[]> readOriginal(String path) {
        Path abs = guard.resolve(PathGuard.normalize(path));
        if (!Files.isRegularFile(abs)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(abs));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The staged content of a path, if any step staged it. */
    synchronized Optional<byte[]> stagedContent(String path) {
        return Optional.ofNullable(staged.get(PathGuard.normalize(path)));
    }

    /** The staged content, by path, in the order first written. */
    public synchronized Map<String, byte[]> staged() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        staged.forEach((k, v) -> copy.put(k, v.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** What one step staged, by path (the arrays are the writer's own: do not change them). */
    synchronized Map<String, byte[]> stagedBy(String stepId) {
        Set<String> paths = pathsByStep.get(stepId);
        if (paths == null || paths.isEmpty()) {
            return Map.of();
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        paths.forEach(p -> out.put(p, staged.get(p)));
        return out;
    }

    /** The step that last wrote each staged path. */
    public synchronized Map<String, String> stagedBy() {
        return Map.copyOf(stagedBy);
    }

    /** Abandons an attempt: its writes are dropped now, and refused from now on. */
    synchronized void abandon(StepToken token) {
        token.abandoned = true;
        discard(token.stepId);
    }

    /** Drops the writes of one step (a failed or abandoned step must not leave writes behind). */
    synchronized void discard(String stepId) {
        Set<String> paths = pathsByStep.remove(stepId);
        if (paths != null) {
            for (String p : paths) {
                staged.remove(p);
                stagedBy.remove(p);
            }
        }
    }

    /**
     * The undo of a step's side effects outside the project ({@code UpdateHandler.compensation}), kept for the
     * transaction: registered with it when the run ends uncommitted.
     *
     * @param stepId    the step that made the side effects
     * @param handlerId the handler that made them, which names the undo in the errors of a failed compensation
     * @param undo      undoes them
     */
    public record Compensation(String stepId, String handlerId, Runnable undo) {}

    private final java.util.List<Compensation> compensations = new java.util.ArrayList<>();

    /** Keeps the undo of a step's side effects outside the project, in the order the steps succeeded. */
    synchronized void compensate(String stepId, String handlerId, Runnable undo) {
        compensations.add(new Compensation(stepId, handlerId, undo));
    }

    /**
     * Takes the undos of the steps' side effects: each is handed out once, so that it runs at most once.
     *
     * @return the undos kept since the last call, in the order the steps succeeded
     */
    public synchronized java.util.List<Compensation> takeCompensations() {
        java.util.List<Compensation> out = java.util.List.copyOf(compensations);
        compensations.clear();
        return out;
    }

    /** {@return whether nothing is staged (also when every staged write was discarded)} */
    public synchronized boolean isEmpty() {
        return staged.isEmpty();
    }
}
