package dev.continuity.healing.internal;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Severity;

import java.util.List;
import java.util.Optional;

/**
 * Builds issues with stable ids: {@code type:file#subject}. The subject names what the issue is about (a name, an event
 * id, a field) and not its line, so an edit elsewhere in the file does not make the same issue look new.
 */
public final class Issues {
    private Issues() {}

    public static String id(String type, String file, String subject) {
        return type + ":" + file + "#" + subject;
    }

    /** The subject part of an id made by {@link #id}. */
    public static String subject(ConsistencyIssue issue) {
        int hash = issue.id().indexOf('#', issue.type().length() + 1 + issue.file().length());
        return hash < 0 ? "" : issue.id().substring(hash + 1);
    }

    public static ConsistencyIssue issue(String type, String detector, Severity severity, String file, int line, String subject,
                                         Optional<String> entity, String message, List<String> evidence, Optional<String> suggestion) {
        return new ConsistencyIssue(id(type, file, subject), type, severity, file, Math.max(0, line), entity, message, evidence, suggestion, detector);
    }
}
