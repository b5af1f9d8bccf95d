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
     * A damaged file, without an underlying exception.
     *
     * @param file   the damaged file, relative to the project root
     * @param defect how it is damaged: truncated, zero-filled, a checksum that does not match
     */
    public IntegrityException(String file, String defect) {
        this(file, defect, null);
    }

    /**
     * As {@link #IntegrityException(String, String)}, with the exception that revealed the damage.
     *
     * @param file   the damaged file, relative to the project root
     * @param defect how it is damaged
     * @param cause  the exception that revealed the damage (a parser's or a decoder's), or {@code null}
     */
    public IntegrityException(String file, String defect, Throwable cause) {
        super(file + " is damaged and was not used: " + defect, cause);
        this.file = file;
        this.defect = defect;
    }

    /** {@return the damaged file, relative to the project root} */
    public String file() {
        return file;
    }

    /** {@return what is wrong with the file: truncated, zero-filled, a checksum that does not match, ...} */
    public String defect() {
        return defect;
    }
}
