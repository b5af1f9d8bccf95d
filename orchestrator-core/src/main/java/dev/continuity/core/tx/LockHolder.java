package dev.continuity.core.tx;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds (or held) a project lock, as its lock file records it.
 *
 * @param pid          the holder's process id
 * @param host         the holder's host name
 * @param processStart when the holder process started, if the platform reports it (used to tell a reused pid apart)
 * @param acquiredAt   when the lock was taken (the holder's clock)
 * @param executionId  the run holding it
 */
public record LockHolder(long pid, String host, Optional<Instant> processStart, Instant acquiredAt, String executionId) {
    public LockHolder {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(processStart, "processStart");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(executionId, "executionId");
    }
}
