package dev.continuity.core.tx;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who stages a file and what they based the new content on.
 *
 * <p>The {@link Base} is the file as the run saw it when it scanned the project. Before the file is written, its
 * current content is compared with the base: if the author changed it meanwhile, the transaction merges three-way
 * (with {@link TransactionOptions#adaptiveMerge()} and a {@link Base.Content} base) or fails with a
 * {@link dev.continuity.api.ConcurrentEditException}; it never overwrites the author's edit.
 *
 * @param stepId    the plan step writing the file
 * @param handlerId the handler or plugin writing it
 * @param base      what the step based its content on
 */
public record StageInfo(String stepId, String handlerId, Base base) {

    public StageInfo {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(handlerId, "handlerId");
        Objects.requireNonNull(base, "base");
        if (stepId.isBlank() || handlerId.isBlank()) {
            throw new IllegalArgumentException("stepId and handlerId must not be blank");
        }
    }

    /** No base: no concurrent-edit detection for this write. */
    public static StageInfo of(String stepId, String handlerId) {
        return new StageInfo(stepId, handlerId, Base.notChecked());
    }

    /** Based on the content seen at scan time: detects concurrent edits and can merge them. */
    public static StageInfo scanned(String stepId, String handlerId, byte[] contentAtScan) {
        return new StageInfo(stepId, handlerId, Base.content(contentAtScan));
    }

    /** Based on a file that did not exist at scan time. */
    public static StageInfo scannedAbsent(String stepId, String handlerId) {
        return new StageInfo(stepId, handlerId, Base.absent());
    }

    /** Based on the SHA-256 (hex) seen at scan time: detects concurrent edits but cannot merge them. */
    public static StageInfo scannedHash(String stepId, String handlerId, String sha256Hex) {
        return new StageInfo(stepId, handlerId, Base.hash(sha256Hex));
    }

    /** The SHA-256 (lower-case hex) the transaction uses for content identity, e.g. for {@link Base.Hash}. */
    public static String sha256(byte[] content) {
        return Hashes.sha256(content);
    }

    /** What a staged write was based on. */
    public sealed interface Base permits Base.NotChecked, Base.Absent, Base.Hash, Base.Content {

        static Base notChecked() {
            return NotChecked.INSTANCE;
        }

        static Base absent() {
            return Absent.INSTANCE;
        }

        static Base hash(String sha256Hex) {
            return new Hash(sha256Hex);
        }

        static Base content(byte[] bytes) {
            return new Content(bytes);
        }

        /** No concurrent-edit detection. */
        record NotChecked() implements Base {
            static final NotChecked INSTANCE = new NotChecked();
        }

        /** The file did not exist at scan time. */
        record Absent() implements Base {
            static final Absent INSTANCE = new Absent();
        }

        /** The file's SHA-256 at scan time. */
        record Hash(String sha256) implements Base {
            public Hash {
                Objects.requireNonNull(sha256, "sha256");
                if (sha256.length() != 64 || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
                    throw new IllegalArgumentException("not a SHA-256 hex digest: '" + sha256 + "'");
                }
                sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
            }
        }

        /** The file's content at scan time (copied), with its SHA-256 computed once. */
        final class Content implements Base {
            private final byte[] bytes;
            private final String sha256;

            public Content(byte[] bytes) {
                this.bytes = bytes.clone();
                this.sha256 = Hashes.sha256(this.bytes);
            }

            /** A copy of the content. */
            public byte[] bytes() {
                return bytes.clone();
            }

            /** The SHA-256 of the content. */
            public String sha256() {
                return sha256;
            }

            boolean sameBytes(byte[] other) {
                return Arrays.equals(bytes, other);
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Content c && Arrays.equals(bytes, c.bytes);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(bytes);
            }

            @Override
            public String toString() {
                return "Content[" + bytes.length + " bytes, sha256=" + Hashes.shortHash(sha256) + "]";
            }
        }
    }
}
