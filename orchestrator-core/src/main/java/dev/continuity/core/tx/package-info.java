/** Crash-safe project transactions: journal, atomic commit, rollback, recovery, locking, checkpoints, three-way merge, audit log. */
@NullMarked
package dev.continuity.core.tx;

import org.jspecify.annotations.NullMarked;
