package dev.continuity.core.execute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter store: {@code .continuity/dead-letters.jsonl}, append-only, one checksummed JSON line per change of a
 * letter; the last line of an id wins. Lines that do not verify are skipped and reported by {@link #corruptLines()}.
 * Thread-safe within a process.
 */
public final class DeadLetterStore {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    /** The file, relative to the project root. */
    public static final String FILE = ".continuity/dead-letters.jsonl";

    private final Path file;

    private DeadLetterStore(Path file) {
        this.file = file;
    }

    /** The store of the project at {@code projectRoot} (created on the first append). */
    public static DeadLetterStore of(Path projectRoot) {
        return new DeadLetterStore(projectRoot.resolve(FILE));
    }

    /** Where it is kept. */
    public Path file() {
        return file;
    }

    /** Keeps a letter (or a new state of one). */
    public synchronized void append(DeadLetter letter) {
        ChecksummedJsonLines.append(file, letter);
    }

    /** Every letter, its latest state, in order of first appearance. */
    public synchronized List<DeadLetter> all() {
        ChecksummedJsonLines.Read<DeadLetter> read = ChecksummedJsonLines.read(file, DeadLetter.class);
        if (read.corruptLines() > 0) {
            LOG.warn("{}: {} line(s) failed their checksum and were skipped", file, read.corruptLines());
        }
        Map<String, DeadLetter> latest = new LinkedHashMap<>();
        read.entries().forEach(l -> latest.put(l.id(), l));
        return List.copyOf(latest.values());
    }

    /** The letters waiting for a re-drive. */
    public List<DeadLetter> pending() {
        return all().stream().filter(DeadLetter::pending).toList();
    }

    /** How many lines failed their checksum. */
    public synchronized int corruptLines() {
        return ChecksummedJsonLines.read(file, DeadLetter.class).corruptLines();
    }

    /**
     * Marks the pending letters of an execution {@code RESOLVED}: the execution has since succeeded (resumed or
     * re-driven), so none of its steps is left to run again. Returns the letters resolved.
     */
    public synchronized List<DeadLetter> resolve(String executionId) {
        List<DeadLetter> open = pending().stream().filter(l -> l.executionId().equals(executionId)).toList();
        mark(open, DeadLetter.RESOLVED);
        return open;
    }

    /** Records the outcome of a re-drive for each letter. */
    public synchronized void mark(List<DeadLetter> letters, String state) {
        List<DeadLetter> updated = new ArrayList<>();
        letters.forEach(l -> updated.add(l.withState(state)));
        updated.forEach(this::append);
    }
}
