package dev.continuity.api;

/**
 * A file Continuity wrote for itself (journal, checkpoint, audit log, history) is damaged: truncated, zero-filled,
 * bit-flipped. It is refused, never used; nothing in the project was written because of it. Names the file and
 * the defect.
 */
public class IntegrityException extends OrchestratorException {
    /** Relative to the project root. */
    private final String file;
    /** What is wrong with the file. */
    private final String defect;

    /**
     * {@code file} (relative to the project root) is damaged; {@code defect} says how: truncated, zero-filled, a checksum
     * that does not match.
     */
    public IntegrityException(String file, String defect) {
        this(file, defect, null);
    }

    /** As {@link #IntegrityException(String, String)}, with the exception that revealed the damage. */
    public IntegrityException(String file, String defect, Throwable cause) {
        super(file + " is damaged and was not used: " + defect, cause);
        this.file = file;
        this.defect = defect;
    }

    /** The damaged file, relative to the project root. */
    public String file() {
        return file;
    }

    /** What is wrong with it. */
    public String defect() {
        return defect;
    }
}
