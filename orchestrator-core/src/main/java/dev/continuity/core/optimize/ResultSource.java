package dev.continuity.core.optimize;

/** Where the returned plan came from. */
public enum ResultSource {
    /** Found (or kept, if already best) by the search. */
    SEARCH,
    /** The search ended worse than its best seed, so the best seed was returned instead. */
    SEED_FALLBACK
}
