package dev.continuity.core.execute;

import dev.continuity.api.spi.ProjectWriter;
import dev.continuity.core.project.PathGuard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ProjectWriter} that stages writes in memory: nothing reaches the project until the run commits. Paths are
 * confined to the root (lexically and through symlinks) when they are staged, so a bad path fails the step that wrote it.
 * Thread-safe.
 */
public final class StagingProjectWriter implements ProjectWriter {
    private final PathGuard guard;
    private final Map<String, byte[]> staged = new LinkedHashMap<>();
    private final Map<String, String> stagedBy = new LinkedHashMap<>();
    private final ThreadLocal<String> currentStep = new ThreadLocal<>();

    public StagingProjectWriter(PathGuard guard) {
        this.guard = guard;
    }

    /** Attributes the following writes on this thread to a step. */
    void bindStep(String stepId) {
        currentStep.set(stepId);
    }

    void unbindStep() {
        currentStep.remove();
    }

    @Override
    public synchronized void write(String path, byte[] content) {
        String norm = PathGuard.normalize(path);
        guard.resolve(norm);
        staged.put(norm, content.clone());
        stagedBy.put(norm, Optional.ofNullable(currentStep.get()).orElse("unknown"));
    }

    @Override
    public synchronized Optional<byte[]> read(String path) {
        String norm = PathGuard.normalize(path);
        byte[] s = staged.get(norm);
        return s != null ? Optional.of(s.clone()) : readOriginal(norm);
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

    /** The staged content, by path, in the order first written. */
    public synchronized Map<String, byte[]> staged() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        staged.forEach((k, v) -> copy.put(k, v.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** The step that last wrote each staged path. */
    public synchronized Map<String, String> stagedBy() {
        return Map.copyOf(stagedBy);
    }

    /** Drops the writes of one step (a failed or abandoned step must not leave writes behind). */
    synchronized void discard(String stepId) {
        stagedBy.entrySet().removeIf(e -> {
            if (e.getValue().equals(stepId)) {
                staged.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    public synchronized boolean isEmpty() {
        return staged.isEmpty();
    }
}
