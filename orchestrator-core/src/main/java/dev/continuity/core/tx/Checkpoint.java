package dev.continuity.core.tx;

import dev.continuity.api.IntegrityException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One checkpoint file {@code .continuity/runs/<execution>/cp-NNNNNN.ckpt} ({@link RecordFile} container,
 * {@code CTXCKPT1}). It is written as one more file of the checkpoint's own journaled transaction, so it exists
 * exactly when the checkpoint's project changes are committed.
 *
 * <p>It keeps what undoing the whole run needs: the <em>original</em> content (at run start) of every file this
 * checkpoint touched for the first time in the run, and the hash each file it changed has after it.
 *
 * @param sequence         1, 2, ... within the run
 * @param completedStepIds cumulative, in completion order
 * @param createdDirs      project directories this checkpoint created (outermost first)
 * @param originals        first-touch before-images
 * @param afterHashes      path to SHA-256 after this checkpoint, for every file it changed
 */
record Checkpoint(String executionId, int sequence, String label, Instant createdAt, Instant runStartedAt, String planJson,
                  List<String> completedStepIds, List<String> createdDirs, List<Original> originals, Map<String, String> afterHashes) {

    static final String MAGIC = "CTXCKPT1";
    private static final int VERSION = 1;
    private static final byte HEADER = 1;
    private static final byte ORIGINAL = 2;
    private static final byte AFTER = 3;

    /** A file's content at the start of the run; empty when it did not exist. */
    record Original(String path, Optional<byte[]> content, String sha) {}

    Checkpoint {
        completedStepIds = List.copyOf(completedStepIds);
        createdDirs = List.copyOf(createdDirs);
        originals = List.copyOf(originals);
        afterHashes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(afterHashes));
    }

    byte[] encode() {
        int size = 512 + planJson.length();
        for (Original o : originals) {
            size += 128 + o.path().length() * 3 + o.content().map(c -> c.length).orElse(0);
        }
        RecordFile.Writer writer = new RecordFile.Writer(MAGIC, size);
        writer.add(HEADER, new Payload.Out(512 + planJson.length())
                .i32(VERSION).str(executionId).i32(sequence).str(label).instant(createdAt).instant(runStartedAt).str(planJson)
                .strings(completedStepIds).strings(createdDirs).toByteArray());
        for (Original o : originals) {
            writer.add(ORIGINAL, new Payload.Out(o.content().map(c -> c.length).orElse(0) + 128)
                    .str(o.path()).str(o.sha()).optBytes(o.content()).toByteArray());
        }
        Payload.Out after = new Payload.Out(afterHashes.size() * 128).i32(afterHashes.size());
        afterHashes.forEach((path, sha) -> after.str(path).str(sha));
        writer.add(AFTER, after.toByteArray());
        return writer.finish();
    }

    static Checkpoint decode(String file, byte[] data) {
        List<RecordFile.Record> records = RecordFile.parse(file, MAGIC, data);
        try {
            if (records.size() < 2 || records.get(0).type() != HEADER || records.get(records.size() - 1).type() != AFTER) {
                throw new Payload.Malformed("unexpected record layout");
            }
            Payload.In h = new Payload.In(records.get(0).payload());
            if (h.i32() != VERSION) {
                throw new Payload.Malformed("unknown checkpoint version");
            }
            String executionId = h.str();
            int sequence = h.i32();
            String label = h.str();
            Instant createdAt = h.instant();
            Instant runStartedAt = h.instant();
            String planJson = h.str();
            List<String> completed = h.strings();
            List<String> createdDirs = h.strings();
            h.end();
            createdDirs.forEach(PathGuard::lexicalInternal);
            List<Original> originals = new ArrayList<>();
            for (RecordFile.Record r : records.subList(1, records.size() - 1)) {
                if (r.type() != ORIGINAL) {
                    throw new Payload.Malformed("unexpected record type " + r.type());
                }
                Payload.In in = new Payload.In(r.payload());
                String path = in.str();
                String sha = in.str();
                Optional<byte[]> content = in.optBytes();
                in.end();
                PathGuard.lexicalInternal(path);
                if (!Hashes.sha256(content).equals(sha)) {
                    throw new IntegrityException(file, "the original image of " + path + " does not match its SHA-256");
                }
                originals.add(new Original(path, content, sha));
            }
            Payload.In a = new Payload.In(records.get(records.size() - 1).payload());
            int n = a.i32();
            Map<String, String> after = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String path = a.str();
                PathGuard.lexicalInternal(path);
                after.put(path, a.str());
            }
            a.end();
            return new Checkpoint(executionId, sequence, label, createdAt, runStartedAt, planJson, completed, createdDirs, originals, after);
        } catch (Payload.Malformed | IllegalArgumentException e) {
            throw new IntegrityException(file, "malformed content: " + e.getMessage(), e);
        }
    }
}
