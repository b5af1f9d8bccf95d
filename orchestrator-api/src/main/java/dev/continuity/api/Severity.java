package dev.continuity.api;

/** Severity of a diagnostic, an issue or an alert. */
public enum Severity {
    INFO, WARNING, ERROR, CRITICAL
}
