package dev.continuity.api;

/** A path leaves the project root: {@code ../}, an absolute path, or a symlink to outside. */
public class PathEscapeException extends OrchestratorException {
    /** The path as given. */
    private final String path;

    /**
     * A path that leaves the project root.
     *
     * @param path the path as given
     * @param why  how it escapes (e.g. {@code '..' climbs above the project root})
     */
    public PathEscapeException(String path, String why) {
        super("path '" + path + "' escapes the project root: " + why);
        this.path = path;
    }

    /** {@return the offending path as given} */
    public String path() {
        return path;
    }
}
