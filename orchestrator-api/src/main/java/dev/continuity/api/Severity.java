package dev.continuity.api;

/** Severity of a diagnostic, an issue or an alert, declared from the least to the most severe. */
public enum Severity {
    /** Worth knowing, nothing to act on (a hidden file skipped). */
    INFO,
    /** Probably wrong, but nothing stops (an unresolved reference, a duplicate entity). */
    WARNING,
    /**
     * Wrong. A scan diagnostic of {@code ERROR} or worse (an unreadable file) makes updates and healing refuse to run, with
     * a {@link ProjectFileException}.
     */
    ERROR,
    /** Needs attention at once (the executor switched a run to isolated mode). */
    CRITICAL
}
