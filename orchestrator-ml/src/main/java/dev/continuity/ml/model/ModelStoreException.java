package dev.continuity.ml.model;

import java.nio.file.Path;

/**
 * A stored model cannot be used: missing or unreadable files, or a feature schema that does not
 * match the current feature pipeline.
 */
public final class ModelStoreException extends dev.continuity.api.OrchestratorException {

    private static final long serialVersionUID = 1L;

    /** The file or folder concerned; not serialised ({@link Path} is not serialisable). */
    private final transient Path location;

    /**
     * A stored model that cannot be used; the message ends with the location in parentheses.
     *
     * @param location the file or folder concerned
     * @param message  what is wrong
     */
    public ModelStoreException(Path location, String message) {
        super(message + " (" + location + ")");
        this.location = location;
    }

    /**
     * A stored model that cannot be used, because of another exception (an I/O error, a parser's).
     *
     * @param location the file or folder concerned
     * @param message  what is wrong
     * @param cause    the underlying exception
     */
    public ModelStoreException(Path location, String message, Throwable cause) {
        super(message + " (" + location + ")", cause);
        this.location = location;
    }

    /** {@return the file or folder concerned; null after deserialisation} */
    public Path location() {
        return location;
    }
}
