package dev.continuity.ml.history;

/** How a file took part in a transaction. */
public enum ChangeKind {
    /** The file did not exist before the transaction. */
    ADDED,
    /** The file existed before and after the transaction. */
    MODIFIED,
    /** The file existed before the transaction and was removed by it. */
    DELETED
}
