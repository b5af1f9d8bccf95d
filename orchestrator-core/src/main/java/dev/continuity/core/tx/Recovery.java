package dev.continuity.core.tx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settles whatever the last transaction left, under the project lock. Idempotent: each branch only deletes the
 * journal after its work is durable, so a crash inside recovery is recovered by the next recovery.
 *
 * <ul>
 *   <li>{@code journal.committed}: roll forward, then delete it.</li>
 *   <li>{@code journal}: roll back, then delete it.</li>
 *   <li>{@code journal.tmp}: the journal was never completed, so the project was never touched: delete it.</li>
 * </ul>
 * A damaged {@code journal} or {@code journal.committed} is refused with an
 * {@link dev.continuity.api.IntegrityException} and nothing is touched: it was complete when it was renamed to
 * that name, so damage there cannot be a torn write, and guessing would risk the project.
 */
final class Recovery {
    private Recovery() {}

    static RecoveryReport recoverLocked(Layout layout, FileOps ops, boolean staleLockTakenOver) throws IOException {
        JournalRunner runner = new JournalRunner(layout, ops);
        RecoveryReport.Outcome outcome = RecoveryReport.Outcome.NOTHING_TO_RECOVER;
        Optional<String> executionId = Optional.empty();
        List<String> changed = new ArrayList<>();
        List<String> leftAlone = new ArrayList<>();
        if (ops.exists(layout.committedJournal())) {
            Journal journal = Journal.decode(layout.relative(layout.committedJournal()), ops.read(layout.committedJournal()));
            JournalRunner.Outcome o = runner.rollForward(journal);
            runner.deleteJournal(layout.committedJournal());
            outcome = RecoveryReport.Outcome.ROLLED_FORWARD;
            executionId = Optional.of(journal.executionId());
            changed.addAll(o.changedFiles());
            leftAlone.addAll(o.leftAlone());
        }
        if (ops.exists(layout.journal())) {
            Journal journal = Journal.decode(layout.relative(layout.journal()), ops.read(layout.journal()));
            JournalRunner.Outcome o = runner.rollBack(journal);
            runner.deleteJournal(layout.journal());
            outcome = RecoveryReport.Outcome.ROLLED_BACK;
            executionId = Optional.of(journal.executionId());
            changed.addAll(o.changedFiles());
            leftAlone.addAll(o.leftAlone());
        }
        if (ops.exists(layout.journalTmp())) {
            runner.deleteJournal(layout.journalTmp());
            if (outcome == RecoveryReport.Outcome.NOTHING_TO_RECOVER) {
                outcome = RecoveryReport.Outcome.DISCARDED_INCOMPLETE_JOURNAL;
            }
        }
        return new RecoveryReport(outcome, executionId, changed, leftAlone, staleLockTakenOver);
    }

    /** What is pending, read-only. */
    static Optional<TransactionStatus.PendingJournal> pending(Layout layout, FileOps ops) throws IOException {
        if (ops.exists(layout.committedJournal())) {
            Journal j = Journal.decode(layout.relative(layout.committedJournal()), ops.read(layout.committedJournal()));
            return Optional.of(new TransactionStatus.PendingJournal(TransactionStatus.PendingJournal.State.COMMITTED,
                    Optional.of(j.executionId()), j.entries().stream().map(Journal.Entry::path).toList()));
        }
        if (ops.exists(layout.journal())) {
            Journal j = Journal.decode(layout.relative(layout.journal()), ops.read(layout.journal()));
            return Optional.of(new TransactionStatus.PendingJournal(TransactionStatus.PendingJournal.State.UNCOMMITTED,
                    Optional.of(j.executionId()), j.entries().stream().map(Journal.Entry::path).toList()));
        }
        if (ops.exists(layout.journalTmp())) {
            return Optional.of(new TransactionStatus.PendingJournal(TransactionStatus.PendingJournal.State.INCOMPLETE,
                    Optional.empty(), List.of()));
        }
        return Optional.empty();
    }
}
