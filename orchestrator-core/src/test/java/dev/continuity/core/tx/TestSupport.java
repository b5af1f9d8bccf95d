package dev.continuity.core.tx;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;

/** Shared test helpers: seeded options, Jimfs projects, a clock that can be moved. */
final class TestSupport {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private TestSupport() {}

    /** A clock tests move by hand. */
    static final class MutableClock implements InstantSource {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    static TransactionOptions options(FileOps ops, long seed) {
        return TransactionOptions.builder()
                .fileOps(ops)
                .clock(InstantSource.fixed(T0))
                .random(new SplittableRandom(seed))
                .build();
    }

    /** Options for recovering after a simulated power loss: "later", so that a torn lock counts as stale. */
    static TransactionOptions afterReboot(FileOps ops, long seed) {
        return options(ops, seed).toBuilder().clock(InstantSource.fixed(T0.plus(Duration.ofHours(1)))).build();
    }

    static FileSystem jimfs() {
        return Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "posix").build());
    }

    static Path project(FileSystem fs) {
        return fs.getPath("/work/novel");
    }
}
