package dev.continuity.core.execute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Journals the results of remote steps under their idempotency key, in {@code .continuity/idempotency/<execution>.jsonl}
 * (checksummed JSON lines, forced to disk), so that a resumed or re-driven execution replays them instead of calling
 * the service again. A run that ends well discards its journal.
 */
final class IdempotencyJournal {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyJournal.class);
    static final String DIR = ".continuity/idempotency";

    private final Path dir;

    IdempotencyJournal(Path projectRoot) {
        this.dir = projectRoot.resolve(DIR);
    }

    /**
     * One journaled step: its result and the content it staged (Base64), each with its SHA-256, and the SHA-256 of the
     * step's file as the step read it (a result is replayed only onto the same input).
     */
    record Entry(String key, String stepId, String file, String inputHash, String handlerId, String outcome, String summary,
                 Map<String, String> writes, Map<String, String> hashes) {
        Entry {
            writes = Map.copyOf(writes);
            hashes = Map.copyOf(hashes);
        }

        /** The staged content, if every write still matches its hash. */
        Optional<Map<String, byte[]>> content() {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (Map.Entry<String, String> w : writes.entrySet()) {
                byte[] bytes = Base64.getDecoder().decode(w.getValue());
                if (!dev.continuity.core.project.ProjectScanner.hashOf(bytes).equals(hashes.get(w.getKey()))) {
                    return Optional.empty();
                }
                out.put(w.getKey(), bytes);
            }
            return Optional.of(out);
        }
    }

    private Path file(String executionId) {
        return dir.resolve(executionId.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsonl");
    }

    /** The journaled steps of an execution, by step id. */
    synchronized Map<String, Entry> load(String executionId) {
        ChecksummedJsonLines.Read<Entry> read = ChecksummedJsonLines.read(file(executionId), Entry.class);
        if (read.corruptLines() > 0) {
            LOG.warn("idempotency journal of {}: {} line(s) failed their checksum and are ignored (those steps run again)", executionId,
                    read.corruptLines());
        }
        Map<String, Entry> out = new HashMap<>();
        read.entries().forEach(e -> out.put(e.stepId(), e));
        return out;
    }

    synchronized void append(String executionId, String key, String stepId, String file, String inputHash, String handlerId, String outcome,
                             String summary, Map<String, byte[]> staged) {
        Map<String, String> writes = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        staged.forEach((p, b) -> {
            writes.put(p, Base64.getEncoder().encodeToString(b));
            hashes.put(p, dev.continuity.core.project.ProjectScanner.hashOf(b));
        });
        ChecksummedJsonLines.append(file(executionId), new Entry(key, stepId, file, inputHash, handlerId, outcome, summary, writes, hashes));
    }

    /** Forgets an execution (it ended well; nothing is left to resume). */
    synchronized void discard(String executionId) {
        try {
            Files.deleteIfExists(file(executionId));
        } catch (IOException e) {
            LOG.warn("cannot delete the idempotency journal of {}: {}", executionId, e.toString());
        }
    }

}
