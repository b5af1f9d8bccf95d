/**
 * The history of a project: {@link dev.continuity.ml.history.UpdateHistoryRecord}s in a checksummed, append-only
 * JSON Lines file ({@link dev.continuity.ml.history.HistoryStore}), bootstrapped from git
 * ({@link dev.continuity.ml.history.GitHistoryMiner}), and the incremental
 * {@link dev.continuity.ml.history.CoChangeIndex} (support, confidence, recency, ROSE and TARMAQ rules).
 */
@NullMarked
package dev.continuity.ml.history;

import org.jspecify.annotations.NullMarked;
