package dev.continuity.ml.history;

import java.nio.file.Path;

/**
 * Another process recording runs: appends records {@code from} to {@code from + count - 1}
 * ({@link HistoryStoreTest#numbered}) to the history at the path given, one append each.
 */
public final class HistoryAppenderChild {
    private HistoryAppenderChild() {
    }

    public static void main(String[] args) {
        HistoryStore store = HistoryStore.atFile(Path.of(args[0]));
        int from = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        for (int i = from; i < from + count; i++) {
            store.append(HistoryStoreTest.numbered(i));
        }
    }
}
