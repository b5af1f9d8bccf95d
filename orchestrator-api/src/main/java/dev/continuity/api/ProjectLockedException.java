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

    /** The lock is held by a known holder. */
    public ProjectLockedException(String lockFile, long pid, String host, Instant startedAt, String executionId, String detail) {
        super("project is locked by pid " + pid + " on host '" + host + "' since " + startedAt
                + " (execution '" + executionId + "', lock file " + lockFile + ")" + (detail.isEmpty() ? "" : ": " + detail));
        this.lockFile = lockFile;
        this.pid = pid;
        this.host = host;
        this.startedAt = startedAt;
        this.executionId = executionId;
    }

    /** The lock exists but its holder cannot be read. */
    public ProjectLockedException(String lockFile, String detail) {
        super("project is locked (lock file " + lockFile + "): " + detail);
        this.lockFile = lockFile;
        this.pid = -1;
        this.host = null;
        this.startedAt = null;
        this.executionId = null;
    }

    /** The lock file, relative to the project root. */
    public String lockFile() {
        return lockFile;
    }

    /** The holder's process id. */
    public OptionalLong pid() {
        return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    /** The holder's host name. */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /** When the holder took the lock. */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /** The holder's execution id. */
    public Optional<String> executionId() {
        return Optional.ofNullable(executionId);
    }
}
