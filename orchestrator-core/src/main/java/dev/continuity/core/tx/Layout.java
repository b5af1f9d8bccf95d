package dev.continuity.core.tx;

import java.nio.file.Path;

/**
 * Where Continuity keeps its state inside a project:
 *
 * <pre>
 * .continuity/lock                      the project lock (JSON line: pid, host, start, execution, token)
 * .continuity/lock.takeover-*           short-lived markers while a stale lock is taken over
 * .continuity/tx/journal.tmp            a journal being written: never trusted, deleted on recovery
 * .continuity/tx/journal                a complete, forced journal: the project may be touched; no commit yet
 * .continuity/tx/journal.committed      the same journal after the commit record (its atomic rename)
 * .continuity/runs/&lt;execution&gt;/cp-000001.ckpt   checkpoints of a CHECKPOINTED run, until it is finalised
 * .continuity/audit.jsonl               every change Continuity made (checksummed JSON lines)
 * </pre>
 *
 * Project files are named by project-relative paths with {@code /} separators.
 */
record Layout(Path root) {
    static final String STATE_DIR = ".continuity";

    Path stateDir() {
        return root.resolve(STATE_DIR);
    }

    Path lock() {
        return stateDir().resolve("lock");
    }

    Path txDir() {
        return stateDir().resolve("tx");
    }

    Path journalTmp() {
        return txDir().resolve("journal.tmp");
    }

    Path journal() {
        return txDir().resolve("journal");
    }

    Path committedJournal() {
        return txDir().resolve("journal.committed");
    }

    Path runsDir() {
        return stateDir().resolve("runs");
    }

    static String runDirRel(String executionId) {
        return STATE_DIR + "/runs/" + executionId;
    }

    static String checkpointRel(String executionId, int sequence) {
        return runDirRel(executionId) + "/" + String.format("cp-%06d.ckpt", sequence);
    }

    Path audit() {
        return stateDir().resolve("audit.jsonl");
    }

    /** Resolves a project-relative path with {@code /} separators, segment by segment. */
    Path resolve(String relative) {
        Path p = root;
        for (String segment : relative.split("/")) {
            if (!segment.isEmpty()) {
                p = p.resolve(segment);
            }
        }
        return p;
    }

    /** The project-relative name of a path under the root, with {@code /} separators. */
    String relative(Path path) {
        Path rel = root.relativize(path);
        StringBuilder sb = new StringBuilder();
        for (Path segment : rel) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(segment);
        }
        return sb.toString();
    }

    /** The parent of a project-relative path ({@code ""} for the root). */
    static String parentRel(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }
}
