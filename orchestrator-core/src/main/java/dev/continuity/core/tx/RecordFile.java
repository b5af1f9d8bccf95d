package dev.continuity.core.tx;

import dev.continuity.api.IntegrityException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    /** Builds a record file in memory, to be written with one write and one force. */
    static final class Writer {
        private final ByteArrayOutputStream out;
        private int records;

        Writer(String magic, int expectedSize) {
            out = new ByteArrayOutputStream(Math.max(64, expectedSize));
            byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
            if (m.length != MAGIC_LENGTH) {
                throw new IllegalArgumentException("magic must be 8 ASCII bytes: " + magic);
            }
            out.writeBytes(m);
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
            long size = out.size();
            write(END, ByteBuffer.allocate(12).putInt(records).putLong(size).array());
            return out.toByteArray();
        }

        private void write(byte type, byte[] payload) {
            byte[] head = ByteBuffer.allocate(5).put(type).putInt(payload.length).array();
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(head);
            crc.update(payload);
            out.writeBytes(head);
            out.writeBytes(payload);
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
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
