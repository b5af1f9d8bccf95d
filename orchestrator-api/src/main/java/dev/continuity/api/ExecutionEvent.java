package dev.continuity.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened during a run, as {@link dev.continuity.api.spi.ExecutionListener}s see it. Events of one
 * step arrive in order; events of different steps may interleave, because steps run concurrently.
 *
 * <pre>{@code
 * ExecutionListener listener = event -> {
 *     switch (event) {
 *         case ExecutionEvent.Started s -> System.out.println("run " + s.executionId() + ": " + s.totalSteps() + " steps");
 *         case ExecutionEvent.StepFailed f -> System.out.println("failed " + f.stepId() + ": " + f.error());
 *         case ExecutionEvent.AlertRaised a -> System.out.println(a.alert().severity() + " " + a.alert().message());
 *         default -> { }
 *     }
 * };
 * }</pre>
 */
public sealed interface ExecutionEvent {

    /** {@return the id of the run the event belongs to} */
    String executionId();

    /** {@return when it happened, by the orchestrator's clock} */
    Instant at();

    /**
     * The run started; from now on {@code monitorRealTimeProgress(executionId)} answers.
     *
     * @param executionId the run
     * @param totalSteps  how many steps the plan has
     * @param at          when the run started
     */
    record Started(String executionId, int totalSteps, Instant at) implements ExecutionEvent {
        /** Rejects a blank {@code executionId}. */
        public Started {
            Copies.requireText(executionId, "executionId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * An attempt of a step started.
     *
     * @param executionId the run
     * @param stepId      the step
     * @param file        the step's file, relative to the project root
     * @param handlerId the handler that runs (a fallback's id when the step fell back)
     * @param service   the service it calls
     * @param attempt   1 for the first attempt
     * @param at        when the attempt started
     */
    record StepStarted(String executionId, String stepId, String file, String handlerId, String service, int attempt, Instant at)
            implements ExecutionEvent {
        /** Rejects a blank {@code executionId} or {@code stepId}. */
        public StepStarted {
            Copies.requireText(executionId, "executionId");
            Copies.requireText(stepId, "stepId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * An attempt failed with a retryable error; the step runs again after {@code delay}.
     *
     * @param executionId   the run
     * @param stepId        the step
     * @param failedAttempt the attempt that failed
     * @param delay         the back-off before the next attempt
     * @param cause         what went wrong
     * @param at            when the failed attempt ended
     */
    record StepRetried(String executionId, String stepId, int failedAttempt, Duration delay, String cause, Instant at)
            implements ExecutionEvent {
        /** Rejects a blank {@code executionId} or {@code stepId}. */
        public StepRetried {
            Copies.requireText(executionId, "executionId");
            Copies.requireText(stepId, "stepId");
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A step's handler failed for good and the step continues with a fallback handler.
     *
     * @param executionId the run
     * @param stepId      the step
     * @param fromHandler the handler that failed
     * @param toHandler   the fallback that runs next
     * @param cause       why the first one failed
     * @param at          when its last attempt ended
     */
    record StepFellBack(String executionId, String stepId, String fromHandler, String toHandler, String cause, Instant at)
            implements ExecutionEvent {
        /** Rejects a blank {@code executionId} or {@code stepId}. */
        public StepFellBack {
            Copies.requireText(executionId, "executionId");
            Copies.requireText(stepId, "stepId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A step finished successfully.
     *
     * @param executionId the run
     * @param stepId    the step
     * @param outcome   {@link StepOutcome#UPDATED} or {@link StepOutcome#UNCHANGED}
     * @param handlerId the handler that produced the result
     * @param duration  time of the successful attempt (zero when replayed)
     * @param attempts  attempts over all handlers (0 when replayed)
     * @param replayed  whether the result came from the idempotency journal instead of a call
     * @param at        when the successful attempt ended ({@code at - duration} is when it started)
     */
    record StepSucceeded(String executionId, String stepId, StepOutcome outcome, String handlerId, Duration duration, int attempts,
                         boolean replayed, Instant at) implements ExecutionEvent {
        /** Rejects a blank {@code executionId} or {@code stepId}. */
        public StepSucceeded {
            Copies.requireText(executionId, "executionId");
            Copies.requireText(stepId, "stepId");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A step failed for good (retries and fallbacks exhausted).
     *
     * @param executionId  the run
     * @param stepId       the step
     * @param error        what went wrong, naming the handler
     * @param attempts     attempts over all handlers
     * @param deadLettered whether it was kept in the dead-letter store for a later re-drive
     * @param at           when its last attempt ended (before the dead-lettering and the alert)
     */
    record StepFailed(String executionId, String stepId, String error, int attempts, boolean deadLettered, Instant at)
            implements ExecutionEvent {
        /** Rejects a blank {@code executionId} or {@code stepId}. */
        public StepFailed {
            Copies.requireText(executionId, "executionId");
            Copies.requireText(stepId, "stepId");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A step was not run, because a step it depends on failed.
     *
     * @param executionId the run
     * @param stepId      the step that was skipped
     * @param reason      which failed step it depends on
     * @param at          when it was skipped
     */
    record StepSkipped(String executionId, String stepId, String reason, Instant at) implements ExecutionEvent {
        /** Rejects a blank {@code executionId} or {@code stepId}. */
        public StepSkipped {
            Copies.requireText(executionId, "executionId");
            Copies.requireText(stepId, "stepId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Every step up to one of the plan's {@link AdaptiveCheckpoint}s has succeeded.
     *
     * @param executionId    the run
     * @param afterStepId    the checkpoint's step
     * @param completedSteps steps completed so far
     * @param at             when the checkpoint was reached
     */
    record CheckpointReached(String executionId, String afterStepId, int completedSteps, Instant at) implements ExecutionEvent {
        /** Rejects a blank {@code executionId} or {@code afterStepId}. */
        public CheckpointReached {
            Copies.requireText(executionId, "executionId");
            Copies.requireText(afterStepId, "afterStepId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * An alert was raised (an anomaly, a circuit that opened, the switch to isolated mode, ...); {@link #at()} is the
     * alert's time.
     *
     * @param executionId the run
     * @param alert       the alert
     */
    record AlertRaised(String executionId, Alert alert) implements ExecutionEvent {
        /** Rejects a blank {@code executionId}. */
        public AlertRaised {
            Copies.requireText(executionId, "executionId");
            Objects.requireNonNull(alert, "alert");
        }

        @Override
        public Instant at() {
            return alert.at();
        }
    }

    /**
     * The run ended.
     *
     * @param executionId the run
     * @param status      how
     * @param duration    from start to end
     * @param at          when it ended
     */
    record Finished(String executionId, ExecutionStatus status, Duration duration, Instant at) implements ExecutionEvent {
        /** Rejects a blank {@code executionId}. */
        public Finished {
            Copies.requireText(executionId, "executionId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(at, "at");
        }
    }
}
