package dev.continuity.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A consistency problem found in a project.
 *
 * @param id         stable id, so a second detection of the same problem is recognised: the built-in detectors write
 *                   {@code type:file#subject}, the subject being a name, an event id or a field and never a line
 *                   number, so an edit elsewhere in the file does not make the same issue look new
 * @param type       e.g. {@code broken-reference}, {@code stale-rename}, {@code timeline-cause-order},
 *                   {@code stale-derived}
 * @param severity   how bad
 * @param file       the file it is in
 * @param line       1-based line, or 0 when it concerns the whole file
 * @param entity     the entity it concerns, if any
 * @param message    what is wrong
 * @param evidence   the facts that show it (quotes, dates, paths)
 * @param suggestion a proposed correction, if any (e.g. the closest entity name)
 * @param detector   the detector that found it
 */
public record ConsistencyIssue(
        String id,
        String type,
        Severity severity,
        String file,
        int line,
        Optional<String> entity,
        String message,
        List<String> evidence,
        Optional<String> suggestion,
        String detector) {

    /**
     * Rejects a blank {@code id}, {@code type}, {@code message} or {@code detector} and a negative {@code line}; copies
     * {@code evidence}.
     */
    public ConsistencyIssue {
        Copies.requireText(id, "id");
        Copies.requireText(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, was " + line);
        }
        Objects.requireNonNull(entity, "entity");
        Copies.requireText(message, "message");
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(suggestion, "suggestion");
        Copies.requireText(detector, "detector");
    }
}
