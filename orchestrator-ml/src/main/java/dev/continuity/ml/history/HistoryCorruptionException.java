package dev.continuity.ml.history;

import java.nio.file.Path;

/**
 * A history file holds a line that is truncated, zeroed, bit-flipped or otherwise not what
 * {@link HistoryStore} wrote. The store refuses to read or append past such a line.
 *
 * <p>When this module joins the library this type extends its {@code OrchestratorException}.
 */
public final class HistoryCorruptionException extends dev.continuity.api.OrchestratorException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    public HistoryCorruptionException(Path file, long line, String reason) {
        super("history file " + file + " is corrupt at line " + line + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public HistoryCorruptionException(Path file, long line, String reason, Throwable cause) {
        super("history file " + file + " is corrupt at line " + line + ": " + reason, cause);
        this.file = file;
        this.line = line;
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
