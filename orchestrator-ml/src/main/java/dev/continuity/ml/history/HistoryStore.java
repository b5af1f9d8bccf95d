package dev.continuity.ml.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The append-only JSON Lines history of a project, in {@code .continuity/history.jsonl}.
 *
 * <p>Each line is {@code {"crc32c":"<8 hex digits>","record":<record JSON>}}: the CRC-32C is computed
 * over the UTF-8 bytes of the record JSON exactly as written. A line that is truncated, zeroed,
 * bit-flipped, not valid UTF-8 or not a valid record makes {@link #readAll()} throw a
 * {@link HistoryCorruptionException} naming the file and the line; an append after a torn last line
 * is refused the same way. Every append is forced to the storage device before it returns. {@link #repair()} sets
 * such lines aside, keeping a byte-for-byte copy of the damaged file, so that the history can be used again.
 *
 * <p>Every read and write holds a lock on {@code history.jsonl.lock} beside the file, an OS file lock between
 * processes (a command that mines the git log while another records a run) and a lock between the instances of one
 * process: an append never meets a rewrite ({@link #retain}, {@link #repair}) that would drop it, and no reader sees
 * half an append as a torn line. The lock is held only for the read or the write itself.
 */
public final class HistoryStore {

    /** The history file's path relative to the project root. */
    public static final String RELATIVE_PATH = ".continuity/history.jsonl";

    private static final String PREFIX_START = "{\"crc32c\":\"";
    private static final String PREFIX_END = "\",\"record\":";
    private static final int CRC_HEX_LENGTH = 8;
    private static final int PREFIX_LENGTH = PREFIX_START.length() + CRC_HEX_LENGTH + PREFIX_END.length();

    /** The in-process side of the file lock, by lock file: one JVM cannot hold two OS locks on one file. */
    private static final java.util.concurrent.ConcurrentHashMap<Path, java.util.concurrent.locks.ReentrantLock> LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;

    private HistoryStore(Path file) {
        this.file = file;
        Path absolute = file.toAbsolutePath().normalize();
        this.lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
    }

    /**
     * Runs {@code body} holding the history's lock: this process's, then the OS lock on the lock file, which another
     * process holding it makes this one wait for. Not reentrant across the OS lock; no locked method calls another.
     */
    private <T> T locked(java.util.function.Supplier<T> body) {
        return locked(body, false);
    }

    /**
     * As {@link #locked(java.util.function.Supplier)}; a reader ({@code readOnly}) that cannot write the lock file (a
     * read-only project, where no other process can write the history either) reads without the OS lock.
     */
    private <T> T locked(java.util.function.Supplier<T> body, boolean readOnly) {
        // one key per file, however it is reached (a symbolic link to the project): the JVM refuses a second OS lock
        Path key = lockFile;
        try {
            if (!readOnly) {
                Files.createDirectories(lockFile.getParent());
            }
            key = lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        } catch (IOException e) {
            // the folder cannot be made or resolved: opening the lock file below says why
        }
        java.util.concurrent.locks.ReentrantLock inProcess =
                LOCKS.computeIfAbsent(key, k -> new java.util.concurrent.locks.ReentrantLock());
        inProcess.lock();
        try {
            FileChannel ch;
            try {
                Files.createDirectories(lockFile.getParent());
                ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (java.nio.file.FileSystemException e) {
                if (readOnly) {
                    return body.get();
                }
                throw e;
            }
            try (ch; java.nio.channels.FileLock ignored = ch.lock()) {
                return body.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock history file " + file + " (lock file " + lockFile + ")", e);
        } finally {
            inProcess.unlock();
        }
    }

    /** The history store of the project rooted at {@code projectRoot}. Nothing is created until the first append. */
    public static HistoryStore forProject(Path projectRoot) {
        return new HistoryStore(projectRoot.resolve(RELATIVE_PATH));
    }

    /** A history store backed by an explicit file. */
    public static HistoryStore atFile(Path file) {
        return new HistoryStore(Objects.requireNonNull(file, "file"));
    }

    /** The history file. */
    public Path file() {
        return file;
    }

    /**
     * Reads and verifies every record, in file order.
     *
     * @throws HistoryCorruptionException if any line fails verification
     * @throws UncheckedIOException       if the file cannot be read
     */
    public List<UpdateHistoryRecord> readAll() {
        if (!Files.exists(file)) {
            return List.of();         // nothing to read, and no lock file written for it
        }
        byte[] bytes = locked(this::readBytes, true);
        List<UpdateHistoryRecord> records = new ArrayList<>();
        scan(bytes, (line, r) -> records.add(r), e -> {
            throw e;
        });
        return List.copyOf(records);
    }

    /** A line that verified: its bytes are {@code [start, end]}, the line terminator included. */
    private interface SoundLine {
        void accept(int[] span, UpdateHistoryRecord record);
    }

    /** The file's bytes; empty when it does not exist. */
    private byte[] readBytes() {
        if (!Files.exists(file)) {
            return new byte[0];
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read history file " + file, e);
        }
    }

    /**
     * Verifies every line in order, handing each sound one to {@code sound} and each damaged one to {@code damaged}; a
     * torn last line (no terminator) ends the scan.
     */
    private void scan(byte[] bytes, SoundLine sound, java.util.function.Consumer<HistoryCorruptionException> damaged) {
        int start = 0;
        long lineNo = 0;
        while (start < bytes.length) {
            lineNo++;
            int end = indexOf(bytes, (byte) '\n', start);
            if (end < 0) {
                damaged.accept(new HistoryCorruptionException(file, lineNo,
                        "incomplete last line (no line terminator; torn or truncated write)"));
                return;
            }
            UpdateHistoryRecord record;
            try {
                record = decodeLine(bytes, start, end, lineNo);
            } catch (HistoryCorruptionException e) {
                damaged.accept(e);
                start = end + 1;
                continue;
            }
            sound.accept(new int[]{start, end}, record);
            start = end + 1;
        }
    }

    /**
     * What {@link #repair()} did.
     *
     * @param file     the history file, now holding only the lines that verify
     * @param original the byte-for-byte copy of the file as it was before the repair
     * @param problems one entry per line set aside: the line number (in the original) and why it failed
     * @param kept     the number of records kept
     */
    public record Repair(Path file, Path original, List<HistoryCorruptionException> problems, int kept) {
        /** Rejects a null {@code file} or {@code original}; copies {@code problems}. */
        public Repair {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(original, "original");
            problems = List.copyOf(problems);
        }

        /** One sentence for a log or a report: what was wrong, what was kept, where the original is. */
        public String describe() {
            StringBuilder lines = new StringBuilder();
            for (HistoryCorruptionException p : problems.subList(0, Math.min(3, problems.size()))) {
                lines.append(lines.isEmpty() ? "" : "; ").append("line ").append(p.line()).append(": ")
                        .append(p.reason());
            }
            if (problems.size() > 3) {
                lines.append("; and ").append(problems.size() - 3).append(" more");
            }
            return "history file " + file + " had " + problems.size() + " damaged line(s) (" + lines + "); they were "
                    + "set aside and the " + kept + " sound record(s) kept; the file as it was is saved as " + original;
        }
    }

    /**
     * Sets aside the lines that fail verification, keeping everything else. A torn last line is what a crash in the
     * middle of an append leaves (that run's record was never complete); other damage comes from the disk or an
     * editor. When there is any, the file as it was is first copied, byte for byte, to
     * {@code history.jsonl.damaged-<epoch millis>} beside it, then the history is replaced atomically by its sound lines
     * in their order.
     *
     * @return what was repaired; empty when every line verified (nothing is written then)
     * @throws UncheckedIOException if the file cannot be read, copied or replaced
     */
    public Optional<Repair> repair() {
        return Files.exists(file) ? locked(this::repairLocked) : Optional.empty();
    }

    private Optional<Repair> repairLocked() {
        byte[] bytes = readBytes();
        List<HistoryCorruptionException> problems = new ArrayList<>();
        java.io.ByteArrayOutputStream sound = new java.io.ByteArrayOutputStream(bytes.length);
        int[] kept = {0};
        scan(bytes, (span, r) -> {
            sound.write(bytes, span[0], span[1] - span[0] + 1);
            kept[0]++;
        }, problems::add);
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        Path original = file.toAbsolutePath().getParent().resolve(file.getFileName() + ".damaged-" + Instant.now().toEpochMilli());
        try {
            Files.copy(file, original, StandardCopyOption.COPY_ATTRIBUTES);
            try (FileChannel ch = FileChannel.open(original, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            replaceWith(sound.toByteArray(), ".repair-tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair history file " + file + " (the damaged file is unchanged)", e);
        }
        return Optional.of(new Repair(file, original, problems, kept[0]));
    }

    /**
     * Keeps only the records {@code keep} accepts, in their order (their lines copied byte for byte), and replaces the
     * file atomically. Nothing is written when every record is kept, or when a line fails verification: that is for
     * {@link #repair()}.
     *
     * @return the number of records dropped from the file
     * @throws UncheckedIOException if the file cannot be read or replaced
     */
    public int retain(java.util.function.Predicate<UpdateHistoryRecord> keep) {
        return Files.exists(file) ? locked(() -> retainLocked(keep)) : 0;
    }

    private int retainLocked(java.util.function.Predicate<UpdateHistoryRecord> keep) {
        byte[] bytes = readBytes();
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(bytes.length);
        int[] dropped = {0};
        boolean[] damaged = {false};
        scan(bytes, (span, r) -> {
            if (keep.test(r)) {
                kept.write(bytes, span[0], span[1] - span[0] + 1);
            } else {
                dropped[0]++;
            }
        }, e -> damaged[0] = true);
        if (dropped[0] == 0 || damaged[0]) {
            return 0;
        }
        try {
            replaceWith(kept.toByteArray(), ".retain-tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite history file " + file + " (it is unchanged)", e);
        }
        return dropped[0];
    }

    /**
     * Writes {@code content} to a temporary file beside the history (named with {@code tempSuffix}), forces it to disk
     * and moves it over the history atomically: a crash leaves the old file or the new one, never a mix.
     */
    private void replaceWith(byte[] content, String tempSuffix) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve(file.getFileName() + tempSuffix);
        Files.write(temp, content);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    /** Appends one record and forces it to disk. */
    public void append(UpdateHistoryRecord record) {
        appendAll(List.of(record));
    }

    /** Appends records in order with one write and one force. */
    public void appendAll(List<UpdateHistoryRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (UpdateHistoryRecord r : records) {
            text.append(encodeLine(r)).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        locked(() -> {
            appendLocked(bytes);
            return null;
        });
    }

    private void appendLocked(byte[] bytes) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            boolean created = false;
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            if (!Files.exists(file)) {
                created = true;
            }
            if (!created) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    long size = ch.size();
                    if (size > 0) {
                        ByteBuffer last = ByteBuffer.allocate(1);
                        ch.read(last, size - 1);
                        if (last.get(0) != '\n') {
                            throw new HistoryCorruptionException(file, countLines(ch) + 1,
                                    "incomplete last line (torn write); refusing to append after it");
                        }
                    }
                }
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            if (created && dir != null) {
                syncDirectory(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to history file " + file, e);
        }
    }

    static String encodeLine(UpdateHistoryRecord record) {
        String json = RecordCodec.toJson(record);
        CRC32C crc = new CRC32C();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return PREFIX_START + HexFormat.of().toHexDigits((int) crc.getValue()) + PREFIX_END + json + "}";
    }

    private UpdateHistoryRecord decodeLine(byte[] bytes, int start, int end, long lineNo) {
        int length = end - start;
        if (length == 0) {
            throw new HistoryCorruptionException(file, lineNo, "empty line");
        }
        for (int i = start; i < end; i++) {
            if (bytes[i] == 0) {
                throw new HistoryCorruptionException(file, lineNo, "line contains NUL bytes (zeroed data)");
            }
        }
        if (length < PREFIX_LENGTH + 2 || bytes[end - 1] != '}'
                || !startsWith(bytes, start, PREFIX_START)
                || !startsWith(bytes, start + PREFIX_START.length() + CRC_HEX_LENGTH, PREFIX_END)) {
            throw new HistoryCorruptionException(file, lineNo, "line is not a checksummed history record"
                    + " (truncated or overwritten)");
        }
        String storedHex = new String(bytes, start + PREFIX_START.length(), CRC_HEX_LENGTH, StandardCharsets.US_ASCII);
        if (!storedHex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new HistoryCorruptionException(file, lineNo, "checksum field is not 8 lowercase hexadecimal digits: "
                    + storedHex);
        }
        long stored = HexFormat.fromHexDigitsToLong(storedHex);
        int jsonStart = start + PREFIX_LENGTH;
        int jsonEnd = end - 1;
        CRC32C crc = new CRC32C();
        crc.update(bytes, jsonStart, jsonEnd - jsonStart);
        if (crc.getValue() != stored) {
            throw new HistoryCorruptionException(file, lineNo, String.format(
                    "checksum mismatch (stored %08x, computed %08x)", stored, crc.getValue()));
        }
        String json;
        try {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, jsonStart, jsonEnd - jsonStart));
            json = chars.toString();
        } catch (CharacterCodingException e) {
            throw new HistoryCorruptionException(file, lineNo, "record is not valid UTF-8", e);
        }
        try {
            return RecordCodec.fromJson(json);
        } catch (IOException | RuntimeException e) {
            throw new HistoryCorruptionException(file, lineNo, "record does not parse: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] bytes, int offset, String ascii) {
        if (offset + ascii.length() > bytes.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[offset + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static long countLines(FileChannel ch) throws IOException {
        long lines = 0;
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long pos = 0;
        while (true) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) {
                return lines;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    lines++;
                }
            }
            pos += n;
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open a directory; the file itself was forced.
        }
    }
}
