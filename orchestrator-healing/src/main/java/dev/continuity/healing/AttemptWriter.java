package dev.continuity.healing;

import dev.continuity.api.FileKind;
import dev.continuity.api.spi.ProjectWriter;
import dev.continuity.core.execute.StagingProjectWriter;
import dev.continuity.core.project.PathGuard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The writer one strategy call gets: stages its writes (confined to the root) on top of what is staged already, reads
 * the staged state, refuses writes the policy forbids, writes to the caller's authoritative files and to read-only files
 * (no owner-write bit), and refuses everything once the call has timed out.
 */
final class AttemptWriter implements ProjectWriter {
    private final StagingProjectWriter own;
    private final Map<String, byte[]> layer;
    private final HealingPolicy policy;
    private final Function<String, FileKind> kindOf;
    private final PathGuard guard;
    private final java.util.Set<String> authoritative;
    private final List<String> denied = new ArrayList<>();
    private volatile boolean closed;
    private boolean deniedAuthoritative;

    AttemptWriter(PathGuard guard, Map<String, byte[]> layer, HealingPolicy policy, Function<String, FileKind> kindOf, java.util.Set<String> authoritative) {
        this.own = new StagingProjectWriter(guard);
        this.guard = guard;
        this.authoritative = authoritative;
        this.layer = layer;
        this.policy = policy;
        this.kindOf = kindOf;
    }

    /** A write the policy refuses. */
    static final class PolicyDenied extends IllegalStateException {
        PolicyDenied(String message) {
            super(message);
        }
    }

    @Override
    public void write(String path, byte[] content) {
        if (closed) {
            throw new IllegalStateException("write to " + path + " refused: the strategy's call has ended (timed out)");
        }
        String norm = PathGuard.normalize(path);
        FileKind kind = kindOf.apply(norm);
        if (!policy.mayWrite(norm, kind)) {
            deny(norm + " is a " + kind + " file, which the healing policy does not let automatic fixes change"
                    + (kind == FileKind.MANUSCRIPT ? " (opt in with healing.policy.manuscripts: true)" : ""));
        }
        if (authoritative.contains(norm) && !HealingPolicy.isReviewSidecar(norm)) {
            deniedAuthoritative = true;
            deny(norm + " was changed by the author in this run, so its values are authoritative: healing does not change it");
        }
        if (readOnly(norm)) {
            deny(norm + " is read-only (no owner write permission), so the fix is not applied; make it writable and heal again");
        }
        own.write(norm, content);
    }

    /** Whether a write was refused because its file is authoritative (the author changed it in this run). */
    boolean deniedAuthoritative() {
        return deniedAuthoritative;
    }

    /** Whether the file exists on disk without the owner-write bit (checked as a bit, so running as root changes nothing). */
    private boolean readOnly(String norm) {
        java.nio.file.Path path;
        try {
            path = guard.resolve(norm);
        } catch (RuntimeException e) {
            return false;
        }
        if (!java.nio.file.Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return !java.nio.file.Files.getPosixFilePermissions(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    .contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        } catch (UnsupportedOperationException e) {
            return !java.nio.file.Files.isWritable(path);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void deny(String why) {
        synchronized (denied) {
            denied.add(why);
        }
        throw new PolicyDenied(why);
    }

    @Override
    public Optional<byte[]> read(String path) {
        String norm = PathGuard.normalize(path);
        Map<String, byte[]> mine = own.staged();
        if (mine.containsKey(norm)) {
            return Optional.of(mine.get(norm));
        }
        byte[] staged = layer.get(norm);
        return staged != null ? Optional.of(staged.clone()) : own.readOriginal(norm);
    }

    void close() {
        closed = true;
    }

    List<String> denied() {
        synchronized (denied) {
            return List.copyOf(denied);
        }
    }

    /** The writes that change something, by path. */
    Map<String, byte[]> changes() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        own.staged().forEach((path, bytes) -> {
            byte[] before = layer.containsKey(path) ? layer.get(path) : own.readOriginal(path).orElse(null);
            if (before == null || !Arrays.equals(before, bytes)) {
                out.put(path, bytes);
            }
        });
        return out;
    }
}
