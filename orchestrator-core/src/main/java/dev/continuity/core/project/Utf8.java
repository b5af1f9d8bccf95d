package dev.continuity.core.project;

import dev.continuity.api.ProjectFileException;
import org.jspecify.annotations.Nullable;

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

    /**
     * Decodes {@code bytes}; a BOM is kept as U+FEFF so that encoding the text again gives the same bytes. Text in
     * another encoding is an error that says which one when it can tell: UTF-16 or UTF-32 by its byte order mark
     * (Windows Notepad's "Unicode"), Shift_JIS or EUC-JP when the bytes read as Japanese text in it.
     */
    public static String decode(String file, byte[] bytes) {
        String unicode = unicodeBom(bytes);
        if (unicode != null) {
            String family = unicode.substring(0, 6);     // iconv -f UTF-16 reads the mark and drops it
            throw new ProjectFileException(file, 1, unicode + " text (byte order mark " + hex(bytes, family.equals("UTF-32") ? 4 : 2)
                    + "); files must be UTF-8: convert it, e.g. iconv -f " + family + " -t UTF-8, or save it as UTF-8");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            throw new ProjectFileException(file, lineAt(bytes, offset),
                    "invalid UTF-8 at byte " + offset + " (0x" + String.format("%02x", bytes[offset] & 0xff) + "); files must be UTF-8"
                            + legacyJapanese(bytes).map(cs -> ": it reads as " + (cs.equals("CP932") ? "Shift_JIS (CP932)" : cs)
                                    + " text; convert it, e.g. iconv -f " + cs + " -t UTF-8, or save it as UTF-8")
                            .orElse(""));
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

    /**
     * The encoding a UTF-16 or UTF-32 byte order mark at the start of {@code bytes} names, or {@code null}. UTF-32LE is
     * tested before UTF-16LE, whose mark is its prefix.
     */
    static @Nullable String unicodeBom(byte[] bytes) {
        if (bytes.length >= 4 && bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE && bytes[2] == 0 && bytes[3] == 0) {
            return "UTF-32LE";
        }
        if (bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == (byte) 0xFE && bytes[3] == (byte) 0xFF) {
            return "UTF-32BE";
        }
        if (bytes.length >= 2 && bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE) {
            return "UTF-16LE";
        }
        if (bytes.length >= 2 && bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF) {
            return "UTF-16BE";
        }
        return null;
    }

    /**
     * The legacy Japanese encoding {@code bytes} read as without error, when they are mostly Japanese text in it:
     * Shift_JIS (as Windows writes it, CP932) or EUC-JP. Empty when neither fits, or both fit equally.
     */
    static java.util.Optional<String> legacyJapanese(byte[] bytes) {
        String best = null;
        double bestShare = 0.5;          // at least half of the non-ASCII characters must be kana or kanji
        for (String charset : new String[] {"windows-31j", "EUC-JP"}) {
            String text;
            try {
                text = java.nio.charset.Charset.forName(charset).newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException | RuntimeException e) {
                continue;
            }
            long nonAscii = text.chars().filter(c -> c > 0x7F).count();
            long japanese = text.codePoints().filter(Utf8::japanese).count();
            double share = nonAscii == 0 ? 0 : (double) japanese / nonAscii;
            if (share > bestShare) {
                bestShare = share;
                best = charset.equals("windows-31j") ? "CP932" : charset;
            } else if (share == bestShare) {
                best = null;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    private static boolean japanese(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HAN
                || (codePoint >= 0x3000 && codePoint <= 0x303F) || (codePoint >= 0xFF00 && codePoint <= 0xFFEF);
    }

    private static String hex(byte[] bytes, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : " ").append(String.format("%02X", bytes[i] & 0xff));
        }
        return out.toString();
    }

    /**
     * Whether the content looks binary: a NUL byte in its first 8 KiB. Text that starts with a UTF-16 or UTF-32 byte
     * order mark is not binary, though it is full of NUL bytes: it is text in an encoding {@link #decode} refuses,
     * saying which.
     */
    public static boolean looksBinary(byte[] bytes) {
        if (unicodeBom(bytes) != null) {
            return false;
        }
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
