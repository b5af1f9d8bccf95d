package dev.continuity.core.optimize;

/** Why a search stopped. */
public enum StopReason {
    /** The makespan reached the lower bound, so it is optimal. */
    LOWER_BOUND_REACHED,
    /** The best fitness did not improve for the configured number of generations or iterations. */
    STEADY_FITNESS,
    /** The time budget ran out. */
    TIME_BUDGET,
    /** The configured maximum number of generations or iterations was reached. */
    GENERATION_LIMIT,
    /** Every priority list was tried (exhaustive search). */
    SEARCH_SPACE_EXHAUSTED,
    /** Zero or one task: there is nothing to order. */
    NOTHING_TO_OPTIMIZE
}
