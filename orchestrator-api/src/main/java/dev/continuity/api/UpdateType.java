package dev.continuity.api;

/** What kind of change the author made, as the specification names it. */
public enum UpdateType {
    /** The plot changed: an outline, a volume plot or a chapter plot. */
    PLOT_CHANGE,
    /** A character (or another entity) changed: a rename or an attribute. */
    CHARACTER_CHANGE,
    /** A dated event moved on the timeline. */
    TIMELINE_CHANGE,
    /** A world setting changed: a place, a rule of magic, a faction. */
    SETTING_CHANGE,
    /** A manuscript changed. */
    MANUSCRIPT_CHANGE;

    /**
     * The enhanced update type that this kind of change runs by default.
     *
     * @return {@code INTELLIGENT_PLOT} for a plot change, {@code CASCADE_CHARACTER} for a character or setting change,
     *         {@code TIMELINE_REALIGN} for a timeline change and {@code QUALITY_DRIVEN} for a manuscript change
     */
    public EnhancedUpdateType defaultEnhancedType() {
        return switch (this) {
            case PLOT_CHANGE -> EnhancedUpdateType.INTELLIGENT_PLOT;
            case CHARACTER_CHANGE, SETTING_CHANGE -> EnhancedUpdateType.CASCADE_CHARACTER;
            case TIMELINE_CHANGE -> EnhancedUpdateType.TIMELINE_REALIGN;
            case MANUSCRIPT_CHANGE -> EnhancedUpdateType.QUALITY_DRIVEN;
        };
    }
}
