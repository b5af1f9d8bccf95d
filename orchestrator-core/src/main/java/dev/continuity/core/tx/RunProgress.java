package dev.continuity.core.tx;

import dev.continuity.api.IntegrityException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The state of a checkpointed run, rebuilt from its checkpoint files (or fresh). */
final class RunProgress {
    private static final Pattern CHECKPOINT = Pattern.compile("cp-(\\d{6})\\.ckpt");

    final String executionId;
    Instant startedAt;
    int sequence;
    String lastLabel = "";
    Instant lastCheckpointAt;
    String planJson = "{}";
    final Set<String> completedStepIds = new LinkedHashSet<>();
    /** First-touch before-images, in first-touch order. */
    final Map<String, Checkpoint.Original> originals = new LinkedHashMap<>();
    /** The latest after-hash of every file the run changed. */
    final Map<String, String> latestAfter = new LinkedHashMap<>();
    /** Project directories the run created, outermost first. */
    final List<String> createdDirs = new ArrayList<>();
    /** The run's checkpoint files, project-relative. */
    final List<String> checkpointFiles = new ArrayList<>();

    private RunProgress(String executionId, Instant startedAt) {
        this.executionId = executionId;
        this.startedAt = startedAt;
        this.lastCheckpointAt = startedAt;
    }

    static RunProgress fresh(String executionId, Instant now) {
        return new RunProgress(executionId, now);
    }

    boolean hasCheckpoints() {
        return sequence > 0;
    }

    void add(Checkpoint cp, String file) {
        if (sequence == 0) {
            startedAt = cp.runStartedAt();
        }
        sequence = cp.sequence();
        lastLabel = cp.label();
        lastCheckpointAt = cp.createdAt();
        planJson = cp.planJson();
        completedStepIds.addAll(cp.completedStepIds());
        for (Checkpoint.Original o : cp.originals()) {
            originals.putIfAbsent(o.path(), o);
        }
        latestAfter.putAll(cp.afterHashes());
        for (String dir : cp.createdDirs()) {
            if (!createdDirs.contains(dir)) {
                createdDirs.add(dir);
            }
        }
        checkpointFiles.add(file);
    }

    CheckpointedRun view() {
        List<CheckpointedRun.CommittedFile> committed = new ArrayList<>();
        latestAfter.forEach((path, after) -> committed.add(new CheckpointedRun.CommittedFile(path,
                Optional.ofNullable(originals.get(path)).filter(o -> o.content().isPresent()).map(Checkpoint.Original::sha).orElse(""), after)));
        return new CheckpointedRun(executionId, startedAt, sequence, lastLabel, lastCheckpointAt, List.copyOf(completedStepIds),
                planJson, List.copyOf(latestAfter.keySet()), committed);
    }

    /**
     * Loads a run from its checkpoint files; empty when it has none.
     *
     * @throws IntegrityException when a checkpoint file is damaged, missing from the sequence, or of another run
     */
    static Optional<RunProgress> load(Layout layout, FileOps ops, String executionId) throws IOException {
        Path dir = layout.resolve(Layout.runDirRel(executionId));
        if (!ops.isDirectory(dir)) {
            return Optional.empty();
        }
        TreeMap<Integer, Path> files = new TreeMap<>();
        for (Path p : ops.list(dir)) {
            Matcher m = CHECKPOINT.matcher(p.getFileName().toString());
            if (m.matches()) {
                files.put(Integer.parseInt(m.group(1)), p);
            }
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        RunProgress progress = new RunProgress(executionId, Instant.EPOCH);
        int expected = 1;
        for (Map.Entry<Integer, Path> e : files.entrySet()) {
            String rel = Layout.checkpointRel(executionId, e.getKey());
            if (e.getKey() != expected) {
                throw new IntegrityException(Layout.checkpointRel(executionId, expected), "checkpoint " + expected
                        + " of run '" + executionId + "' is missing (found " + files.keySet() + ")");
            }
            Checkpoint cp = Checkpoint.decode(rel, ops.read(e.getValue()));
            if (!cp.executionId().equals(executionId) || cp.sequence() != expected) {
                throw new IntegrityException(rel, "it belongs to run '" + cp.executionId() + "' checkpoint " + cp.sequence());
            }
            progress.add(cp, rel);
            expected++;
        }
        return Optional.of(progress);
    }

    /** The execution ids that have a run directory. */
    static List<String> runIds(Layout layout, FileOps ops) throws IOException {
        if (!ops.isDirectory(layout.runsDir())) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (Path p : ops.list(layout.runsDir())) {
            ids.add(p.getFileName().toString());
        }
        ids.sort(null);
        return ids;
    }
}
