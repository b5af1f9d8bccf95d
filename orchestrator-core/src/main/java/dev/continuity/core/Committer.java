package dev.continuity.core;

import dev.continuity.api.CommitPolicy;
import dev.continuity.core.project.ParsedFile;
import dev.continuity.core.project.Project;
import dev.continuity.core.tx.CommitResult;
import dev.continuity.core.tx.ProjectTransaction;
import dev.continuity.core.tx.StageInfo;
import dev.continuity.core.tx.TransactionOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Applies staged writes through a journaled {@link ProjectTransaction}: each write is staged with the content the scan
 * saw, so a file the author changed during the run is merged three-way (with {@code ADAPTIVE_MERGE}) or refused with a
 * {@link dev.continuity.api.ConcurrentEditException}; the commit is atomic and crash-safe.
 */
final class Committer {
    private Committer() {}

    /** Options of the transactions of one orchestrator. */
    static TransactionOptions options(InstantSource clock, boolean adaptiveMerge, CommitPolicy policy) {
        return TransactionOptions.defaults().toBuilder().clock(clock).adaptiveMerge(adaptiveMerge).policy(policy).build();
    }

    /** Stages every write into {@code tx}, based on what {@code scanned} saw of each file. */
    static void stage(ProjectTransaction tx, Project scanned, Map<String, byte[]> staged, Map<String, String> stepOf, Map<String, String> handlerOf) {
        for (Map.Entry<String, byte[]> e : staged.entrySet()) {
            String path = e.getKey();
            String step = stepOf.getOrDefault(path, "unknown");
            String handler = handlerOf.getOrDefault(step, step);
            Optional<ParsedFile> seen = scanned.file(path);
            StageInfo info = seen.isPresent()
                    ? StageInfo.scanned(step, handler, seen.get().text().getBytes(StandardCharsets.UTF_8))
                    : StageInfo.of(step, handler);
            tx.stage(path, e.getValue(), info);
        }
    }

    /** Commits {@code staged} in a transaction of its own (healing outside a run). */
    static CommitResult commit(Path root, String executionId, InstantSource clock, Project scanned, Map<String, byte[]> staged, String by) {
        try (ProjectTransaction tx = ProjectTransaction.begin(root, executionId, options(clock, false, CommitPolicy.ALL_OR_NOTHING))) {
            Map<String, String> stepOf = new java.util.HashMap<>();
            staged.keySet().forEach(p -> stepOf.put(p, by));
            stage(tx, scanned, staged, stepOf, Map.of(by, by));
            return tx.commit();
        }
    }
}
