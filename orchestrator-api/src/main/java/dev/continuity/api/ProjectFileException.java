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
     * A file that cannot be read as it must be, without an underlying exception.
     *
     * @param file  the file, relative to the project root
     * @param line  1-based, or 0 when the problem concerns the whole file
     * @param cause what is wrong (a description, not an exception)
     */
    public ProjectFileException(String file, int line, String cause) {
        this(file, line, cause, null);
    }

    /**
     * As {@link #ProjectFileException(String, int, String)}, with the parser's or the I/O exception.
     *
     * @param file      the file, relative to the project root
     * @param line      1-based, or 0 when the problem concerns the whole file
     * @param cause     what is wrong (a description)
     * @param throwable the parser's or the I/O exception, or {@code null}
     */
    public ProjectFileException(String file, int line, String cause, Throwable throwable) {
        super(file + (line > 0 ? ":" + line : "") + ": " + cause, throwable);
        this.file = file;
        this.line = line;
    }

    /** {@return the file, relative to the project root (the root itself, as given, when it is not a directory)} */
    public String file() {
        return file;
    }

    /** {@return the 1-based line; empty when the problem concerns the whole file} */
    public Optional<Integer> line() {
        return line > 0 ? Optional.of(line) : Optional.empty();
    }
}
