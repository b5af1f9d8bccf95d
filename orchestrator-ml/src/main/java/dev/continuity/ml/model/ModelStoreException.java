package dev.continuity.ml.model;

import java.nio.file.Path;

/**
 * A stored model cannot be used: missing or unreadable files, or a feature schema that does not
 * match the current feature pipeline. When this module joins the library this type extends its
 * {@code OrchestratorException}.
 */
public final class ModelStoreException extends dev.continuity.api.OrchestratorException {

    private static final long serialVersionUID = 1L;

    private final transient Path location;

    public ModelStoreException(Path location, String message) {
        super(message + " (" + location + ")");
        this.location = location;
    }

    public ModelStoreException(Path location, String message, Throwable cause) {
        super(message + " (" + location + ")", cause);
        this.location = location;
    }

    /** The file or folder concerned. */
    public Path location() {
        return location;
    }
}
