package dev.continuity.core.optimize.stg;

import java.util.Objects;

/** Bad input in a Standard Task Graph Set file or optimum table; names the file and the line. */
public final class StgFormatException extends dev.continuity.api.OrchestratorException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public StgFormatException(String file, int line, String message) {
        super(Objects.requireNonNull(file, "file") + ":" + line + ": " + message);
        this.file = file;
        this.line = line;
    }

    /** The file (or source name) that is malformed. */
    public String file() {
        return file;
    }

    /** The 1-based line of the problem ({@code 0} when the input ended too early). */
    public int line() {
        return line;
    }
}
