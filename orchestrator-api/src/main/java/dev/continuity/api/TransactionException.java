package dev.continuity.api;

import java.util.Optional;

/**
 * A project transaction failed: an I/O error, a full disk, a failed {@code force}, a file system without atomic
 * moves, a failing plugin during commit. {@link #outcome()} says where the project stands:
 * {@link Outcome#ROLLED_BACK} means every file is back to its state before the transaction;
 * {@link Outcome#RECOVERY_PENDING} means the rollback could not finish in this process (the disk kept failing) and
 * the journal was kept: the next open of the project settles it (rolled back, or rolled forward if the commit
 * record had already been made durable).
 */
public class TransactionException extends OrchestratorException {

    /** Where the project stands after the failure. */
    public enum Outcome {
        /** The project is byte-identical to its state before the transaction. */
        ROLLED_BACK,
        /** The journal is kept; the next {@code begin} or {@code recover} settles the project. */
        RECOVERY_PENDING
    }

    /** The run, or {@code null} when not known. */
    private final String executionId;
    /** The phase that failed, or {@code null} when not known. */
    private final String phase;
    /** Relative to the project root, or {@code null} when no file was being handled. */
    private final String file;
    /** Where the project stands. */
    private final Outcome outcome;

    /**
     * A failure outside a known run and phase; the outcome is {@link Outcome#ROLLED_BACK}.
     *
     * @param message the whole message
     */
    public TransactionException(String message) {
        this(message, null);
    }

    /**
     * A failure outside a known run and phase, caused by another exception; the outcome is {@link Outcome#ROLLED_BACK}.
     *
     * @param message the whole message
     * @param cause   the underlying failure, or {@code null}
     */
    public TransactionException(String message, Throwable cause) {
        super(message, cause);
        this.executionId = null;
        this.phase = null;
        this.file = null;
        this.outcome = Outcome.ROLLED_BACK;
    }

    /**
     * A failure in a phase of a run's transaction; the message names the run, the phase, the file and the outcome.
     *
     * @param executionId the run
     * @param phase       the transaction phase that failed ({@code prepare}, {@code journal}, {@code apply},
     *                    {@code commit-record}, {@code rollback}, ...)
     * @param file        the file being handled, relative to the project root, or {@code null} when none
     * @param outcome     where the project stands
     * @param message     what went wrong
     * @param cause       the underlying failure, or {@code null}
     */
    public TransactionException(String executionId, String phase, String file, Outcome outcome, String message, Throwable cause) {
        super((executionId == null ? "a transaction" : "transaction '" + executionId + "'") + " failed"
                + (phase == null ? "" : " in " + phase) + (file == null ? "" : " (" + file + ")") + ": " + message
                + (outcome == Outcome.RECOVERY_PENDING ? " [recovery pending: the next open of the project settles it]" : " [rolled back]"),
                cause);
        this.executionId = executionId;
        this.phase = phase;
        this.file = file;
        this.outcome = outcome;
    }

    /** {@return the run; empty when not known} */
    public Optional<String> executionId() {
        return Optional.ofNullable(executionId);
    }

    /** {@return the transaction phase that failed; empty when not known} */
    public Optional<String> phase() {
        return Optional.ofNullable(phase);
    }

    /** {@return the file being handled, relative to the project root; empty when none or not known} */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** {@return where the project stands} */
    public Outcome outcome() {
        return outcome;
    }
}
