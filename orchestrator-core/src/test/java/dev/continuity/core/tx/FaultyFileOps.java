package dev.continuity.core.tx;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link FileOps} decorator that numbers every I/O operation (1, 2, ...), including the operations on open
 * files, logs them, and lets an {@link Interceptor} crash, fail or pause the process before operation <i>k</i>.
 */
final class FaultyFileOps implements FileOps {

    /** The kinds of operation; {@code mutating} ones can change what is on disk. */
    enum Kind {
        READ(false), EXISTS(false), IS_DIRECTORY(false), LIST(false), REAL_PATH(false), SIZE(false), LAST_MODIFIED(false),
        CREATE_DIRECTORY(true), CREATE_NEW(true), OPEN_APPEND(true), CREATE_NEW_FILE(true), MOVE(true), DELETE(true),
        DELETE_IF_EXISTS(true), SYNC_DIRECTORY(true), APPEND(true), FORCE(true), TRUNCATE(true), FILE_SIZE(false), CLOSE(false),
        PERMISSIONS(false), SET_PERMISSIONS(true);

        final boolean mutating;

        Kind(boolean mutating) {
            this.mutating = mutating;
        }
    }

    record Op(long index, Kind kind, Path path) {
        @Override
        public String toString() {
            return index + ":" + kind + ":" + path;
        }
    }

    /** Called before every operation; may throw an {@link IOException}, a {@link SimulatedCrash}, or halt. */
    @FunctionalInterface
    interface Interceptor {
        void before(Op op) throws IOException;

        Interceptor NONE = op -> { };
    }

    /** A simulated process crash: thrown at the crash point, and by every later operation. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String message) {
            super(message, null, false, false);
        }
    }

    private final FileOps delegate;
    private final AtomicLong counter = new AtomicLong();
    private final List<Op> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> ineffective = Collections.synchronizedList(new ArrayList<>());
    private volatile Interceptor interceptor;

    FaultyFileOps(FileOps delegate, Interceptor interceptor) {
        this.delegate = delegate;
        this.interceptor = interceptor;
    }

    FaultyFileOps(FileOps delegate) {
        this(delegate, Interceptor.NONE);
    }

    void interceptor(Interceptor interceptor) {
        this.interceptor = interceptor;
    }

    long count() {
        return counter.get();
    }

    List<Op> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** The indices of mutating operations that did change something (a deleteIfExists of nothing did not). */
    List<Long> effectiveMutatingOps() {
        List<Long> result = new ArrayList<>();
        List<Long> none;
        synchronized (ineffective) {
            none = List.copyOf(ineffective);
        }
        for (Op op : log()) {
            if (op.kind().mutating && !none.contains(op.index())) {
                result.add(op.index());
            }
        }
        return result;
    }

    List<Long> mutatingOps() {
        return log().stream().filter(op -> op.kind().mutating).map(Op::index).toList();
    }

    private long op(Kind kind, Path path) throws IOException {
        Op op = new Op(counter.incrementAndGet(), kind, path);
        log.add(op);
        interceptor.before(op);
        return op.index();
    }

    // ------------------------------------------------------------ interceptors

    /** Crashes (throws {@link SimulatedCrash}) before operation {@code k} and before every later operation. */
    static Interceptor crashAt(long k) {
        return op -> {
            if (op.index() >= k) {
                throw new SimulatedCrash("simulated crash at operation " + op.index() + " (" + op.kind() + " " + op.path() + ")");
            }
        };
    }

    /** How an injected I/O error repeats. */
    enum Repeat {
        /** Only operation k fails. */
        ONCE,
        /** Operation k and every later operation of the same kind fail. */
        SAME_KIND,
        /** Operation k and every later operation fail (the disk is gone). */
        ALL
    }

    /** Throws an {@link IOException} at operation {@code k}, repeating as told. */
    static Interceptor failAt(long k, Repeat repeat) {
        Kind[] failing = new Kind[1];
        return op -> {
            boolean fail = switch (repeat) {
                case ONCE -> op.index() == k;
                case SAME_KIND -> op.index() == k || (op.index() > k && op.kind() == failing[0]);
                case ALL -> op.index() >= k;
            };
            if (op.index() == k) {
                failing[0] = op.kind();
            }
            if (fail) {
                throw new IOException("injected I/O error at operation " + op.index() + " (" + op.kind() + " " + op.path() + ")");
            }
        };
    }

    // ------------------------------------------------------------ FileOps

    @Override
    public byte[] read(Path file) throws IOException {
        op(Kind.READ, file);
        return delegate.read(file);
    }

    @Override
    public boolean exists(Path path) throws IOException {
        op(Kind.EXISTS, path);
        return delegate.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) throws IOException {
        op(Kind.IS_DIRECTORY, path);
        return delegate.isDirectory(path);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        op(Kind.LIST, dir);
        return delegate.list(dir);
    }

    @Override
    public Path realPath(Path path) throws IOException {
        op(Kind.REAL_PATH, path);
        return delegate.realPath(path);
    }

    @Override
    public long size(Path file) throws IOException {
        op(Kind.SIZE, file);
        return delegate.size(file);
    }

    @Override
    public FileTime lastModifiedTime(Path path) throws IOException {
        op(Kind.LAST_MODIFIED, path);
        return delegate.lastModifiedTime(path);
    }

    @Override
    public Optional<Set<PosixFilePermission>> permissions(Path file) throws IOException {
        op(Kind.PERMISSIONS, file);
        return delegate.permissions(file);
    }

    @Override
    public void setPermissions(Path file, Set<PosixFilePermission> permissions) throws IOException {
        op(Kind.SET_PERMISSIONS, file);
        delegate.setPermissions(file, permissions);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        op(Kind.CREATE_DIRECTORY, dir);
        delegate.createDirectory(dir);
    }

    @Override
    public WritableFile createNew(Path file) throws IOException {
        op(Kind.CREATE_NEW, file);
        return new Faulty(delegate.createNew(file), file);
    }

    @Override
    public WritableFile openForAppend(Path file) throws IOException {
        op(Kind.OPEN_APPEND, file);
        return new Faulty(delegate.openForAppend(file), file);
    }

    @Override
    public void force(Path file) throws IOException {
        op(Kind.FORCE, file);
        delegate.force(file);
    }

    @Override
    public void createNewFile(Path file, byte[] content) throws IOException {
        op(Kind.CREATE_NEW_FILE, file);
        delegate.createNewFile(file, content);
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        op(Kind.MOVE, target);
        delegate.atomicMove(source, target);
    }

    @Override
    public void delete(Path path) throws IOException {
        op(Kind.DELETE, path);
        delegate.delete(path);
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        long index = op(Kind.DELETE_IF_EXISTS, path);
        boolean deleted = delegate.deleteIfExists(path);
        if (!deleted) {
            ineffective.add(index);
        }
        return deleted;
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        op(Kind.SYNC_DIRECTORY, dir);
        delegate.syncDirectory(dir);
    }

    private final class Faulty implements WritableFile {
        private final WritableFile file;
        private final Path path;

        Faulty(WritableFile file, Path path) {
            this.file = file;
            this.path = path;
        }

        @Override
        public void append(byte[] data) throws IOException {
            op(Kind.APPEND, path);
            file.append(data);
        }

        @Override
        public void force() throws IOException {
            op(Kind.FORCE, path);
            file.force();
        }

        @Override
        public void truncate(long size) throws IOException {
            op(Kind.TRUNCATE, path);
            file.truncate(size);
        }

        @Override
        public long size() throws IOException {
            op(Kind.FILE_SIZE, path);
            return file.size();
        }

        @Override
        public void close() throws IOException {
            try {
                op(Kind.CLOSE, path);
            } finally {
                file.close();
            }
        }
    }
}
