package dev.continuity.ml.history;

import java.nio.file.Path;

/**
 * A history file holds a line that is truncated, zeroed, bit-flipped or otherwise not what
 * {@link HistoryStore} wrote. The store refuses to read or append past such a line; {@link HistoryStore#repair()} sets
 * such lines aside.
 *
 */
public final class HistoryCorruptionException extends dev.continuity.api.OrchestratorException {

    private static final long serialVersionUID = 1L;

    /** The corrupt file; not serialised ({@link Path} is not serialisable). */
    private final transient Path file;
    /** The 1-based number of the first corrupt line. */
    private final long line;
    /** What is wrong with the line. */
    private final String reason;

    /**
     * A corrupt line, found without an underlying exception (a checksum that does not match, a truncated record).
     *
     * @param file   the history file
     * @param line   the 1-based number of the corrupt line
     * @param reason what is wrong with it, without the file and line number
     */
    public HistoryCorruptionException(Path file, long line, String reason) {
        super("history file " + file + " is corrupt at line " + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /**
     * A corrupt line, found by the exception that reading it threw (a JSON parser's, say).
     *
     * @param file   the history file
     * @param line   the 1-based number of the corrupt line
     * @param reason what is wrong with it, without the file and line number
     * @param cause  the exception reading it threw
     */
    public HistoryCorruptionException(Path file, long line, String reason, Throwable cause) {
        super("history file " + file + " is corrupt at line " + line + ": " + reason, cause);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /** What is wrong with the line, without the file and line number. */
    public String reason() {
        return reason;
    }

    /** {@return the corrupt file; null after deserialisation} */
    public Path file() {
        return file;
    }

    /** The 1-based number of the first corrupt line. */
    public long line() {
        return line;
    }
}
