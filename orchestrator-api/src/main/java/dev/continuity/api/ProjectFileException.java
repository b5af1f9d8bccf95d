package dev.continuity.api;

import java.util.Optional;

/**
 * A file of the project cannot be read as it must be: malformed YAML, an alias, nesting too deep, invalid UTF-8,
 * a missing changed file. The message names the file (and line) and the cause.
 */
public class ProjectFileException extends OrchestratorException {
    private final String file;
    private final int line;

    public ProjectFileException(String file, int line, String cause) {
        this(file, line, cause, null);
    }

    public ProjectFileException(String file, int line, String cause, Throwable throwable) {
        super(file + (line > 0 ? ":" + line : "") + ": " + cause, throwable);
        this.file = file;
        this.line = line;
    }

    /** The file, relative to the project root. */
    public String file() {
        return file;
    }

    /** The 1-based line, if known. */
    public Optional<Integer> line() {
        return line > 0 ? Optional.of(line) : Optional.empty();
    }
}
