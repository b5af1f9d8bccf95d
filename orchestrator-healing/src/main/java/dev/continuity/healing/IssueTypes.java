package dev.continuity.healing;

import java.util.List;

/** The issue types the built-in detectors report; each built-in detector's {@code id()} is its type. */
public final class IssueTypes {
    /** A reference to an entity or file that does not exist. */
    public static final String BROKEN_REFERENCE = "broken-reference";
    /** An old name left behind by a rename. */
    public static final String STALE_RENAME = "stale-rename";
    /** A timeline event dated (or listed) before one of its causes. */
    public static final String TIMELINE_CAUSE_ORDER = "timeline-cause-order";
    /** A character taking part in an event or chapter after their death or departure. */
    public static final String CHARACTER_AFTER_DEATH = "character-after-death";
    /** An age that does not fit the birth date and the date it is given for. */
    public static final String AGE_MISMATCH = "age-mismatch";
    /** A chapter whose story date runs backwards against the chapter before it. */
    public static final String CHAPTER_DATE_ORDER = "chapter-date-order";
    /** One entity with different values of the same attribute in different files. */
    public static final String ATTRIBUTE_CONFLICT = "attribute-conflict";
    /** A derived file that no longer matches what its sources generate. */
    public static final String STALE_DERIVED = "stale-derived";
    /** A setup not paid off by its deadline volume. */
    public static final String UNRESOLVED_FORESHADOWING = "unresolved-foreshadowing";
    /** A required field missing, or a date field that is no date. */
    public static final String SCHEMA_VIOLATION = "schema-violation";
    /** A list of events (a plot's {@code events} or {@code key_events}) naming an event the timeline does not define. */
    public static final String UNKNOWN_EVENT = "unknown-event";

    /** Every type, in the order healing handles them (derived files last: they follow everything else). */
    public static final List<String> ALL = List.of(BROKEN_REFERENCE, STALE_RENAME, TIMELINE_CAUSE_ORDER, CHAPTER_DATE_ORDER,
            CHARACTER_AFTER_DEATH, AGE_MISMATCH, ATTRIBUTE_CONFLICT, UNRESOLVED_FORESHADOWING, SCHEMA_VIOLATION, UNKNOWN_EVENT, STALE_DERIVED);

    private IssueTypes() {}
}
