package dev.continuity.core.report;

import java.util.Objects;
import java.util.Optional;

/**
 * The text of a changed file before and after a run, from which a report shows its diff.
 *
 * @param before the content before the run; empty for a file the run created
 * @param after  the content the run staged (and, when it succeeded, wrote)
 */
public record FileContents(Optional<String> before, String after) {
    /** Rejects a null value. */
    public FileContents {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /**
     * The contents of a file that existed before the run.
     *
     * @param before its content before the run
     * @param after  its content after
     * @return the contents
     */
    public static FileContents of(String before, String after) {
        return new FileContents(Optional.of(before), after);
    }

    /**
     * The contents of a file the run created.
     *
     * @param after its content
     * @return the contents, with nothing before
     */
    public static FileContents created(String after) {
        return new FileContents(Optional.empty(), after);
    }
}
