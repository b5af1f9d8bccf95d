package dev.continuity.core.tx;

import dev.continuity.api.IntegrityException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The checksummed container of the journal and of checkpoint files.
 *
 * <pre>
 * file   := magic(8 ASCII bytes) record* end
 * record := type(1) length(4, big-endian) payload(length) crc32c(4) -- the CRC covers type, length and payload
 * end    := a record of type 0x7F whose payload is the number of records before it (4) and their total size (8)
 * </pre>
 *
 * A file is accepted only if the magic matches, every record's CRC matches, the end record is present and counts
 * exactly the records before it, and nothing follows it. Truncation (no end record), zero-filling (bad magic) and
 * bit flips (CRC mismatch) are therefore all refused with an {@link IntegrityException} naming the defect.
 */
final class RecordFile {
    static final byte END = 0x7F;
    private static final int MAGIC_LENGTH = 8;
    private static final int OVERHEAD = 1 + 4 + 4;

    record Record(byte type, byte[] payload) {}

    private RecordFile() {}

    /** The size of a record file whose records have these payload lengths (the end record included). */
    static long size(long payloads, int records) {
        return MAGIC_LENGTH + payloads + (long) OVERHEAD * records + OVERHEAD + 12;
    }

    /**
     * Builds a record file in memory, to be written with one write and one force. Given its exact size
     * ({@link #size}), {@link #finish()} returns the buffer it filled, without a copy: a journal holds every changed
     * file twice (before and after), so a copy of it is the largest allocation of a commit of thousands of files.
     */
    static final class Writer {
        private byte[] out;
        private int position;
        private int records;

        Writer(String magic, int expectedSize) {
            out = new byte[Math.max(64, expectedSize)];
            byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
            if (m.length != MAGIC_LENGTH) {
                throw new IllegalArgumentException("magic must be 8 ASCII bytes: " + magic);
            }
            put(m, 0, m.length);
        }

        Writer add(byte type, byte[] payload) {
            if (type == END) {
                throw new IllegalArgumentException("the end record is written by finish()");
            }
            write(type, payload);
            records++;
            return this;
        }

        byte[] finish() {
            long size = position;
            write(END, ByteBuffer.allocate(12).putInt(records).putLong(size).array());
            return position == out.length ? out : Arrays.copyOf(out, position);
        }

        private void write(byte type, byte[] payload) {
            byte[] head = ByteBuffer.allocate(5).put(type).putInt(payload.length).array();
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(head);
            crc.update(payload);
            put(head, 0, head.length);
            put(payload, 0, payload.length);
            put(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array(), 0, 4);
        }

        private void put(byte[] bytes, int offset, int length) {
            if (position + length > out.length) {
                out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * out.length, (long) position + length)));
            }
            System.arraycopy(bytes, offset, out, position, length);
            position += length;
        }
    }

    /**
     * Parses and verifies a record file.
     *
     * @param file  the file's name for messages (relative to the project root)
     * @param magic the expected magic
     * @throws IntegrityException naming the defect
     */
    static List<Record> parse(String file, String magic, byte[] data) {
        if (data.length == 0) {
            throw new IntegrityException(file, "the file is empty (0 bytes): truncated");
        }
        if (allZero(data)) {
            throw new IntegrityException(file, "the file is zero-filled (" + data.length + " bytes)");
        }
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (data.length < MAGIC_LENGTH) {
            throw new IntegrityException(file, "truncated to " + data.length + " bytes, shorter than its header");
        }
        for (int i = 0; i < MAGIC_LENGTH; i++) {
            if (data[i] != m[i]) {
                throw new IntegrityException(file, "bad magic: expected '" + magic + "' at the start (overwritten, zeroed or not a "
                        + magic + " file)");
            }
        }
        List<Record> records = new ArrayList<>();
        int pos = MAGIC_LENGTH;
        while (true) {
            if (pos == data.length) {
                throw new IntegrityException(file, "truncated after " + records.size() + " records at byte " + pos + ": no end record");
            }
            if (data.length - pos < OVERHEAD) {
                throw new IntegrityException(file, "truncated inside record #" + (records.size() + 1) + " at byte " + pos);
            }
            byte type = data[pos];
            int length = ByteBuffer.wrap(data, pos + 1, 4).getInt();
            if (length < 0 || (long) length > data.length - pos - OVERHEAD) {
                throw new IntegrityException(file, "record #" + (records.size() + 1) + " at byte " + pos + " claims " + length
                        + " bytes but the file ends before: truncated or bit-flipped length");
            }
            int stored = ByteBuffer.wrap(data, pos + 5 + length, 4).getInt();
            int actual = Hashes.crc32c(data, pos, 5 + length);
            if (stored != actual) {
                throw new IntegrityException(file, "checksum mismatch in record #" + (records.size() + 1) + " at byte " + pos
                        + " (CRC32C stored " + Integer.toHexString(stored) + ", computed " + Integer.toHexString(actual)
                        + "): bit flip or partial write");
            }
            byte[] payload = new byte[length];
            System.arraycopy(data, pos + 5, payload, 0, length);
            if (type == END) {
                ByteBuffer end = ByteBuffer.wrap(payload);
                if (length != 12 || end.getInt() != records.size() || end.getLong() != pos) {
                    throw new IntegrityException(file, "the end record does not match the " + records.size() + " records before it");
                }
                int trailing = data.length - (pos + OVERHEAD + length);
                if (trailing != 0) {
                    throw new IntegrityException(file, trailing + " unexpected bytes after the end record");
                }
                return records;
            }
            records.add(new Record(type, payload));
            pos += OVERHEAD + length;
        }
    }

    private static boolean allZero(byte[] data) {
        for (byte b : data) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
