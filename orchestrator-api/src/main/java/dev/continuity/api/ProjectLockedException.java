package dev.continuity.api;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Another run holds the project lock ({@code .continuity/lock}). Names the holder as the lock file records it:
 * process id, host, start time and execution id. When the lock file cannot be read (it is being written, or was
 * torn by a crash), only the lock file and the reason are known.
 */
public class ProjectLockedException extends OrchestratorException {
    /** Relative to the project root. */
    private final String lockFile;
    /** -1 when the holder cannot be read. */
    private final long pid;
    /** {@code null} when the holder cannot be read. */
    private final String host;
    /** {@code null} when the holder cannot be read. */
    private final Instant startedAt;
    /** {@code null} when the holder cannot be read. */
    private final String executionId;

    /**
     * The lock is held by a holder that the lock file names.
     *
     * @param lockFile    the lock file, relative to the project root
     * @param pid         the holder's process id
     * @param host        the holder's host name
     * @param startedAt   when the holder took the lock
     * @param executionId the holder's run
     * @param detail      more on the situation (e.g. that the holder runs on another host, so it cannot be checked);
     *                    empty for none, not {@code null}
     */
    public ProjectLockedException(String lockFile, long pid, String host, Instant startedAt, String executionId, String detail) {
        super("project is locked by pid " + pid + " on host '" + host + "' since " + startedAt
                + " (execution '" + executionId + "', lock file " + lockFile + ")" + (detail.isEmpty() ? "" : ": " + detail));
        this.lockFile = lockFile;
        this.pid = pid;
        this.host = host;
        this.startedAt = startedAt;
        this.executionId = executionId;
    }

    /**
     * The lock exists but its holder is not known: the lock file cannot be read (it is being written, or was torn by a
     * crash), or the lock kept changing hands while it was being taken.
     *
     * @param lockFile the lock file, relative to the project root
     * @param detail   what happened, and whether trying again may help
     */
    public ProjectLockedException(String lockFile, String detail) {
        super("project is locked (lock file " + lockFile + "): " + detail);
        this.lockFile = lockFile;
        this.pid = -1;
        this.host = null;
        this.startedAt = null;
        this.executionId = null;
    }

    /** {@return the lock file, relative to the project root} */
    public String lockFile() {
        return lockFile;
    }

    /** {@return the holder's process id; empty when the lock file cannot be read} */
    public OptionalLong pid() {
        return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    /** {@return the holder's host name; empty when the lock file cannot be read} */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /** {@return when the holder took the lock; empty when the lock file cannot be read} */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /** {@return the holder's execution id; empty when the lock file cannot be read} */
    public Optional<String> executionId() {
        return Optional.ofNullable(executionId);
    }
}
