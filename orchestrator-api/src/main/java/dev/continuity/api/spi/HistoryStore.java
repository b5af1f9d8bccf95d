package dev.continuity.api.spi;

import dev.continuity.api.UpdateHistoryEntry;

import java.util.List;

/** Where run outcomes are kept for learning. The default store is checksummed JSON Lines in {@code .continuity/}. */
public interface HistoryStore {

    /** Appends one outcome durably. */
    void append(UpdateHistoryEntry entry);

    /** Every outcome, oldest first. */
    List<UpdateHistoryEntry> load();
}
