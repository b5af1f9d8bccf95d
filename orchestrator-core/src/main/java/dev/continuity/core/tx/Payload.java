package dev.continuity.core.tx;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The binary fields inside a {@link RecordFile} record: big-endian ints, length-prefixed UTF-8 and byte arrays. */
final class Payload {
    private Payload() {}

    static final class Out {
        private final ByteArrayOutputStream out;

        Out(int expectedSize) {
            out = new ByteArrayOutputStream(Math.max(32, expectedSize));
        }

        Out i32(int value) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
            return this;
        }

        Out i64(long value) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(value).array());
            return this;
        }

        Out bool(boolean value) {
            out.write(value ? 1 : 0);
            return this;
        }

        Out bytes(byte[] value) {
            i32(value.length);
            out.writeBytes(value);
            return this;
        }

        Out optBytes(Optional<byte[]> value) {
            bool(value.isPresent());
            value.ifPresent(this::bytes);
            return this;
        }

        Out str(String value) {
            return bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        Out instant(Instant value) {
            return i64(value.getEpochSecond()).i32(value.getNano());
        }

        Out strings(List<String> values) {
            i32(values.size());
            values.forEach(this::str);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** Reads fields; a malformed payload throws {@link Malformed}. */
    static final class In {
        private final ByteBuffer in;

        In(byte[] payload) {
            in = ByteBuffer.wrap(payload);
        }

        int i32() {
            try {
                return in.getInt();
            } catch (BufferUnderflowException e) {
                throw new Malformed("payload ends inside a number");
            }
        }

        long i64() {
            try {
                return in.getLong();
            } catch (BufferUnderflowException e) {
                throw new Malformed("payload ends inside a number");
            }
        }

        boolean bool() {
            try {
                byte b = in.get();
                if (b != 0 && b != 1) {
                    throw new Malformed("bad boolean " + b);
                }
                return b == 1;
            } catch (BufferUnderflowException e) {
                throw new Malformed("payload ends inside a flag");
            }
        }

        byte[] bytes() {
            int length = i32();
            if (length < 0 || length > in.remaining()) {
                throw new Malformed("bad length " + length);
            }
            byte[] value = new byte[length];
            in.get(value);
            return value;
        }

        Optional<byte[]> optBytes() {
            return bool() ? Optional.of(bytes()) : Optional.empty();
        }

        String str() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        Instant instant() {
            long seconds = i64();
            int nanos = i32();
            try {
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (RuntimeException e) {
                throw new Malformed("bad instant");
            }
        }

        List<String> strings() {
            int n = i32();
            if (n < 0 || n > in.remaining()) {
                throw new Malformed("bad list size " + n);
            }
            List<String> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(str());
            }
            return values;
        }

        void end() {
            if (in.hasRemaining()) {
                throw new Malformed(in.remaining() + " unexpected bytes at the end of a record");
            }
        }
    }

    /** A payload whose CRC matched but whose fields do not parse (a writer bug or a format from another version). */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }
}
