package dev.continuity.api;

import java.util.Objects;

/**
 * Something a scan noticed but did not fail on: a skipped binary or hidden file, an unresolved reference.
 *
 * @param file     the file, relative to the project root
 * @param line     1-based line, or 0 for the whole file
 * @param severity how bad
 * @param code     a stable code such as {@code binary-file} or {@code unresolved-reference}
 * @param message  what happened
 */
public record Diagnostic(String file, int line, Severity severity, String code, String message) {
    /** Rejects a blank {@code code} or {@code message}. */
    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Copies.requireText(code, "code");
        Copies.requireText(message, "message");
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + " [" + code + "] " + message;
    }
}
