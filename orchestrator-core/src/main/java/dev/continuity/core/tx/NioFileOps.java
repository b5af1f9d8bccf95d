package dev.continuity.core.tx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** {@link FileOps} on {@link Files} and {@link FileChannel}; works on the default file system and on Jimfs. */
final class NioFileOps implements FileOps {
    static final NioFileOps INSTANCE = new NioFileOps();

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private NioFileOps() {}

    @Override
    public byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    @Override
    public boolean exists(Path path) throws IOException {
        try {
            // Files.exists would turn an I/O error into "false"; a transaction must see the error instead
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public boolean isDirectory(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).isDirectory();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return new ArrayList<>(entries.toList());
        }
    }

    @Override
    public Path realPath(Path path) throws IOException {
        return path.toRealPath();
    }

    @Override
    public long size(Path file) throws IOException {
        return Files.size(file);
    }

    @Override
    public FileTime lastModifiedTime(Path path) throws IOException {
        return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public Optional<Set<PosixFilePermission>> permissions(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        return view == null ? Optional.empty() : Optional.of(view.readAttributes().permissions());
    }

    @Override
    public void setPermissions(Path file, Set<PosixFilePermission> permissions) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view != null) {
            view.setPermissions(permissions);
        }
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    @Override
    public WritableFile createNew(Path file) throws IOException {
        return new ChannelFile(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    @Override
    public WritableFile openForAppend(Path file) throws IOException {
        return new ChannelFile(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    }

    @Override
    public void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    @Override
    public void createNewFile(Path file, byte[] content) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (channel) {
            writeFully(channel, content);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file); // we created it a moment ago: do not leave it empty or partial
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        // ATOMIC_MOVE alone may refuse to replace an existing target on some providers (Jimfs); never without ATOMIC_MOVE
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(Path path) throws IOException {
        Files.delete(path);
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        return Files.deleteIfExists(path);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        if (dir.getFileSystem() != FileSystems.getDefault()) {
            return; // an in-memory file system (Jimfs) has nothing to make durable
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (AccessDeniedException e) {
            if (!WINDOWS) {
                throw e;
            }
            // Windows cannot open a directory as a file; NTFS makes renames durable with the file's own flush
        }
    }

    /**
     * Writes all of {@code data}, a slice at a time: the channel copies a heap buffer into a temporary direct buffer of
     * its size, and a journal of thousands of files is hundreds of megabytes.
     */
    private static void writeFully(FileChannel channel, byte[] data) throws IOException {
        for (int offset = 0; offset < data.length; offset += WRITE_SLICE) {
            ByteBuffer buffer = ByteBuffer.wrap(data, offset, Math.min(WRITE_SLICE, data.length - offset));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static final int WRITE_SLICE = 1 << 20;

    private record ChannelFile(FileChannel channel) implements WritableFile {
        @Override
        public void append(byte[] data) throws IOException {
            channel.position(channel.size());
            writeFully(channel, data);
        }

        @Override
        public void force() throws IOException {
            channel.force(true);
        }

        @Override
        public void truncate(long size) throws IOException {
            channel.truncate(size);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
