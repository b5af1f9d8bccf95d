package dev.continuity.api.spi;

import dev.continuity.api.UpdateHistoryEntry;

import java.util.List;

/** Where run outcomes are kept for learning. The default store is checksummed JSON Lines in {@code .continuity/}. */
public interface HistoryStore {

    /**
     * Appends one outcome durably: it is on disk when this returns.
     *
     * @param entry the outcome of a run
     */
    void append(UpdateHistoryEntry entry);

    /** {@return every outcome kept, oldest first} */
    List<UpdateHistoryEntry> load();
}
