package dev.continuity.core.project;

import dev.continuity.api.ProjectFileException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: invalid input is an error naming the file, line and byte offset, never U+FFFD. */
public final class Utf8 {
    private static final int BINARY_PROBE = 8192;

    private Utf8() {}

    /** Decodes {@code bytes}; a BOM is kept as U+FEFF so that encoding the text again gives the same bytes. */
    public static String decode(String file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            throw new ProjectFileException(file, lineAt(bytes, offset),
                    "invalid UTF-8 at byte " + offset + " (0x" + String.format("%02x", bytes[offset] & 0xff) + "); files must be UTF-8");
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** Encodes text as UTF-8. */
    public static byte[] encode(String text) {
        try {
            ByteBuffer buf = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text is not encodable as UTF-8 (unpaired surrogate)", e);
        }
    }

    /** Whether the content looks binary: a NUL byte in its first 8 KiB. */
    public static boolean looksBinary(byte[] bytes) {
        int n = Math.min(bytes.length, BINARY_PROBE);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
