package dev.continuity.api;

/** The role a file plays in a project; decides which handlers update it. */
public enum FileKind {
    /** Concept and proposal documents. */
    CONCEPT,
    /** Overall, volume and chapter plots. */
    PLOT,
    /** Character sheets. */
    CHARACTER,
    /** World settings: places, systems, factions. */
    SETTING,
    /** The timeline of dated events. */
    TIMELINE,
    /** Manuscripts: the prose itself. */
    MANUSCRIPT,
    /** Foreshadowing lists. */
    FORESHADOWING,
    /** Files generated from others (indexes); regenerated, never hand-edited. */
    DERIVED,
    /** Notes and management documents. */
    NOTE,
    /** Continuity's own configuration, {@code continuity.yaml}. */
    CONFIG,
    /** Anything else that is text. */
    OTHER
}
