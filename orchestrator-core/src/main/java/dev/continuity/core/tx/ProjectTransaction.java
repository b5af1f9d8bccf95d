package dev.continuity.core.tx;

import dev.continuity.api.CommitPolicy;
import dev.continuity.api.ConcurrentEditException;
import dev.continuity.api.IntegrityException;
import dev.continuity.api.OrchestratorException;
import dev.continuity.api.PathEscapeException;
import dev.continuity.api.PluginException;
import dev.continuity.api.ProjectLockedException;
import dev.continuity.api.TransactionException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A crash-safe transaction over the files of a project: every write of a run is staged here and becomes visible
 * all together at {@link #commit()} (or group by group at {@link #checkpoint} under
 * {@link CommitPolicy#CHECKPOINTED}), or not at all.
 *
 * <pre>{@code
 * try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-42", TransactionOptions.defaults())) {
 *     byte[] sheet = tx.read("30_設定集/人物.md").orElseThrow();
 *     byte[] renamed = new String(sheet, UTF_8).replace("佐藤", "鈴木").getBytes(UTF_8);
 *     tx.stage("30_設定集/人物.md", renamed, StageInfo.scanned("step-1", "rename", sheet));
 *     tx.registerCompensation("notifier", () -> notifier.retract("run-42"));
 *     CommitResult result = tx.commit();
 * } // not committed (an exception): rolled back, compensations run in reverse order
 * }</pre>
 * (This example is compiled and run by {@code SnippetsTest}.)
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Atomic and durable.</b> After a crash or power loss at any point, the next {@link #begin} or
 *       {@link #recover} leaves every file of the transaction with its content before the transaction or every
 *       file with its content after it, never a mix. See {@link JournalRunner} for the write order.</li>
 *   <li><b>No silent damage.</b> Journal, checkpoint and audit files are checksummed; a damaged one is refused with
 *       an {@link IntegrityException}.</li>
 *   <li><b>Never a non-atomic fallback.</b> A file system without atomic rename fails the transaction; a failed
 *       {@code force} fails it too and is never retried into a success.</li>
 *   <li><b>One run at a time.</b> {@code .continuity/lock} names its holder; a lock left by a dead process is
 *       taken over safely ({@link ProjectLockedException} otherwise).</li>
 *   <li><b>The author's edits are not overwritten.</b> A file changed on disk after the scan is merged three-way
 *       (adaptive merge) or the write fails with a {@link ConcurrentEditException}.</li>
 *   <li><b>Confined.</b> Paths leaving the root, lexically or through symlinks, fail with a
 *       {@link PathEscapeException} before anything is written.</li>
 * </ul>
 *
 * <p>Thread-safe: steps running on several (virtual) threads may stage and read concurrently. All I/O goes through
 * {@link TransactionOptions#fileOps()}.
 */
public final class ProjectTransaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectTransaction.class);
    private static final Pattern EXECUTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String INTERNAL_HANDLER = "continuity";

    private enum State { OPEN, COMMITTED, ROLLED_BACK, FAILED }

    private enum Phase {
        JOURNAL("journal"), APPLY("apply"), COMMIT_RECORD("commit-record");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    /** A staged write: the new content (empty = deletion) and what the disk held when it was staged (empty = absent). */
    private record Staged(String path, Optional<byte[]> content, String contentSha, StageInfo info, String diskSha,
                          Optional<byte[]> diskBytes, boolean merged) {}

    private record Compensation(String pluginId, Optional<String> stepId, Runnable action) {}

    private record Reconciled(Optional<byte[]> content, String contentSha, boolean merged) {}

    private final Layout layout;
    private final FileOps ops;
    private final TransactionOptions options;
    private final String executionId;
    private final ProjectLock lock;
    private final PathGuard guard;
    private final JournalRunner runner;
    private final RecoveryReport recovery;
    private final RunProgress run;
    private final ReentrantLock mutex = new ReentrantLock();
    private final Map<String, Staged> staged = new LinkedHashMap<>();
    /** Canonical form of every path asked for; commit re-checks the parent directories of what it writes. */
    private final Map<String, String> canonicalPaths = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Compensation> compensations = new ArrayList<>();
    private State state = State.OPEN;

    private ProjectTransaction(Layout layout, TransactionOptions options, String executionId, ProjectLock lock, PathGuard guard,
                               RecoveryReport recovery, RunProgress run) {
        this.layout = layout;
        this.ops = options.fileOps();
        this.options = options;
        this.executionId = executionId;
        this.lock = lock;
        this.guard = guard;
        this.runner = new JournalRunner(layout, ops, options.forceParallelism());
        this.recovery = recovery;
        this.run = run;
    }

    // ================================================================ opening

    /**
     * Opens a transaction: takes the project lock (taking over a stale one), settles a journal the last
     * transaction left (see {@link #recover}), and, under {@link CommitPolicy#CHECKPOINTED}, resumes the run
     * {@code executionId} if it has checkpoints.
     *
     * @param projectRoot the project directory (it must exist)
     * @param executionId the run: letters, digits, {@code . _ -}, at most 128, not starting with a dot
     * @throws ProjectLockedException when another live process holds the project
     * @throws IntegrityException     when the pending journal or a checkpoint of the run is damaged
     * @throws TransactionException   on an I/O error
     */
    public static ProjectTransaction begin(Path projectRoot, String executionId, TransactionOptions options) {
        requireExecutionId(executionId);
        Objects.requireNonNull(options, "options");
        Layout layout = layoutOf(projectRoot);
        FileOps ops = options.fileOps();
        ProjectLock lock = null;
        boolean recovering = false;
        try {
            lock = lockProject(layout, options, executionId);
            PathGuard guard = new PathGuard(layout, ops);
            guard.canonicalRoot();
            recovering = true;
            RecoveryReport report = Recovery.recoverLocked(layout, ops, lock.tookOverStale());
            recovering = false;
            if (report.outcome() != RecoveryReport.Outcome.NOTHING_TO_RECOVER) {
                LOG.info("recovered project {}: {}", layout.root(), report);
            }
            Optional<RunProgress> existing = RunProgress.load(layout, ops, executionId);
            if (existing.isPresent() && options.policy() != CommitPolicy.CHECKPOINTED) {
                throw new IllegalStateException("execution '" + executionId + "' is a checkpointed run with "
                        + existing.get().sequence + " checkpoint(s); resume it with CommitPolicy.CHECKPOINTED or roll it back");
            }
            RunProgress run = existing.orElseGet(() -> RunProgress.fresh(executionId, options.clock().instant()));
            return new ProjectTransaction(layout, options, executionId, lock, guard, report, run);
        } catch (IOException e) {
            releaseQuietly(lock, e);
            // nothing of this transaction was written; a failed recovery of the previous one stays pending
            throw new TransactionException(executionId, recovering ? "recover" : "begin", relativeFile(layout, e),
                    recovering ? TransactionException.Outcome.RECOVERY_PENDING : TransactionException.Outcome.ROLLED_BACK,
                    "cannot open the project: " + e, e);
        } catch (RuntimeException e) {
            releaseQuietly(lock, e);
            throw e;
        } catch (Error e) {
            if (lock != null) {
                lock.abandon();
            }
            throw e;
        }
    }

    /** {@link #recover(Path, TransactionOptions)} with the default options on {@code ops}. */
    public static RecoveryReport recover(Path projectRoot, FileOps ops) {
        return recover(projectRoot, TransactionOptions.defaults().toBuilder().fileOps(ops).build());
    }

    /**
     * Settles what the last transaction left, under the project lock, and releases the lock: a journal without
     * commit record is rolled back to its before-images, a journal with one is rolled forward to its after-images,
     * an incomplete journal is deleted. Idempotent; a crash during recovery is recovered by the next one.
     * {@link #begin} does the same; call this to repair a project without starting a run. A project without a
     * state folder ({@code .continuity/}) has nothing to recover: it is left as it is, without creating the folder to
     * lock it; nor has one without a journal or a lock file, which is left without taking the lock (so a read-only
     * project, or one on a full disk, can still be read).
     */
    public static RecoveryReport recover(Path projectRoot, TransactionOptions options) {
        Layout layout = layoutOf(projectRoot);
        ProjectLock lock = null;
        try {
            FileOps ops = options.fileOps();
            if (ops.isDirectory(layout.root()) && !ops.isDirectory(layout.stateDir())
                    || !ops.exists(layout.committedJournal()) && !ops.exists(layout.journal()) && !ops.exists(layout.journalTmp())
                    && ops.list(layout.stateDir()).stream().noneMatch(f -> f.getFileName().toString().startsWith(layout.lock().getFileName().toString()))) {
                // no journal and no lock (or lock takeover) left: nothing to settle, no lock to take (a read-only or full project can still be read)
                return new RecoveryReport(RecoveryReport.Outcome.NOTHING_TO_RECOVER, Optional.empty(), List.of(), List.of(), false);
            }
            lock = lockProject(layout, options, "recovery");
            RecoveryReport report = Recovery.recoverLocked(layout, options.fileOps(), lock.tookOverStale());
            lock.release();
            return report;
        } catch (IOException e) {
            releaseQuietly(lock, e);
            throw new TransactionException("recovery", "recover", relativeFile(layout, e), TransactionException.Outcome.RECOVERY_PENDING,
                    "recovery failed: " + e, e);
        } catch (RuntimeException e) {
            releaseQuietly(lock, e);
            throw e;
        } catch (Error e) {
            if (lock != null) {
                lock.abandon();
            }
            throw e;
        }
    }

    /** {@link #status(Path, FileOps)} on the real file system. */
    public static TransactionStatus status(Path projectRoot) {
        return status(projectRoot, FileOps.nio());
    }

    /**
     * What is pending in a project, without taking the lock: an unsettled journal, checkpointed runs that were not
     * finalised, the lock holder.
     *
     * @throws IntegrityException when a journal or checkpoint is damaged
     */
    public static TransactionStatus status(Path projectRoot, FileOps ops) {
        Layout layout = layoutOf(projectRoot);
        try {
            List<CheckpointedRun> runs = new ArrayList<>();
            for (String id : RunProgress.runIds(layout, ops)) {
                RunProgress.load(layout, ops, id).ifPresent(r -> runs.add(r.view()));
            }
            return new TransactionStatus(Recovery.pending(layout, ops), runs, ProjectLock.peek(layout, ops));
        } catch (IOException e) {
            throw new TransactionException("status", "status", relativeFile(layout, e), TransactionException.Outcome.ROLLED_BACK,
                    "cannot read the project's state: " + e, e);
        }
    }

    /**
     * What a caller needs to resume a checkpointed run: its completed steps, last checkpoint and stored plan. Empty
     * when the run has no checkpoint (or was finalised or rolled back). To resume, {@link #begin} the same
     * execution id with {@link CommitPolicy#CHECKPOINTED} and skip {@link CheckpointedRun#completedStepIds()}.
     */
    public static Optional<CheckpointedRun> resumeInfo(Path projectRoot, String executionId, FileOps ops) {
        requireExecutionId(executionId);
        Layout layout = layoutOf(projectRoot);
        try {
            return RunProgress.load(layout, ops, executionId).map(RunProgress::view);
        } catch (IOException e) {
            throw new TransactionException(executionId, "resume-info", relativeFile(layout, e), TransactionException.Outcome.ROLLED_BACK,
                    "cannot read the run's checkpoints: " + e, e);
        }
    }

    /** {@link #resumeInfo(Path, String, FileOps)} on the real file system. */
    public static Optional<CheckpointedRun> resumeInfo(Path projectRoot, String executionId) {
        return resumeInfo(projectRoot, executionId, FileOps.nio());
    }

    /**
     * Undoes a checkpointed run back to its start, as one journaled transaction: every file it changed gets its
     * original content back (files it created are deleted, directories it created are removed when empty) and its
     * checkpoints are deleted. Refuses with a {@link ConcurrentEditException}, writing nothing, when a file was
     * changed after the run's last checkpoint touched it.
     *
     * @throws IllegalArgumentException when the run has no checkpoint
     */
    public static CommitResult rollbackCheckpointed(Path projectRoot, String executionId, TransactionOptions options) {
        try (ProjectTransaction tx = begin(projectRoot, executionId, options.toBuilder().policy(CommitPolicy.CHECKPOINTED).build())) {
            return tx.rollbackRun();
        }
    }

    /** {@link #rollbackCheckpointed(Path, String, TransactionOptions)} with the default options. */
    public static CommitResult rollbackCheckpointed(Path projectRoot, String executionId) {
        return rollbackCheckpointed(projectRoot, executionId, TransactionOptions.defaults());
    }

    // ================================================================ reading and staging

    /** The run. */
    public String executionId() {
        return executionId;
    }

    /** What opening the project recovered. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** Under {@link CommitPolicy#CHECKPOINTED}: the run so far, when it has checkpoints (resumed or made here). */
    public Optional<CheckpointedRun> checkpointedRun() {
        mutex.lock();
        try {
            return run.hasCheckpoints() ? Optional.of(run.view()) : Optional.empty();
        } finally {
            mutex.unlock();
        }
    }

    /**
     * The staged content if this transaction staged the file, else the file on disk; empty when neither exists (or
     * the file is staged for deletion).
     *
     * @throws PathEscapeException when the path leaves the project root
     */
    public Optional<byte[]> read(String relativePath) {
        String key = canonical(relativePath);
        mutex.lock();
        try {
            requireOpen();
            Staged s = staged.get(key);
            if (s != null) {
                return s.content().map(byte[]::clone);
            }
        } finally {
            mutex.unlock();
        }
        return readDisk(key);
    }

    /**
     * Stages new content for a file (created if absent). Nothing is written before {@link #commit()}.
     *
     * <p>If {@code info} carries a base and the file on disk no longer matches it, the author changed the file after
     * the scan: with adaptive merge and a content base the edit is merged three-way into {@code newContent};
     * otherwise, or on conflicting lines, a {@link ConcurrentEditException} is thrown and nothing is staged. The same
     * check runs again at commit, against the disk content seen here.
     *
     * @throws PathEscapeException     when the path leaves the project root
     * @throws ConcurrentEditException when the author's edit cannot be merged
     */
    public void stage(String relativePath, byte[] newContent, StageInfo info) {
        Objects.requireNonNull(newContent, "newContent");
        stageInternal(relativePath, Optional.of(newContent.clone()), info, staged);
    }

    /** Stages the deletion of a file; the base is checked as for {@link #stage}. */
    public void stageDeletion(String relativePath, StageInfo info) {
        stageInternal(relativePath, Optional.empty(), info, staged);
    }

    /** The project-relative paths staged so far, in staging order. */
    public List<String> stagedPaths() {
        mutex.lock();
        try {
            return List.copyOf(staged.keySet());
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Registers the undo of a side effect outside the project (saga). On rollback (explicit, on close without
     * commit, or after a failed commit) compensations run in reverse order of registration; each failure is
     * collected as a {@link PluginException} naming the plugin, the first as the cause of the reported error and
     * the others as suppressed. Discarded at commit, and at a checkpoint for the steps it commits.
     */
    public void registerCompensation(String pluginId, Runnable compensation) {
        Objects.requireNonNull(pluginId, "pluginId");
        Objects.requireNonNull(compensation, "compensation");
        mutex.lock();
        try {
            requireOpen();
            compensations.add(new Compensation(pluginId, Optional.empty(), compensation));
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Runs one step's plugin code, guarded: the step's writes join the transaction only if it returns normally.
     * If it throws, its own writes are dropped, its own compensations run, and then, by
     * {@link TransactionOptions#pluginFailurePolicy()}, either the whole transaction is rolled back
     * ({@code ROLL_BACK_RUN}) or it stays open without that step ({@code FAIL_STEP}). The failure is reported as a
     * {@link PluginException} naming the plugin and the step (a {@link ConcurrentEditException} or
     * {@link PathEscapeException} raised by the step's own writes is reported as such).
     */
    public void runStep(String stepId, String pluginId, StepBody body) {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(pluginId, "pluginId");
        Objects.requireNonNull(body, "body");
        mutex.lock();
        try {
            requireOpen();
        } finally {
            mutex.unlock();
        }
        Scope scope = new Scope(stepId, pluginId);
        try {
            body.run(scope);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (Error) t;
            }
            RuntimeException failure = t instanceof ConcurrentEditException || t instanceof PathEscapeException
                    ? (RuntimeException) t
                    : new PluginException(pluginId, stepId, String.valueOf(t), t);
            LOG.warn("step {} of plugin {} failed in execution {}: {}", stepId, pluginId, executionId, t.toString());
            for (PluginException p : runCompensations(scope.compensations)) {
                failure.addSuppressed(p);
            }
            if (options.pluginFailurePolicy() == TransactionOptions.PluginFailurePolicy.ROLL_BACK_RUN) {
                mutex.lock();
                try {
                    if (state == State.OPEN) {
                        abort(failure);
                    }
                } finally {
                    mutex.unlock();
                }
            }
            throw failure;
        }
        mutex.lock();
        try {
            requireOpen();
            staged.putAll(scope.staged);
            compensations.addAll(scope.compensations);
        } finally {
            mutex.unlock();
        }
    }

    // ================================================================ commit, checkpoint, rollback

    /**
     * Commits every staged change atomically and releases the lock. Under {@link CommitPolicy#CHECKPOINTED} this
     * is the final checkpoint: the run's checkpoint files are deleted in the same transaction.
     *
     * @throws ConcurrentEditException when a file changed on disk since it was staged and cannot be merged
     * @throws TransactionException    on an I/O failure; {@link TransactionException#outcome()} says whether the
     *                                 project is already rolled back or the next open settles it
     */
    public CommitResult commit() {
        mutex.lock();
        try {
            requireOpen();
            CommitResult result;
            try {
                Draft draft = new Draft();
                addStagedChanges(draft);
                if (run.hasCheckpoints()) {
                    for (String cp : run.checkpointFiles) {
                        byte[] bytes = ops.read(layout.resolve(cp));
                        draft.entry(cp, Optional.of(bytes), Optional.empty(), "finalise", INTERNAL_HANDLER, false, FileModes.NONE);
                    }
                    draft.dirsToRemove.add(Layout.runDirRel(executionId));
                }
                result = draft.entries.isEmpty()
                        ? new CommitResult(executionId, Optional.empty(), List.of(), List.of())
                        : execute(draft, "");
            } catch (IOException e) {
                throw new TransactionException(executionId, "prepare", relativeFile(layout, e), TransactionException.Outcome.ROLLED_BACK,
                        describe(e), e);
            }
            state = State.COMMITTED;
            compensations.clear();
            staged.clear();
            List<String> warnings = new ArrayList<>(result.warnings());
            releaseLock(warnings);
            return new CommitResult(result.executionId(), result.checkpointLabel(), result.changes(), warnings);
        } catch (RuntimeException e) {
            if (state == State.OPEN) {
                abort(e);
            }
            throw e;
        } catch (Error e) {
            state = State.FAILED;
            lock.abandon();
            throw e;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Under {@link CommitPolicy#CHECKPOINTED}: commits the changes staged so far together with a checkpoint record
     * (label, every completed step id so far, the plan), atomically. The run can then be resumed after this point
     * ({@link #resumeInfo}) or undone back to its start ({@link #rollbackCheckpointed}); the original content of
     * every file is kept until the run is finalised by {@link #commit()}. Compensations registered so far are
     * discarded (their steps are committed).
     *
     * @throws IllegalStateException when the policy is not CHECKPOINTED
     */
    public CommitResult checkpoint(String label, Collection<String> completedStepIds) {
        Objects.requireNonNull(label, "label");
        List<String> completed = List.copyOf(completedStepIds);
        if (options.policy() != CommitPolicy.CHECKPOINTED) {
            throw new IllegalStateException("checkpoint() needs CommitPolicy.CHECKPOINTED, the transaction is " + options.policy());
        }
        mutex.lock();
        try {
            requireOpen();
            CommitResult result;
            try {
                Draft draft = new Draft();
                addStagedChanges(draft);
                int sequence = run.sequence + 1;
                List<Checkpoint.Original> originals = new ArrayList<>();
                Map<String, String> afterHashes = new LinkedHashMap<>();
                for (Journal.Entry e : draft.entries) {
                    if (!run.originals.containsKey(e.path())) {
                        originals.add(new Checkpoint.Original(e.path(), e.before(), e.beforeSha()));
                    }
                    afterHashes.put(e.path(), e.afterSha());
                }
                LinkedHashSet<String> allCompleted = new LinkedHashSet<>(run.completedStepIds);
                allCompleted.addAll(completed);
                Instant now = options.clock().instant();
                Checkpoint cp = new Checkpoint(executionId, sequence, label, now, run.hasCheckpoints() ? run.startedAt : now,
                        options.planJson(), List.copyOf(allCompleted), List.copyOf(draft.dirsToCreate), originals, afterHashes);
                String cpRel = Layout.checkpointRel(executionId, sequence);
                if (!ops.isDirectory(layout.runsDir())) {
                    draft.dirsToCreate.add(Layout.STATE_DIR + "/runs");
                }
                if (!ops.isDirectory(layout.resolve(Layout.runDirRel(executionId)))) {
                    draft.dirsToCreate.add(Layout.runDirRel(executionId));
                }
                draft.entry(cpRel, Optional.empty(), Optional.of(cp.encode()), "checkpoint:" + label, INTERNAL_HANDLER, false, FileModes.NONE);
                result = execute(draft, label);
                run.add(cp, cpRel);
            } catch (IOException e) {
                throw new TransactionException(executionId, "prepare", relativeFile(layout, e), TransactionException.Outcome.ROLLED_BACK,
                        describe(e), e);
            }
            staged.clear();
            compensations.clear();
            return new CommitResult(executionId, Optional.of(label), result.changes(), result.warnings());
        } catch (RuntimeException e) {
            if (state == State.OPEN) {
                abort(e);
            }
            throw e;
        } catch (Error e) {
            state = State.FAILED;
            lock.abandon();
            throw e;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Discards everything staged (since the last checkpoint), runs the compensations in reverse order and releases
     * the lock. Checkpoints already committed stay: resume the run, or undo it with {@link #rollbackCheckpointed}.
     * Does nothing when the transaction is already finished.
     *
     * @throws TransactionException when compensations failed (after all of them ran): the first failure is the
     *                              cause, the others are suppressed; each is a {@link PluginException}
     */
    public void rollback() {
        mutex.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            staged.clear();
            state = State.ROLLED_BACK;
            List<PluginException> failures = runCompensations(compensations);
            releaseLock(new ArrayList<>());
            if (!failures.isEmpty()) {
                TransactionException e = new TransactionException(executionId, "rollback", null, TransactionException.Outcome.ROLLED_BACK,
                        failures.size() + " compensation(s) failed: plugins "
                                + failures.stream().map(PluginException::pluginId).toList(), failures.get(0));
                failures.subList(1, failures.size()).forEach(e::addSuppressed);
                throw e;
            }
        } finally {
            mutex.unlock();
        }
    }

    /** Rolls back unless committed; see {@link #rollback()}. */
    @Override
    public void close() {
        mutex.lock();
        try {
            if (state == State.OPEN) {
                rollback();
            }
        } finally {
            lock.abandon();
            mutex.unlock();
        }
    }

    private CommitResult rollbackRun() {
        mutex.lock();
        try {
            requireOpen();
            if (!run.hasCheckpoints()) {
                throw new IllegalArgumentException("there is no checkpointed run '" + executionId + "' in " + layout.root());
            }
            CommitResult result;
            try {
                Draft draft = new Draft();
                List<String> conflicts = new ArrayList<>();
                ReadOnlyFiles readOnly = new ReadOnlyFiles();
                for (Checkpoint.Original original : run.originals.values()) {
                    Optional<byte[]> disk = ops.readIfExists(layout.resolve(original.path()));
                    String diskSha = Hashes.sha256(disk);
                    if (diskSha.equals(original.sha())) {
                        continue;
                    }
                    if (!diskSha.equals(run.latestAfter.get(original.path()))) {
                        conflicts.add(original.path());
                        continue;
                    }
                    draft.entry(original.path(), disk, original.content(), "rollback", INTERNAL_HANDLER, false,
                            readOnly.modeOf(original.path(), disk));
                }
                readOnly.refuse();
                if (!conflicts.isEmpty()) {
                    throw new ConcurrentEditException(conflicts.get(0), null, List.of(), "it was changed after the run's last checkpoint; "
                            + "rolling the run back would overwrite that edit" + (conflicts.size() > 1 ? " (also: "
                            + conflicts.subList(1, conflicts.size()) + ")" : "") + "; nothing was written");
                }
                for (String cp : run.checkpointFiles) {
                    draft.entry(cp, Optional.of(ops.read(layout.resolve(cp))), Optional.empty(), "rollback", INTERNAL_HANDLER, false, FileModes.NONE);
                }
                for (int i = run.createdDirs.size() - 1; i >= 0; i--) {
                    draft.dirsToRemove.add(run.createdDirs.get(i));
                }
                draft.dirsToRemove.add(Layout.runDirRel(executionId));
                result = execute(draft, "rollback");
            } catch (IOException e) {
                throw new TransactionException(executionId, "prepare", relativeFile(layout, e), TransactionException.Outcome.ROLLED_BACK,
                        describe(e), e);
            }
            state = State.ROLLED_BACK;
            List<String> warnings = new ArrayList<>(result.warnings());
            releaseLock(warnings);
            return new CommitResult(executionId, Optional.of("rollback"), result.changes(), warnings);
        } catch (RuntimeException e) {
            if (state == State.OPEN) {
                abort(e);
            }
            throw e;
        } catch (Error e) {
            state = State.FAILED;
            lock.abandon();
            throw e;
        } finally {
            mutex.unlock();
        }
    }

    // ================================================================ the journaled apply

    /** The journal being assembled. */
    private final class Draft {
        final List<Journal.Entry> entries = new ArrayList<>();
        final LinkedHashSet<String> dirsToCreate = new LinkedHashSet<>();
        final List<String> dirsToRemove = new ArrayList<>();
        final Set<String> knownDirs = new java.util.HashSet<>();

        void entry(String path, Optional<byte[]> before, Optional<byte[]> after, String stepId, String handlerId, boolean merged,
                   int mode) {
            entry(path, before, Hashes.sha256(before), after, Hashes.sha256(after), stepId, handlerId, merged, mode);
        }

        void entry(String path, Optional<byte[]> before, String beforeSha, Optional<byte[]> after, String afterSha, String stepId,
                   String handlerId, boolean merged, int mode) {
            entries.add(new Journal.Entry(entries.size(), path, before, beforeSha, after, afterSha, stepId, handlerId, merged, mode));
        }

        /** Plans the creation of the missing ancestors of a new file, outermost first. */
        void ensureParents(String path) throws IOException {
            Deque<String> missing = new ArrayDeque<>();
            for (String dir = Layout.parentRel(path); !dir.isEmpty(); dir = Layout.parentRel(dir)) {
                if (knownDirs.contains(dir) || dirsToCreate.contains(dir)) {
                    break;
                }
                if (ops.isDirectory(layout.resolve(dir))) {
                    knownDirs.add(dir);
                    break;
                }
                missing.addFirst(dir);
            }
            dirsToCreate.addAll(missing);
        }
    }

    /**
     * The modes of the files a transaction changes, read before anything is written; a project file without the
     * owner's write permission (where the file system has POSIX permissions) is the author's "do not touch": it is
     * collected, and {@link #refuse()} fails the transaction before the journal is written. The mode bits are
     * checked, not {@code access(2)}, which says yes to root.
     */
    private final class ReadOnlyFiles {
        private final List<String> files = new ArrayList<>();
        private int firstMode;

        /** The mode of the existing file {@code path} ({@link FileModes#NONE} when absent or not POSIX). */
        int modeOf(String path, Optional<byte[]> disk) throws IOException {
            if (disk.isEmpty()) {
                return FileModes.NONE;
            }
            int mode;
            try {
                mode = FileModes.bits(ops.permissions(layout.resolve(path)));
            } catch (java.nio.file.NoSuchFileException e) {
                return FileModes.NONE; // deleted since it was read: the new content gets the default mode
            }
            if (!FileModes.ownerWritable(mode) && !path.startsWith(Layout.STATE_DIR + "/")) {
                if (files.isEmpty()) {
                    firstMode = mode;
                }
                files.add(path);
            }
            return mode;
        }

        void refuse() throws FileWriteException {
            if (!files.isEmpty()) {
                FileWriteException e = FileWriteException.readOnly(files.get(0), firstMode, files.subList(1, files.size()));
                throw e;
            }
        }
    }

    /**
     * Reads the before-images, re-checks confinement and concurrent edits, and adds the staged changes.
     * Confinement is re-checked on every parent directory (once each): a symlink swapped in on the way since staging
     * is caught; a symlink swapped in as the file itself cannot lead outside, since the atomic move replaces the
     * link, not its target.
     */
    private void addStagedChanges(Draft draft) throws IOException {
        Map<String, String> parents = new java.util.HashMap<>();
        ReadOnlyFiles readOnly = new ReadOnlyFiles();
        for (Staged s : staged.values()) {
            String parent = Layout.parentRel(s.path());
            if (!parent.isEmpty()) {
                String again = parents.get(parent);
                if (again == null) {
                    again = guard.canonical(parent);
                    parents.put(parent, again);
                }
                if (!again.equals(parent)) {
                    throw new PathEscapeException(s.path(), "a symbolic link on its path changed after it was staged (now " + again + ")");
                }
            }
            Optional<byte[]> disk = ops.readIfExists(layout.resolve(s.path()));
            String diskSha = sameContent(disk, s.diskBytes()) ? s.diskSha() : Hashes.sha256(disk);
            Optional<byte[]> content = s.content();
            String contentSha = s.contentSha();
            boolean merged = s.merged();
            if (!diskSha.equals(s.diskSha())) {
                StageInfo.Base base = s.diskBytes().isPresent() ? StageInfo.Base.content(s.diskBytes().get()) : StageInfo.Base.absent();
                Reconciled r = reconcile(s.path(), s.info().stepId(), base, content, contentSha, disk, diskSha);
                content = r.content();
                contentSha = r.contentSha();
                merged |= r.merged();
            }
            if (contentSha.equals(diskSha)) {
                continue; // nothing to change
            }
            if (content.isPresent() && disk.isEmpty()) {
                draft.ensureParents(s.path());
            }
            draft.entry(s.path(), disk, diskSha, content, contentSha, s.info().stepId(), s.info().handlerId(), merged,
                    readOnly.modeOf(s.path(), disk));
        }
        readOnly.refuse();
    }

    /** Journals, applies and commits a draft; on failure rolls back in-process and throws. */
    private CommitResult execute(Draft draft, String label) {
        Instant now = options.clock().instant();
        String journalId = HexFormat.of().toHexDigits(options.random().nextLong()) + HexFormat.of().toHexDigits(options.random().nextLong());
        Journal bare = new Journal(journalId, executionId, options.policy(), label, now, options.planJson(), draft.entries,
                List.copyOf(draft.dirsToCreate), draft.dirsToRemove, Optional.empty());
        Optional<Journal.AuditIntent> audit = Optional.empty();
        byte[] block = AuditLog.block(bare, now);
        Phase phase = Phase.JOURNAL;
        Journal journal = bare;
        try {
            if (block.length > 0) {
                boolean existed = ops.exists(layout.audit());
                audit = Optional.of(new Journal.AuditIntent(existed, existed ? ops.size(layout.audit()) : 0, block));
                journal = new Journal(journalId, executionId, options.policy(), label, now, options.planJson(), draft.entries,
                        List.copyOf(draft.dirsToCreate), draft.dirsToRemove, audit);
            }
            ensureDirectory(layout.txDir());
            runner.writeJournal(journal.encode());
            phase = Phase.APPLY;
            runner.apply(journal);
            phase = Phase.COMMIT_RECORD;
            runner.writeCommitRecord();
        } catch (IOException | RuntimeException e) {
            throw rollBackAfterFailure(journal, phase, e);
        }
        List<String> warnings = new ArrayList<>();
        try {
            runner.deleteCommittedJournal();
        } catch (IOException | RuntimeException e) {
            warnings.add("committed, but the journal could not be deleted (the next open finishes the cleanup): " + e);
            LOG.warn("execution {}: committed, journal cleanup deferred: {}", executionId, e.toString());
        }
        List<CommitResult.Change> changes = new ArrayList<>();
        for (Journal.Entry e : journal.entries()) {
            if (e.internal()) {
                continue;
            }
            AuditEntry.Action action = e.before().isEmpty() ? AuditEntry.Action.CREATED
                    : e.after().isEmpty() ? AuditEntry.Action.DELETED : AuditEntry.Action.MODIFIED;
            changes.add(new CommitResult.Change(e.path(), action, e.before().map(b -> e.beforeSha()), e.after().map(a -> e.afterSha()),
                    e.stepId(), e.handlerId(), e.merged()));
        }
        return new CommitResult(executionId, label.isEmpty() ? Optional.empty() : Optional.of(label), changes, warnings);
    }

    /**
     * Puts the project back after a failure before the commit point. A failure in the commit record's own rename or
     * sync first withdraws the record (renames the journal back), so that what this process reports (failed) is also
     * what a recovery would do. Never retries the failed operation.
     */
    private TransactionException rollBackAfterFailure(Journal journal, Phase phase, Exception failure) {
        TransactionException.Outcome outcome = TransactionException.Outcome.ROLLED_BACK;
        try {
            switch (phase) {
                case JOURNAL -> ops.deleteIfExists(layout.journalTmp());
                case APPLY -> {
                    runner.rollBack(journal);
                    runner.deleteJournal(layout.journal());
                }
                case COMMIT_RECORD -> {
                    runner.withdrawCommitRecord();
                    runner.rollBack(journal);
                    runner.deleteJournal(layout.journal());
                }
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            if (phase != Phase.JOURNAL) {
                outcome = TransactionException.Outcome.RECOVERY_PENDING;
            }
        }
        LOG.warn("execution {} failed in {} and was {}: {}", executionId, phase.label,
                outcome == TransactionException.Outcome.ROLLED_BACK ? "rolled back" : "left for recovery", failure.toString());
        return new TransactionException(executionId, phase.label, relativeFile(layout, failure), outcome, describe(failure), failure);
    }

    /** Creates a directory under {@code .continuity} (and its parents) if missing, syncing each new entry's parent. */
    private void ensureDirectory(Path dir) throws IOException {
        if (ops.isDirectory(dir)) {
            return;
        }
        ensureDirectory(dir.getParent());
        ops.createDirectory(dir);
        ops.syncDirectory(dir.getParent());
    }

    // ================================================================ staging internals

    private void stageInternal(String relativePath, Optional<byte[]> content, StageInfo info, Map<String, Staged> target) {
        Objects.requireNonNull(info, "info");
        String key = canonical(relativePath);
        mutex.lock();
        try {
            requireOpen();
            target.put(key, prepareStage(key, content, info, target == staged ? null : target));
        } finally {
            mutex.unlock();
        }
    }

    /** Builds the staged write of {@code key}, checking the base against the disk (or an earlier staged write). */
    private Staged prepareStage(String key, Optional<byte[]> content, StageInfo info, Map<String, Staged> scopeStaged) {
        Staged previous = scopeStaged != null && scopeStaged.containsKey(key) ? scopeStaged.get(key) : staged.get(key);
        String contentSha = Hashes.sha256(content);
        if (previous != null) {
            // a second write in this transaction: the step should have built on the staged content
            Reconciled r = reconcile(key, info.stepId(), info.base(), content, contentSha, previous.content(), previous.contentSha());
            return new Staged(key, r.content(), r.contentSha(), info, previous.diskSha(), previous.diskBytes(), previous.merged() || r.merged());
        }
        Optional<byte[]> disk = readDisk(key);
        String diskSha = info.base() instanceof StageInfo.Base.Content c && disk.isPresent() && c.sameBytes(disk.get())
                ? c.sha256() : Hashes.sha256(disk);
        Reconciled r = reconcile(key, info.stepId(), info.base(), content, contentSha, disk, diskSha);
        // the disk content is kept: at commit an unchanged file is recognised by comparing bytes, not by re-hashing
        return new Staged(key, r.content(), r.contentSha(), info, diskSha, disk, r.merged());
    }

    private static boolean sameContent(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() ? b.isPresent() && java.util.Arrays.equals(a.get(), b.get()) : b.isEmpty();
    }

    /**
     * Decides what to write when the file holds {@code theirs} and the writer based {@code ours} on {@code base}.
     */
    private Reconciled reconcile(String path, String stepId, StageInfo.Base base, Optional<byte[]> ours, String oursSha,
                                 Optional<byte[]> theirs, String theirsSha) {
        String baseSha = switch (base) {
            case StageInfo.Base.NotChecked n -> theirsSha;
            case StageInfo.Base.Absent a -> Hashes.ABSENT;
            case StageInfo.Base.Hash h -> h.sha256();
            case StageInfo.Base.Content c -> c.sha256();
        };
        if (baseSha.equals(theirsSha) || oursSha.equals(theirsSha)) {
            return new Reconciled(ours, oursSha, false);
        }
        if (!options.adaptiveMerge()) {
            throw new ConcurrentEditException(path, stepId, List.of(), "it no longer matches the content the step was based on "
                    + "(" + Hashes.shortHash(baseSha) + ", now " + Hashes.shortHash(theirsSha) + "); adaptive merge is off, so it was not overwritten");
        }
        if (ours.isEmpty() || theirs.isEmpty()) {
            throw new ConcurrentEditException(path, stepId, List.of(), "a deletion and an edit of the same file cannot be merged");
        }
        byte[] baseBytes = switch (base) {
            case StageInfo.Base.Content c -> c.bytes();
            case StageInfo.Base.Absent a -> new byte[0];
            default -> throw new ConcurrentEditException(path, stepId, List.of(),
                    "only the base hash is known, so the author's edit cannot be merged; stage with the scanned content to merge");
        };
        ThreeWayMerge.Result result = ThreeWayMerge.merge(baseBytes, ours.get(), theirs.get());
        if (!result.clean()) {
            throw new ConcurrentEditException(path, stepId, result.conflictingLines(), "the three-way merge with the author's edit conflicts");
        }
        LOG.info("execution {}: merged the author's concurrent edit of {} (step {})", executionId, path, stepId);
        return new Reconciled(result.merged(), Hashes.sha256(result.merged()), true);
    }

    private String canonical(String relativePath) {
        Objects.requireNonNull(relativePath, "path");
        String known = canonicalPaths.get(relativePath);
        if (known != null) {
            return known;
        }
        try {
            String canonical = guard.canonical(relativePath);
            canonicalPaths.put(relativePath, canonical);
            return canonical;
        } catch (IOException e) {
            throw new TransactionException(executionId, "resolve", relativePath, TransactionException.Outcome.ROLLED_BACK,
                    "cannot resolve the path: " + e, e);
        }
    }

    private Optional<byte[]> readDisk(String key) {
        try {
            return ops.readIfExists(layout.resolve(key));
        } catch (IOException e) {
            throw new TransactionException(executionId, "read", key, TransactionException.Outcome.ROLLED_BACK, "cannot read: " + e, e);
        }
    }

    /** The per-step view used by {@link #runStep}. */
    private final class Scope implements StepScope {
        private final String stepId;
        private final String pluginId;
        final Map<String, Staged> staged = new LinkedHashMap<>();
        final List<Compensation> compensations = new ArrayList<>();

        Scope(String stepId, String pluginId) {
            this.stepId = stepId;
            this.pluginId = pluginId;
        }

        @Override
        public String stepId() {
            return stepId;
        }

        @Override
        public String pluginId() {
            return pluginId;
        }

        @Override
        public Optional<byte[]> read(String path) {
            String key = canonical(path);
            mutex.lock();
            try {
                Staged s = staged.get(key);
                if (s != null) {
                    return s.content().map(byte[]::clone);
                }
            } finally {
                mutex.unlock();
            }
            return ProjectTransaction.this.read(path);
        }

        @Override
        public void stage(String path, byte[] content, StageInfo.Base base) {
            Objects.requireNonNull(content, "content");
            stageInternal(path, Optional.of(content.clone()), new StageInfo(stepId, pluginId, base), staged);
        }

        @Override
        public void stageDeletion(String path, StageInfo.Base base) {
            stageInternal(path, Optional.empty(), new StageInfo(stepId, pluginId, base), staged);
        }

        @Override
        public void registerCompensation(Runnable compensation) {
            Objects.requireNonNull(compensation, "compensation");
            mutex.lock();
            try {
                compensations.add(new Compensation(pluginId, Optional.of(stepId), compensation));
            } finally {
                mutex.unlock();
            }
        }
    }

    // ================================================================ helpers

    /** Marks the transaction failed, runs the compensations and releases the lock; failures join {@code cause}. */
    private void abort(RuntimeException cause) {
        state = State.FAILED;
        staged.clear();
        for (PluginException p : runCompensations(compensations)) {
            cause.addSuppressed(p);
        }
        List<String> warnings = new ArrayList<>();
        releaseLock(warnings);
    }

    /** Runs compensations in reverse order, each guarded; returns the failures. Clears the list. */
    private List<PluginException> runCompensations(List<Compensation> list) {
        List<PluginException> failures = new ArrayList<>();
        for (int i = list.size() - 1; i >= 0; i--) {
            Compensation c = list.get(i);
            try {
                c.action().run();
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                    throw (Error) t;
                }
                PluginException p = c.stepId().isPresent()
                        ? new PluginException(c.pluginId(), c.stepId().get(), "compensation failed: " + t, t)
                        : new PluginException(c.pluginId(), "compensation failed: " + t, t);
                LOG.warn("execution {}: compensation of plugin {} failed: {}", executionId, c.pluginId(), t.toString());
                failures.add(p);
            }
        }
        list.clear();
        return failures;
    }

    private void releaseLock(List<String> warnings) {
        try {
            lock.release();
        } catch (IOException | RuntimeException e) {
            warnings.add("the project lock could not be removed (the next run takes it over as stale): " + e);
            LOG.warn("execution {}: could not remove the project lock: {}", executionId, e.toString());
        }
    }

    private static void releaseQuietly(ProjectLock lock, Throwable failure) {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("transaction '" + executionId + "' is " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static ProjectLock lockProject(Layout layout, TransactionOptions options, String executionId) throws IOException {
        FileOps ops = options.fileOps();
        if (!ops.isDirectory(layout.root())) {
            throw new IllegalArgumentException("the project root " + layout.root() + " is not a directory");
        }
        if (!ops.isDirectory(layout.stateDir())) {
            ops.createDirectory(layout.stateDir());
            ops.syncDirectory(layout.root());
        }
        return ProjectLock.acquire(layout, ops, executionId, options.clock(), options.tornLockStaleAfter(), options.random());
    }

    private static Layout layoutOf(Path projectRoot) {
        Objects.requireNonNull(projectRoot, "projectRoot");
        return new Layout(projectRoot.toAbsolutePath().normalize());
    }

    private static void requireExecutionId(String executionId) {
        Objects.requireNonNull(executionId, "executionId");
        if (!EXECUTION_ID.matcher(executionId).matches()) {
            throw new IllegalArgumentException("execution id must be 1-128 letters, digits, '.', '_' or '-' and not start with "
                    + "a dot or dash: '" + executionId + "'");
        }
    }

    private static String relativeFile(Layout layout, Throwable e) {
        if (e instanceof FileWriteException w) {
            return w.file();
        }
        if (e instanceof FileSystemException fse && fse.getFile() != null) {
            try {
                Path p = layout.root().getFileSystem().getPath(fse.getFile());
                return p.startsWith(layout.root()) ? layout.relative(p) : fse.getFile();
            } catch (RuntimeException ignored) {
                return fse.getFile();
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        if (e instanceof FileWriteException) {
            return e.getMessage();
        }
        if (e instanceof AtomicMoveNotSupportedException) {
            return "the file system cannot rename atomically (ATOMIC_MOVE not supported): " + e.getMessage()
                    + "; Continuity never falls back to a non-atomic move";
        }
        if (e instanceof OrchestratorException) {
            return e.getMessage();
        }
        return e.toString();
    }
}
