package dev.continuity.api;

/**
 * How an update is carried out. A request names one primary type and may add others
 * (for example {@link #ADAPTIVE_MERGE} or {@link #PREDICTIVE_SYNC}) as modifiers.
 */
public enum EnhancedUpdateType {
    /** Plot change: downstream chapter plots and manuscripts are planned in story order. */
    INTELLIGENT_PLOT,
    /** Entity change (rename, attribute): cascades through every file that references the entity. */
    CASCADE_CHARACTER,
    /** A dated event moves: dependent events, ages and orderings are recomputed. */
    TIMELINE_REALIGN,
    /** Run the detectors first and plan the fixes of what they find. */
    QUALITY_DRIVEN,
    /** Also update the files that the learned model predicts above the confidence threshold. */
    PREDICTIVE_SYNC,
    /** A file the author edited during the run is merged three-way instead of failing the step. */
    ADAPTIVE_MERGE;

    /**
     * Whether this type modifies how an update of another type is carried out rather than being one: a request that
     * names only modifiers adds them to its update type's default.
     *
     * @return true for {@link #PREDICTIVE_SYNC} and {@link #ADAPTIVE_MERGE}
     */
    public boolean isModifier() {
        return this == PREDICTIVE_SYNC || this == ADAPTIVE_MERGE;
    }
}
