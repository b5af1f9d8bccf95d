package dev.continuity.core.tx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.continuity.api.ProjectLockedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project lock {@code .continuity/lock}: created with {@code CREATE_NEW}, holding one checksummed JSON line
 * with the holder's pid, host, process start time, execution id and a random token.
 *
 * <h2>Stale locks</h2>
 * A lock is stale when its holder is provably dead: same host, and {@link ProcessHandle#of(long)} finds no such
 * process, or one with another start time (the pid was reused). A lock naming this very process is alive only while
 * a transaction of this JVM holds its token (a JVM knows exactly which locks it holds). A lock of another host is
 * never judged stale. A lock file that cannot be parsed (torn by a crash between its creation and its write) is
 * stale once it is older than {@code tornLockStaleAfter}.
 *
 * <h2>Taking over, never two holders</h2>
 * A stale lock is removed only under a marker {@code lock.takeover-<stale token>} created with {@code CREATE_NEW}:
 * only one process can hold the marker for a given stale lock; under it, the lock file is re-read and deleted
 * only if it is still byte-for-byte the stale one (nobody else can replace it meanwhile: a fresh lock can only be
 * created once the file is gone, and the dead holder will not release it). Then the taker competes for the lock
 * with {@code CREATE_NEW} like anybody else. A marker left by a taker that died is itself stale and taken over the
 * same way (one level deeper), and swept after the next successful acquisition.
 */
final class ProjectLock {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectLock.class);
    private static final Set<String> LIVE_TOKENS = ConcurrentHashMap.newKeySet();
    private static final String MARKER_INFIX = ".takeover-";
    private static final int MAX_DEPTH = 3;
    /** Makes tokens unique within this JVM even when two transactions share a seeded random generator. */
    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    private final Layout layout;
    private final FileOps ops;
    private final String token;
    private final byte[] content;
    private final boolean tookOverStale;
    private boolean released;

    private ProjectLock(Layout layout, FileOps ops, String token, byte[] content, boolean tookOverStale) {
        this.layout = layout;
        this.ops = ops;
        this.token = token;
        this.content = content;
        this.tookOverStale = tookOverStale;
    }

    /** How many locks transactions of this JVM hold now (for tests). */
    static int heldInThisJvm() {
        return LIVE_TOKENS.size();
    }

    /** Whether a stale lock had to be taken over. */
    boolean tookOverStale() {
        return tookOverStale;
    }

    /**
     * Takes the lock, taking over a stale one.
     *
     * @throws ProjectLockedException naming the holder when it is alive
     */
    static ProjectLock acquire(Layout layout, FileOps ops, String executionId, InstantSource clock, Duration tornLockStaleAfter,
                               RandomGenerator random) throws IOException {
        String token = HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong())
                + "-" + SEQUENCE.incrementAndGet();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("pid", ProcessIdentity.PID);
        line.put("host", ProcessIdentity.HOST);
        line.put("processStart", ProcessIdentity.START.map(Instant::toString));
        line.put("acquiredAt", clock.instant().toString());
        line.put("executionId", executionId);
        line.put("token", token);
        byte[] content = (JsonLine.encode(line) + "\n").getBytes(StandardCharsets.UTF_8);
        Judge judge = new Judge(layout, ops, clock, tornLockStaleAfter);
        LIVE_TOKENS.add(token);
        boolean success = false;
        try {
            boolean tookOver = false;
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    ops.createNewFile(layout.lock(), content);
                    ProjectLock lock = new ProjectLock(layout, ops, token, content, tookOver);
                    try {
                        lock.sweepDeadMarkers(judge);
                    } catch (IOException | RuntimeException e) {
                        try {
                            lock.release();
                        } catch (IOException | RuntimeException suppressed) {
                            e.addSuppressed(suppressed);
                        }
                        throw e;
                    }
                    success = true;
                    return lock;
                } catch (FileAlreadyExistsException e) {
                    // held or stale: look at it
                }
                Optional<byte[]> raw = ops.readIfExists(layout.lock());
                if (raw.isEmpty()) {
                    continue; // released meanwhile
                }
                judge.requireStale(layout.lock(), raw.get(), "");
                takeOver(layout.lock(), raw.get(), content, judge, 0);
                tookOver = true;
            }
            throw new ProjectLockedException(layout.relative(layout.lock()), "the lock kept changing hands; try again");
        } finally {
            if (!success) {
                LIVE_TOKENS.remove(token);
            }
        }
    }

    private static void takeOver(Path file, byte[] staleRaw, byte[] ourContent, Judge judge, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new ProjectLockedException(judge.layout.relative(file), "too many dead takeovers of a stale lock in a row");
        }
        Path marker = file.resolveSibling(file.getFileName() + MARKER_INFIX + staleId(staleRaw));
        boolean haveMarker = false;
        for (int attempt = 0; attempt < 3 && !haveMarker; attempt++) {
            try {
                judge.ops.createNewFile(marker, ourContent);
                haveMarker = true;
            } catch (FileAlreadyExistsException e) {
                Optional<byte[]> other = judge.ops.readIfExists(marker);
                if (other.isPresent()) {
                    judge.requireStale(marker, other.get(), "it is taking over a stale lock");
                    takeOver(marker, other.get(), ourContent, judge, depth + 1);
                }
            }
        }
        if (!haveMarker) {
            throw new ProjectLockedException(judge.layout.relative(file), "another process is taking over the stale lock; try again");
        }
        try {
            Optional<byte[]> current = judge.ops.readIfExists(file);
            if (current.isPresent() && Arrays.equals(current.get(), staleRaw)) {
                judge.ops.delete(file);
                LOG.info("took over the stale lock {} ({})", judge.layout.relative(file), describe(staleRaw));
            }
        } finally {
            judge.ops.deleteIfExists(marker);
        }
    }

    /** Releases the lock if this process still holds it; the token is forgotten in any case. */
    void release() throws IOException {
        if (released) {
            return;
        }
        released = true;
        try {
            Optional<byte[]> raw = ops.readIfExists(layout.lock());
            if (raw.isPresent() && Arrays.equals(raw.get(), content)) {
                ops.delete(layout.lock());
            }
        } finally {
            LIVE_TOKENS.remove(token);
        }
    }

    /** Forgets the token without any I/O (after a simulated or real crash of the owning transaction). */
    void abandon() {
        released = true;
        LIVE_TOKENS.remove(token);
    }

    /** Deletes takeover markers left by takers that died (after this process got the lock). */
    private void sweepDeadMarkers(Judge judge) throws IOException {
        for (Path p : ops.list(layout.stateDir())) {
            String name = p.getFileName().toString();
            if (!name.startsWith("lock" + MARKER_INFIX)) {
                continue;
            }
            Optional<byte[]> raw = ops.readIfExists(p);
            if (raw.isPresent() && judge.isStale(p, raw.get())) {
                ops.deleteIfExists(p);
            }
        }
    }

    /** The holder of the project's lock, if any and readable. */
    static Optional<LockHolder> peek(Layout layout, FileOps ops) throws IOException {
        Optional<byte[]> raw = ops.readIfExists(layout.lock());
        return raw.flatMap(r -> parse(r).map(Parsed::holder));
    }

    private record Parsed(LockHolder holder, String token) {}

    private static Optional<Parsed> parse(byte[] raw) {
        Optional<ObjectNode> node = JsonLine.decode(new String(raw, StandardCharsets.UTF_8).strip());
        if (node.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode n = node.get();
        try {
            if (!n.path("pid").canConvertToLong() || n.path("host").asText("").isEmpty() || n.path("token").asText("").isEmpty()) {
                return Optional.empty();
            }
            LockHolder holder = new LockHolder(n.path("pid").asLong(), n.path("host").asText(),
                    JsonLine.text(n, "processStart").map(Instant::parse), Instant.parse(n.path("acquiredAt").asText()),
                    n.path("executionId").asText(""));
            return Optional.of(new Parsed(holder, n.path("token").asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String staleId(byte[] raw) {
        return parse(raw).map(Parsed::token)
                .orElseGet(() -> "torn-" + Hashes.crc32cHex(raw, 0, raw.length) + "-" + raw.length);
    }

    private static String describe(byte[] raw) {
        return parse(raw).map(p -> "pid " + p.holder().pid() + " on " + p.holder().host() + " since " + p.holder().acquiredAt())
                .orElse("unreadable lock file");
    }

    /** Decides whether a lock (or marker) file's holder is dead. */
    private record Judge(Layout layout, FileOps ops, InstantSource clock, Duration tornLockStaleAfter) {

        boolean isStale(Path file, byte[] raw) throws IOException {
            Optional<Parsed> parsed = parse(raw);
            if (parsed.isEmpty()) {
                Instant written = ops.lastModifiedTime(file).toInstant();
                return !Duration.between(written, clock.instant()).minus(tornLockStaleAfter).isNegative();
            }
            return !alive(parsed.get());
        }

        void requireStale(Path file, byte[] raw, String detail) throws IOException {
            if (isStale(file, raw)) {
                return;
            }
            String rel = layout.relative(file);
            Optional<Parsed> parsed = parse(raw);
            if (parsed.isEmpty()) {
                throw new ProjectLockedException(rel, "the lock file is unreadable (being written, or torn by a crash) and younger than "
                        + tornLockStaleAfter + "; it is considered stale after that");
            }
            LockHolder h = parsed.get().holder();
            throw new ProjectLockedException(rel, h.pid(), h.host(), h.acquiredAt(), h.executionId(),
                    detail.isEmpty() && !h.host().equals(ProcessIdentity.HOST)
                            ? "the holder runs on another host, so it cannot be checked; delete the lock file if that run is gone"
                            : detail);
        }

        private static boolean alive(Parsed parsed) {
            LockHolder h = parsed.holder();
            if (!h.host().equals(ProcessIdentity.HOST)) {
                return true; // cannot tell: assume alive
            }
            if (h.pid() == ProcessIdentity.PID) {
                if (ProcessIdentity.START.isPresent() && h.processStart().isPresent()
                        && !ProcessIdentity.START.equals(h.processStart())) {
                    return false; // an earlier process that had our pid
                }
                return LIVE_TOKENS.contains(parsed.token());
            }
            Optional<ProcessHandle> process = ProcessHandle.of(h.pid());
            if (process.isEmpty() || !process.get().isAlive()) {
                return false;
            }
            Optional<Instant> start = process.get().info().startInstant().map(ProcessIdentity::truncate);
            return start.isEmpty() || h.processStart().isEmpty() || start.equals(h.processStart());
        }
    }
}
