package dev.continuity.core.tx;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * An in-memory disk that models what survives a power loss. Every file has volatile content (what reads see) and
 * durable content (what was there at its last {@code force}); every directory has volatile entries and durable
 * entries (as of its last sync). {@link #powerLoss} replaces the volatile state by the durable one:
 * <ul>
 *   <li>{@link Loss#DROP_UNSYNCED}: every write not followed by a force is lost, every create, rename and delete
 *       not followed by a sync of its directory is reverted.</li>
 *   <li>{@link Loss#RANDOM}: a harsher, seeded model: each unsynced directory entry independently keeps its new or
 *       its old state, each unforced file keeps its old content, its new content, or a torn prefix of it.</li>
 * </ul>
 * Paths are Jimfs paths, used as names only: nothing is stored in that file system, so any I/O that bypasses
 * {@link FileOps} fails.
 */
final class SimulatedDisk implements FileOps {

    enum Loss { DROP_UNSYNCED, RANDOM }

    private static final class Node {
        final boolean dir;
        byte[] data = new byte[0];
        byte[] durableData = new byte[0];
        Map<String, Node> entries = new TreeMap<>();
        Map<String, Node> durableEntries = new TreeMap<>();

        Node(boolean dir) {
            this.dir = dir;
        }
    }

    private final FileSystem names = Jimfs.newFileSystem(Configuration.unix());
    private final Instant mtime = Instant.parse("2026-01-01T00:00:00Z");
    private Node root = new Node(true);

    Path path(String absolute) {
        return names.getPath(absolute);
    }

    /** Creates the directories and the file, all durable (the state before the test). */
    synchronized void putDurable(Path file, byte[] content) {
        Node dir = root;
        for (int i = 0; i < file.getNameCount() - 1; i++) {
            String name = file.getName(i).toString();
            Node next = dir.entries.get(name);
            if (next == null) {
                next = new Node(true);
                dir.entries.put(name, next);
                dir.durableEntries.put(name, next);
            }
            dir = next;
        }
        Node f = new Node(false);
        f.data = content.clone();
        f.durableData = content.clone();
        String name = file.getFileName().toString();
        dir.entries.put(name, f);
        dir.durableEntries.put(name, f);
    }

    synchronized void mkdirsDurable(Path dir) {
        Node d = root;
        for (int i = 0; i < dir.getNameCount(); i++) {
            String name = dir.getName(i).toString();
            Node next = d.entries.get(name);
            if (next == null) {
                next = new Node(true);
                d.entries.put(name, next);
                d.durableEntries.put(name, next);
            }
            d = next;
        }
    }

    /** The power fails: only durable state remains. Then the machine reboots and the disk is usable again. */
    synchronized void powerLoss(Loss loss, long seed) {
        RandomGenerator random = new java.util.SplittableRandom(seed);
        root = survive(root, loss, random);
    }

    /** A fresh copy of what survives of {@code node} (a node reachable under two names becomes two copies). */
    private Node survive(Node node, Loss loss, RandomGenerator random) {
        Node copy = new Node(node.dir);
        if (!node.dir) {
            byte[] content;
            if (loss == Loss.DROP_UNSYNCED || Arrays.equals(node.data, node.durableData)) {
                content = node.durableData;
            } else {
                content = switch (random.nextInt(3)) {
                    case 0 -> node.durableData;
                    case 1 -> node.data;
                    default -> Arrays.copyOf(node.data, random.nextInt(node.data.length + 1));
                };
            }
            copy.data = content.clone();
            copy.durableData = content.clone();
            return copy;
        }
        Map<String, Node> surviving = new TreeMap<>();
        if (loss == Loss.DROP_UNSYNCED) {
            surviving.putAll(node.durableEntries);
        } else {
            TreeSet<String> names = new TreeSet<>(node.durableEntries.keySet());
            names.addAll(node.entries.keySet());
            for (String name : names) {
                Node durable = node.durableEntries.get(name);
                Node current = node.entries.get(name);
                Node chosen = durable == current ? durable : (random.nextBoolean() ? durable : current);
                if (chosen != null) {
                    surviving.put(name, chosen);
                }
            }
        }
        for (Map.Entry<String, Node> e : surviving.entrySet()) {
            Node child = survive(e.getValue(), loss, random);
            copy.entries.put(e.getKey(), child);
            copy.durableEntries.put(e.getKey(), child);
        }
        return copy;
    }

    // ------------------------------------------------------------ lookup

    private Node find(Path p) {
        Node n = root;
        for (Path name : p.toAbsolutePath().normalize()) {
            if (!n.dir) {
                return null;
            }
            n = n.entries.get(name.toString());
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    private Node parentDir(Path p) throws IOException {
        Path parent = p.toAbsolutePath().normalize().getParent();
        Node n = parent == null ? root : find(parent);
        if (n == null) {
            throw new NoSuchFileException(String.valueOf(parent));
        }
        if (!n.dir) {
            throw new NotDirectoryException(String.valueOf(parent));
        }
        return n;
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    // ------------------------------------------------------------ FileOps

    @Override
    public synchronized byte[] read(Path file) throws IOException {
        Node n = find(file);
        if (n == null) {
            throw new NoSuchFileException(file.toString());
        }
        if (n.dir) {
            throw new FileSystemException(file.toString(), null, "is a directory");
        }
        return n.data.clone();
    }

    @Override
    public synchronized boolean exists(Path path) {
        return find(path) != null;
    }

    @Override
    public synchronized boolean isDirectory(Path path) {
        Node n = find(path);
        return n != null && n.dir;
    }

    @Override
    public synchronized List<Path> list(Path dir) throws IOException {
        Node n = find(dir);
        if (n == null) {
            throw new NoSuchFileException(dir.toString());
        }
        if (!n.dir) {
            throw new NotDirectoryException(dir.toString());
        }
        List<Path> result = new ArrayList<>();
        for (String name : n.entries.keySet()) {
            result.add(dir.resolve(name));
        }
        return result;
    }

    @Override
    public synchronized Path realPath(Path path) throws IOException {
        if (find(path) == null) {
            throw new NoSuchFileException(path.toString());
        }
        return path.toAbsolutePath().normalize();
    }

    @Override
    public synchronized long size(Path file) throws IOException {
        return read(file).length;
    }

    @Override
    public synchronized FileTime lastModifiedTime(Path path) throws IOException {
        if (find(path) == null) {
            throw new NoSuchFileException(path.toString());
        }
        return FileTime.from(mtime);
    }

    @Override
    public synchronized void createDirectory(Path dir) throws IOException {
        Node parent = parentDir(dir);
        if (parent.entries.containsKey(name(dir))) {
            throw new FileAlreadyExistsException(dir.toString());
        }
        parent.entries.put(name(dir), new Node(true));
    }

    @Override
    public synchronized WritableFile createNew(Path file) throws IOException {
        Node parent = parentDir(file);
        if (parent.entries.containsKey(name(file))) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Node n = new Node(false);
        parent.entries.put(name(file), n);
        return new Handle(n);
    }

    @Override
    public synchronized WritableFile openForAppend(Path file) throws IOException {
        Node parent = parentDir(file);
        Node n = parent.entries.get(name(file));
        if (n == null) {
            n = new Node(false);
            parent.entries.put(name(file), n);
        } else if (n.dir) {
            throw new FileSystemException(file.toString(), null, "is a directory");
        }
        return new Handle(n);
    }

    @Override
    public synchronized void force(Path file) throws IOException {
        Node n = find(file);
        if (n == null || n.dir) {
            throw new NoSuchFileException(file.toString());
        }
        n.durableData = n.data.clone();
    }

    @Override
    public synchronized void createNewFile(Path file, byte[] content) throws IOException {
        try (WritableFile f = createNew(file)) {
            f.append(content);
        }
    }

    @Override
    public synchronized void atomicMove(Path source, Path target) throws IOException {
        Node srcParent = parentDir(source);
        Node n = srcParent.entries.get(name(source));
        if (n == null) {
            throw new NoSuchFileException(source.toString());
        }
        Node dstParent = parentDir(target);
        Node existing = dstParent.entries.get(name(target));
        if (existing != null && existing.dir && !existing.entries.isEmpty()) {
            throw new DirectoryNotEmptyException(target.toString());
        }
        srcParent.entries.remove(name(source));
        dstParent.entries.put(name(target), n);
    }

    @Override
    public synchronized void delete(Path path) throws IOException {
        Node parent = parentDir(path);
        Node n = parent.entries.get(name(path));
        if (n == null) {
            throw new NoSuchFileException(path.toString());
        }
        if (n.dir && !n.entries.isEmpty()) {
            throw new DirectoryNotEmptyException(path.toString());
        }
        parent.entries.remove(name(path));
    }

    @Override
    public synchronized boolean deleteIfExists(Path path) throws IOException {
        Path parent = path.toAbsolutePath().normalize().getParent();
        if (parent != null && find(parent) == null) {
            return false;
        }
        if (find(path) == null) {
            return false;
        }
        delete(path);
        return true;
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        Node n = find(dir);
        if (n == null || !n.dir) {
            throw new NoSuchFileException(dir.toString());
        }
        n.durableEntries = new TreeMap<>(n.entries);
    }

    private final class Handle implements WritableFile {
        private final Node node;

        Handle(Node node) {
            this.node = node;
        }

        @Override
        public void append(byte[] data) {
            synchronized (SimulatedDisk.this) {
                byte[] grown = Arrays.copyOf(node.data, node.data.length + data.length);
                System.arraycopy(data, 0, grown, node.data.length, data.length);
                node.data = grown;
            }
        }

        @Override
        public void force() {
            synchronized (SimulatedDisk.this) {
                node.durableData = node.data.clone();
            }
        }

        @Override
        public void truncate(long size) {
            synchronized (SimulatedDisk.this) {
                if (size < node.data.length) {
                    node.data = Arrays.copyOf(node.data, (int) size);
                }
            }
        }

        @Override
        public long size() {
            synchronized (SimulatedDisk.this) {
                return node.data.length;
            }
        }

        @Override
        public void close() {
        }
    }
}
