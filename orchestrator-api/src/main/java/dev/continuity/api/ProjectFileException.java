package dev.continuity.api;

import java.util.Optional;

/**
 * A file of the project cannot be read as it must be: malformed YAML, an alias, nesting too deep, invalid UTF-8,
 * a missing changed file. The message names the file (and line) and the cause.
 */
public class ProjectFileException extends OrchestratorException {
    /** The file, as the exception names it. */
    private final String file;
    /** 1-based; 0 or less when not known. */
    private final int line;

    /**
     * {@code file} cannot be read as it must be; {@code line} is 1-based, or 0 when the problem concerns the whole file;
     * {@code cause} says what is wrong.
     */
    public ProjectFileException(String file, int line, String cause) {
        this(file, line, cause, null);
    }

    /** As {@link #ProjectFileException(String, int, String)}, with the parser's or the I/O exception. */
    public ProjectFileException(String file, int line, String cause, Throwable throwable) {
        super(file + (line > 0 ? ":" + line : "") + ": " + cause, throwable);
        this.file = file;
        this.line = line;
    }

    /** The file, relative to the project root (the root itself, as given, when it is not a directory). */
    public String file() {
        return file;
    }

    /** The 1-based line, if known. */
    public Optional<Integer> line() {
        return line > 0 ? Optional.of(line) : Optional.empty();
    }
}
