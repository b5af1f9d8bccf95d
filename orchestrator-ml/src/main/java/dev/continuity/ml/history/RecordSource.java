package dev.continuity.ml.history;

/** Where a history record came from. */
public enum RecordSource {
    /** Mined from the project's git log by {@link GitHistoryMiner}. */
    GIT,
    /** Recorded by the orchestrator after an update run. */
    ORCHESTRATOR
}
