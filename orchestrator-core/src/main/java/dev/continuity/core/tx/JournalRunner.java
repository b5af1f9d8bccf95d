package dev.continuity.core.tx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Carries a {@link Journal} out against the project, forward or backward. Every step is idempotent and every
 * decision is taken from what is on disk now, so a crash anywhere (also inside a recovery) leaves a state from which
 * running the same method again completes the job.
 *
 * <h2>Write order of a commit, and why a torn journal means "untouched"</h2>
 * <ol>
 *   <li>The journal is written to {@code journal.tmp} with one write, forced, renamed to {@code journal} with
 *       {@code ATOMIC_MOVE}, and {@code .continuity/tx/} is synced. Until that sync returns nothing in the project
 *       has been touched. A {@code journal.tmp} is therefore never trusted: it is the only place a torn journal
 *       can exist, and recovery simply deletes it. A {@code journal} (final name) was complete and forced before
 *       the rename, so a defect in it is damage, refused with an {@code IntegrityException}.</li>
 *   <li>Missing directories are created; each new file content is written to a temp file beside its target (all
 *       temps first), then all temps are forced; then every temp is moved over its target with {@code ATOMIC_MOVE}, then deletions are
 *       deleted; then each touched directory is synced once.</li>
 *   <li>The audit lines are appended to {@code .continuity/audit.jsonl} and forced.</li>
 *   <li><b>Commit record:</b> {@code journal} is renamed to {@code journal.committed} and {@code .continuity/tx/}
 *       is synced. That sync is the commit point.</li>
 *   <li>Cleanup: {@code journal.committed} is deleted (see {@link #deleteCommittedJournal()} for why no sync).</li>
 * </ol>
 * Recovery: {@code journal} means roll back, {@code journal.committed} means roll forward (from the after-images
 * in the journal itself). Both only revert or re-apply files whose current content is the transaction's own after-
 * or before-image; a file that holds anything else was changed by someone after the crash and is left alone
 * (and reported).
 */
final class JournalRunner {
    private final Layout layout;
    private final FileOps ops;

    private final int forceParallelism;

    JournalRunner(Layout layout, FileOps ops, int forceParallelism) {
        this.layout = layout;
        this.ops = ops;
        this.forceParallelism = forceParallelism;
    }

    JournalRunner(Layout layout, FileOps ops) {
        this(layout, ops, 1);
    }

    /** What a rollback or roll-forward did. */
    record Outcome(List<String> changedFiles, List<String> leftAlone) {}

    // ---------------------------------------------------------------- commit

    /** Step 1: makes the journal durable under its final name. */
    void writeJournal(byte[] encoded) throws IOException {
        ops.deleteIfExists(layout.journalTmp());
        try (FileOps.WritableFile out = ops.createNew(layout.journalTmp())) {
            out.append(encoded);
            out.force();
        }
        ops.atomicMove(layout.journalTmp(), layout.journal());
        ops.syncDirectory(layout.txDir());
    }

    /** Steps 2 and 3: applies every intent, syncs every touched directory, appends the audit lines. */
    void apply(Journal journal) throws IOException {
        Set<Path> touched = new LinkedHashSet<>();
        for (String dir : journal.dirsToCreate()) {
            Path p = layout.resolve(dir);
            ops.createDirectory(p);
            touched.add(p.getParent());
            touched.add(p);
        }
        writeTempsForced(journal);
        for (Journal.Entry e : journal.entries()) {
            if (e.after().isPresent()) {
                Path target = layout.resolve(e.path());
                try {
                    ops.atomicMove(temp(journal, e), target);
                } catch (IOException failure) {
                    throw FileWriteException.writing("cannot write", e.path(), failure, true);
                }
                touched.add(target.getParent());
            }
        }
        for (Journal.Entry e : journal.entries()) {
            if (e.after().isEmpty()) {
                Path target = layout.resolve(e.path());
                try {
                    ops.deleteIfExists(target);
                } catch (IOException failure) {
                    throw FileWriteException.writing("cannot delete", e.path(), failure, true);
                }
                touched.add(target.getParent());
            }
        }
        for (String dir : journal.dirsToRemove()) {
            Path p = layout.resolve(dir);
            if (removeIfEmpty(p)) {
                touched.remove(p);
                touched.add(p.getParent());
            }
        }
        if (journal.audit().isPresent()) {
            Journal.AuditIntent audit = journal.audit().get();
            try (FileOps.WritableFile out = ops.openForAppend(layout.audit())) {
                out.truncate(audit.sizeBefore());
                out.append(audit.block());
                out.force();
            }
            if (!audit.existedBefore()) {
                touched.add(layout.stateDir());
            }
        }
        for (Path dir : touched) {
            ops.syncDirectory(dir);
        }
    }

    /** Step 4: the commit point. */
    void writeCommitRecord() throws IOException {
        ops.atomicMove(layout.journal(), layout.committedJournal());
        ops.syncDirectory(layout.txDir());
    }

    /** Withdraws a commit record whose sync failed, so that the rollback that follows is also what recovery does. */
    void withdrawCommitRecord() throws IOException {
        if (ops.exists(layout.committedJournal())) {
            ops.atomicMove(layout.committedJournal(), layout.journal());
        }
        ops.syncDirectory(layout.txDir());
    }

    /** Deletes a settled journal (either name) and syncs its directory. */
    void deleteJournal(Path journalFile) throws IOException {
        ops.delete(journalFile);
        ops.syncDirectory(layout.txDir());
    }

    /**
     * Step 5, after the commit point: deletes the committed journal without syncing. If a power loss brings it
     * back, the next open rolls it forward again, which changes nothing (every file already holds its after-image
     * or was changed since and is left alone); and the next transaction's own journal sync of the same directory
     * makes the deletion durable before that transaction touches the project.
     */
    void deleteCommittedJournal() throws IOException {
        ops.delete(layout.committedJournal());
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Rolls an uncommitted journal back: the audit log is truncated to its old size, temp files are deleted (both
     * free space first, for a full disk), then every file holding its after-image gets its before-image back, one
     * file at a time (temp, force, atomic move: at most one extra file of space), created directories are removed
     * when empty, and every touched directory is synced.
     */
    Outcome rollBack(Journal journal) throws IOException {
        Set<Path> touched = new LinkedHashSet<>();
        List<String> changed = new ArrayList<>();
        List<String> leftAlone = new ArrayList<>();
        if (journal.audit().isPresent()) {
            Journal.AuditIntent audit = journal.audit().get();
            if (!audit.existedBefore()) {
                if (ops.deleteIfExists(layout.audit())) {
                    touched.add(layout.stateDir());
                }
            } else if (ops.exists(layout.audit()) && ops.size(layout.audit()) > audit.sizeBefore()) {
                try (FileOps.WritableFile out = ops.openForAppend(layout.audit())) {
                    out.truncate(audit.sizeBefore());
                    out.force();
                }
            }
        }
        deleteTemps(journal, touched);
        List<String> removed = journal.dirsToRemove();
        for (int i = removed.size() - 1; i >= 0; i--) {
            Path p = layout.resolve(removed.get(i));
            if (!ops.exists(p)) {
                ops.createDirectory(p);
                touched.add(p.getParent());
                touched.add(p);
            }
        }
        for (Journal.Entry e : journal.entries()) {
            Path target = layout.resolve(e.path());
            String currentSha = Hashes.sha256(ops.readIfExists(target));
            if (currentSha.equals(e.beforeSha())) {
                continue;
            }
            if (!currentSha.equals(e.afterSha())) {
                leftAlone.add(e.path());
                continue;
            }
            replace(journal, e, e.before(), touched);
            changed.add(e.path());
        }
        List<String> created = journal.dirsToCreate();
        for (int i = created.size() - 1; i >= 0; i--) {
            Path p = layout.resolve(created.get(i));
            if (removeIfEmpty(p)) {
                touched.remove(p);
                touched.add(p.getParent());
            }
        }
        syncExisting(touched);
        return new Outcome(changed, leftAlone);
    }

    /**
     * Rolls a committed journal forward: created directories are ensured, every file still holding its before-image
     * gets its after-image (from the journal; one file at a time), removed directories are removed, the audit block
     * is ensured, every touched directory is synced.
     */
    Outcome rollForward(Journal journal) throws IOException {
        Set<Path> touched = new LinkedHashSet<>();
        List<String> changed = new ArrayList<>();
        List<String> leftAlone = new ArrayList<>();
        deleteTemps(journal, touched);
        for (String dir : journal.dirsToCreate()) {
            Path p = layout.resolve(dir);
            if (!ops.exists(p)) {
                ops.createDirectory(p);
                touched.add(p.getParent());
                touched.add(p);
            }
        }
        for (Journal.Entry e : journal.entries()) {
            Path target = layout.resolve(e.path());
            String currentSha = Hashes.sha256(ops.readIfExists(target));
            if (currentSha.equals(e.afterSha())) {
                continue;
            }
            if (!currentSha.equals(e.beforeSha())) {
                leftAlone.add(e.path());
                continue;
            }
            replace(journal, e, e.after(), touched);
            changed.add(e.path());
        }
        for (String dir : journal.dirsToRemove()) {
            Path p = layout.resolve(dir);
            if (removeIfEmpty(p)) {
                touched.remove(p);
                touched.add(p.getParent());
            }
        }
        if (journal.audit().isPresent()) {
            Journal.AuditIntent audit = journal.audit().get();
            Optional<byte[]> log = ops.readIfExists(layout.audit());
            if (!hasBlockAt(log, audit)) {
                try (FileOps.WritableFile out = ops.openForAppend(layout.audit())) {
                    out.truncate(audit.sizeBefore());
                    out.append(audit.block());
                    out.force();
                }
                if (log.isEmpty()) {
                    touched.add(layout.stateDir());
                }
            }
        }
        syncExisting(touched);
        return new Outcome(changed, leftAlone);
    }

    /**
     * Gives one file the content {@code content} (empty: deletes it) atomically, with the mode the journal recorded
     * for it (the file's mode before the transaction); a journal without modes keeps the file's current mode.
     */
    private void replace(Journal journal, Journal.Entry e, Optional<byte[]> content, Set<Path> touched) throws IOException {
        Path target = layout.resolve(e.path());
        try {
            if (content.isPresent()) {
                int mode = e.mode() != FileModes.NONE ? e.mode() : currentMode(target);
                Path tmp = temp(journal, e);
                writeForced(tmp, content.get(), mode);
                ops.atomicMove(tmp, target);
            } else {
                ops.delete(target);
            }
        } catch (IOException failure) {
            throw FileWriteException.writing("cannot restore", e.path(), failure, true);
        }
        touched.add(target.getParent());
    }

    /** The mode of an existing file, {@link FileModes#NONE} when it does not exist or the file system has none. */
    private int currentMode(Path file) throws IOException {
        try {
            return FileModes.bits(ops.permissions(file));
        } catch (java.nio.file.NoSuchFileException e) {
            return FileModes.NONE;
        }
    }

    private void deleteTemps(Journal journal, Set<Path> touched) throws IOException {
        for (Journal.Entry e : journal.entries()) {
            Path tmp = temp(journal, e);
            if (ops.deleteIfExists(tmp)) {
                touched.add(tmp.getParent());
            }
        }
    }

    private static boolean hasBlockAt(Optional<byte[]> log, Journal.AuditIntent audit) {
        if (log.isEmpty() || log.get().length < audit.sizeBefore() + audit.block().length) {
            return false;
        }
        int from = (int) audit.sizeBefore();
        return Arrays.equals(log.get(), from, from + audit.block().length, audit.block(), 0, audit.block().length);
    }

    // ---------------------------------------------------------------- helpers

    Path temp(Journal journal, Journal.Entry e) {
        return layout.resolve(e.path()).resolveSibling(journal.tempName(e));
    }

    /**
     * Writes the temp file of every entry with new content, then forces them all, up to {@code forceParallelism} at
     * a time. Creating every file before the first {@code fsync} keeps the creations from queueing behind the file
     * system's journal commits (which is what makes one-by-one create-write-fsync slow), and concurrent
     * {@code fsync}s are committed as a group. Nothing is moved before every temp has been forced; a failed force
     * fails the whole apply (it is never retried).
     */
    private void writeTempsForced(Journal journal) throws IOException {
        List<Temp> temps = new ArrayList<>();
        for (Journal.Entry e : journal.entries()) {
            if (e.after().isPresent()) {
                Path tmp = temp(journal, e);
                FileOps.WritableFile out;
                try {
                    out = ops.createNew(tmp);
                } catch (IOException failure) {
                    // creating the temp adds an entry to the folder: a permission problem is the folder's
                    throw FileWriteException.writing("cannot write", e.path(), failure, true);
                }
                try (out) {
                    // the mode before the content (a private file's content is never in a file others may read),
                    // the force (which makes it durable) and the move (which shows it)
                    setMode(tmp, e.mode());
                    out.append(e.after().get());
                } catch (IOException failure) {
                    throw FileWriteException.writing("cannot write", e.path(), failure, false);
                }
                temps.add(new Temp(tmp, e.path()));
            }
        }
        forceAll(temps);
    }

    /** A temp file and the project-relative file it replaces. */
    private record Temp(Path path, String target) {}

    private void setMode(Path file, int mode) throws IOException {
        if (mode != FileModes.NONE) {
            ops.setPermissions(file, FileModes.permissions(mode).orElseThrow());
        }
    }

    private void force(Temp temp) throws IOException {
        try {
            ops.force(temp.path());
        } catch (IOException failure) {
            throw FileWriteException.writing("cannot write", temp.target(), failure, false);
        }
    }

    private void forceAll(List<Temp> files) throws IOException {
        if (forceParallelism <= 1 || files.size() <= 1) {
            for (Temp file : files) {
                force(file);
            }
            return;
        }
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(forceParallelism);
        List<java.util.concurrent.Future<?>> pending = new ArrayList<>(files.size());
        try (java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Temp file : files) {
                pending.add(threads.submit(() -> {
                    permits.acquire();
                    try {
                        force(file);
                    } finally {
                        permits.release();
                    }
                    return null;
                }));
            }
        }
        Throwable failure = null;
        for (java.util.concurrent.Future<?> f : pending) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                } else {
                    failure.addSuppressed(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while forcing temp files");
            }
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IOException(failure);
        }
    }

    /**
     * Creates {@code file} (it must not exist: recovery deletes stale temps first), gives it {@code mode} (unless
     * {@link FileModes#NONE}), writes and forces it.
     */
    private void writeForced(Path file, byte[] content, int mode) throws IOException {
        try (FileOps.WritableFile out = ops.createNew(file)) {
            setMode(file, mode);
            out.append(content);
            out.force();
        }
    }

    private boolean removeIfEmpty(Path dir) throws IOException {
        if (!ops.isDirectory(dir) || !ops.list(dir).isEmpty()) {
            return false;
        }
        ops.delete(dir);
        return true;
    }

    private void syncExisting(Set<Path> dirs) throws IOException {
        for (Path dir : dirs) {
            if (ops.isDirectory(dir)) {
                ops.syncDirectory(dir);
            }
        }
    }
}
