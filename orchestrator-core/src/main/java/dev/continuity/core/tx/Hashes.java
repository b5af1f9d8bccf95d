package dev.continuity.core.tx;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32C;

/** SHA-256 for content identity, CRC32C for record integrity. */
final class Hashes {
    /** The "hash" of a file that does not exist. */
    static final String ABSENT = "absent";

    private static final HexFormat HEX = HexFormat.of();

    private Hashes() {}

    static String sha256(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** SHA-256 of the content, or {@link #ABSENT}. */
    static String sha256(Optional<byte[]> content) {
        return content.map(Hashes::sha256).orElse(ABSENT);
    }

    static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    static String crc32cHex(byte[] data, int offset, int length) {
        return HEX.toHexDigits(crc32c(data, offset, length));
    }

    /** A short printable form of a hash for messages. */
    static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
