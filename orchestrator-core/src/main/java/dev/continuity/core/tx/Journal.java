package dev.continuity.core.tx;

import dev.continuity.api.CommitPolicy;
import dev.continuity.api.IntegrityException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One transaction's journal: the plan, the before-image and the after-image of every file it changes (an absent
 * file is recorded as absent, so that rollback deletes it and roll-forward deletes it again), the directories it
 * creates or removes, and the audit lines it appends. Written with one write and one force, in the
 * {@link RecordFile} container ({@code CTXJRNL1}).
 *
 * <p>Because the journal holds the after-images, roll-forward after the commit record never depends on temp
 * files having survived.
 *
 * @param journalId      unique per journal; names the temp files in the project ({@code .ct-<id8>-<index>.tmp})
 * @param executionId    the run
 * @param policy         the run's policy
 * @param label          empty for a plain commit, the checkpoint label for a checkpoint, {@code rollback} for a
 *                       rollback of a checkpointed run
 * @param createdAt      from the transaction's clock
 * @param planJson       opaque
 * @param entries        the file changes, in apply order
 * @param dirsToCreate   project-relative directories created before the files (outermost first)
 * @param dirsToRemove   directories removed after the files if they are empty (innermost first)
 * @param audit          the audit lines appended before the commit record
 */
record Journal(String journalId, String executionId, CommitPolicy policy, String label, Instant createdAt, String planJson,
               List<Entry> entries, List<String> dirsToCreate, List<String> dirsToRemove, Optional<AuditIntent> audit) {

    static final String MAGIC = "CTXJRNL1";
    /** Version 2 adds each entry's mode; version 1 journals (without modes) are still read and recovered. */
    private static final int VERSION = 2;
    private static final int VERSION_WITHOUT_MODES = 1;
    private static final byte HEADER = 1;
    private static final byte ENTRY = 2;
    private static final byte AUDIT = 3;

    Journal {
        entries = List.copyOf(entries);
        dirsToCreate = List.copyOf(dirsToCreate);
        dirsToRemove = List.copyOf(dirsToRemove);
    }

    /**
     * One file's change. {@code after} empty means the file is deleted.
     *
     * @param index     position in the journal; names the temp file
     * @param path      project-relative
     * @param before    the content before, or empty when the file did not exist
     * @param after     the content after, or empty when the transaction deletes the file
     * @param mode      the POSIX mode bits of the file before ({@code 0640}), which the new content gets too and a
     *                  rollback restores; {@link FileModes#NONE} when the file did not exist, the file system has no
     *                  POSIX attributes, or the journal predates modes (then the file's current mode is kept)
     */
    record Entry(int index, String path, Optional<byte[]> before, String beforeSha, Optional<byte[]> after, String afterSha,
                 String stepId, String handlerId, boolean merged, int mode) {

        boolean internal() {
            return path.startsWith(Layout.STATE_DIR + "/");
        }
    }

    /**
     * The audit log's state before the transaction and the bytes it appends. Rollback truncates the log to
     * {@code sizeBefore} (or deletes it when it did not exist); roll-forward re-appends the block if it is missing.
     */
    record AuditIntent(boolean existedBefore, long sizeBefore, byte[] block) {}

    String shortId() {
        return journalId.substring(0, Math.min(8, journalId.length()));
    }

    /** The temp file name of an entry: beside its target, derivable from the journal alone. */
    String tempName(Entry entry) {
        return ".ct-" + shortId() + "-" + entry.index() + ".tmp";
    }

    byte[] encode() {
        return encode(VERSION);
    }

    /** Encodes as {@code version}; the version without modes only for tests of old journals. */
    byte[] encode(int version) {
        if (version != VERSION && version != VERSION_WITHOUT_MODES) {
            throw new IllegalArgumentException("unknown journal version " + version);
        }
        byte[] header = header(version);
        byte[] auditPayload = auditPayload();
        long size = size(header, auditPayload, version);
        if (size > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("a transaction of " + size + " bytes is too large for one journal");
        }
        RecordFile.Writer writer = new RecordFile.Writer(MAGIC, (int) size);
        writer.add(HEADER, header);
        for (Entry e : entries) {
            int n = e.before().map(b -> b.length).orElse(0) + e.after().map(b -> b.length).orElse(0);
            Payload.Out entry = new Payload.Out(n + 256)
                    .i32(e.index()).str(e.path()).str(e.stepId()).str(e.handlerId()).bool(e.merged())
                    .str(e.beforeSha()).optBytes(e.before()).str(e.afterSha()).optBytes(e.after());
            if (version != VERSION_WITHOUT_MODES) {
                entry.i32(e.mode());
            }
            writer.add(ENTRY, entry.toByteArray());
        }
        if (auditPayload != null) {
            writer.add(AUDIT, auditPayload);
        }
        return writer.finish();
    }

    /** The encoded size, as {@link #encode(int)} computes it before it allocates the journal. */
    long encodedSize(int version) {
        return size(header(version), auditPayload(), version);
    }

    private byte[] header(int version) {
        return new Payload.Out(256 + planJson.length())
                .i32(version).str(journalId).str(executionId).str(policy.name()).str(label).instant(createdAt).str(planJson)
                .strings(dirsToCreate).strings(dirsToRemove).i32(entries.size())
                .toByteArray();
    }

    /** The audit block's record payload, or null without one. */
    private byte[] auditPayload() {
        return audit.map(a -> new Payload.Out(a.block().length + 32)
                .bool(a.existedBefore()).i64(a.sizeBefore()).bytes(a.block()).toByteArray()).orElse(null);
    }

    private long size(byte[] header, byte[] auditPayload, int version) {
        long payloads = header.length + (auditPayload == null ? 0 : auditPayload.length);
        for (Entry e : entries) {
            payloads += entrySize(e, version);
        }
        return RecordFile.size(payloads, 1 + entries.size() + (auditPayload == null ? 0 : 1));
    }

    /** The length of an entry's payload as {@link #encode(int)} writes it, so that the journal is built at its exact size. */
    private static long entrySize(Entry e, int version) {
        return 4 + str(e.path()) + str(e.stepId()) + str(e.handlerId()) + 1 + str(e.beforeSha()) + optBytes(e.before()) + str(e.afterSha())
                + optBytes(e.after()) + (version != VERSION_WITHOUT_MODES ? 4 : 0);
    }

    private static long str(String s) {
        return 4 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long optBytes(Optional<byte[]> b) {
        return 1 + b.map(x -> 4L + x.length).orElse(0L);
    }

    /** Parses and verifies a journal; {@link IntegrityException} names the defect. */
    static Journal decode(String file, byte[] data) {
        List<RecordFile.Record> records = RecordFile.parse(file, MAGIC, data);
        try {
            if (records.isEmpty() || records.get(0).type() != HEADER) {
                throw new Payload.Malformed("the first record is not the header");
            }
            Payload.In h = new Payload.In(records.get(0).payload());
            int version = h.i32();
            if (version != VERSION && version != VERSION_WITHOUT_MODES) {
                throw new Payload.Malformed("unknown journal version " + version);
            }
            String journalId = h.str();
            String executionId = h.str();
            CommitPolicy policy;
            try {
                policy = CommitPolicy.valueOf(h.str());
            } catch (IllegalArgumentException e) {
                throw new Payload.Malformed("unknown commit policy");
            }
            String label = h.str();
            Instant createdAt = h.instant();
            String planJson = h.str();
            List<String> dirsToCreate = h.strings();
            List<String> dirsToRemove = h.strings();
            int count = h.i32();
            h.end();
            List<Entry> entries = new ArrayList<>(count);
            Optional<AuditIntent> audit = Optional.empty();
            for (RecordFile.Record r : records.subList(1, records.size())) {
                Payload.In in = new Payload.In(r.payload());
                if (r.type() == ENTRY && audit.isEmpty()) {
                    int index = in.i32();
                    String path = in.str();
                    String step = in.str();
                    String handler = in.str();
                    boolean merged = in.bool();
                    String beforeSha = in.str();
                    Optional<byte[]> before = in.optBytes();
                    String afterSha = in.str();
                    Optional<byte[]> after = in.optBytes();
                    int mode = version == VERSION_WITHOUT_MODES ? FileModes.NONE : in.i32();
                    in.end();
                    if (!FileModes.valid(mode)) {
                        throw new Payload.Malformed("bad mode " + mode + " of " + path);
                    }
                    if (!Hashes.sha256(before).equals(beforeSha) || !Hashes.sha256(after).equals(afterSha)) {
                        throw new IntegrityException(file, "the image of " + path + " does not match its SHA-256");
                    }
                    PathGuard.lexicalInternal(path);
                    entries.add(new Entry(index, path, before, beforeSha, after, afterSha, step, handler, merged, mode));
                } else if (r.type() == AUDIT && audit.isEmpty()) {
                    audit = Optional.of(new AuditIntent(in.bool(), in.i64(), in.bytes()));
                    in.end();
                } else {
                    throw new Payload.Malformed("unexpected record type " + r.type());
                }
            }
            if (entries.size() != count) {
                throw new Payload.Malformed("the header announces " + count + " entries, found " + entries.size());
            }
            for (String dir : dirsToCreate) {
                PathGuard.lexicalInternal(dir);
            }
            for (String dir : dirsToRemove) {
                PathGuard.lexicalInternal(dir);
            }
            return new Journal(journalId, executionId, policy, label, createdAt, planJson, entries, dirsToCreate, dirsToRemove, audit);
        } catch (Payload.Malformed | IllegalArgumentException e) {
            throw new IntegrityException(file, "malformed content: " + e.getMessage(), e);
        }
    }
}
