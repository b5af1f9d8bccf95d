package dev.continuity.core.tx;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * POSIX permissions as the nine mode bits ({@code 0640}) the journal records, and back. {@link #NONE} (-1) stands
 * for "not known": the file did not exist, the file system has no POSIX attributes, or the journal predates modes.
 */
final class FileModes {
    static final int NONE = -1;

    /** {@link PosixFilePermission} is declared in the order of the bits from {@code 0400} down to {@code 0001}. */
    private static final PosixFilePermission[] BITS = PosixFilePermission.values();

    private FileModes() {}

    static int bits(Optional<Set<PosixFilePermission>> permissions) {
        if (permissions.isEmpty()) {
            return NONE;
        }
        int mode = 0;
        for (PosixFilePermission p : permissions.get()) {
            mode |= 1 << (BITS.length - 1 - p.ordinal());
        }
        return mode;
    }

    static Optional<Set<PosixFilePermission>> permissions(int mode) {
        if (mode < 0) {
            return Optional.empty();
        }
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : BITS) {
            if ((mode & (1 << (BITS.length - 1 - p.ordinal()))) != 0) {
                set.add(p);
            }
        }
        return Optional.of(set);
    }

    /** Whether the owner may write: false only when the mode is known and lacks {@code 0200}. */
    static boolean ownerWritable(int mode) {
        return mode < 0 || (mode & 0200) != 0;
    }

    /** {@code rw-r-----}, as {@code ls -l} shows it. */
    static String text(int mode) {
        return permissions(mode).map(PosixFilePermissions::toString).orElse("unknown");
    }

    static boolean valid(int mode) {
        return mode >= NONE && mode <= 0777;
    }
}
