package dev.continuity.ml.history;

import java.nio.file.Path;

/**
 * A history file holds a line that is truncated, zeroed, bit-flipped or otherwise not what
 * {@link HistoryStore} wrote. The store refuses to read or append past such a line; {@link HistoryStore#repair()} sets
 * such lines aside.
 *
 * <p>When this module joins the library this type extends its {@code OrchestratorException}.
 */
public final class HistoryCorruptionException extends dev.continuity.api.OrchestratorException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String reason;

    public HistoryCorruptionException(Path file, long line, String reason) {
        super("history file " + file + " is corrupt at line " + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

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

    /** The corrupt file. */
    public Path file() {
        return file;
    }

    /** The 1-based number of the first corrupt line. */
    public long line() {
        return line;
    }
}
