package dev.continuity.api.spi;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.UpdateStep;

import java.time.InstantSource;

/** What a handler sees while it performs one step. */
public interface StepContext {
    /** {@return the id of the run} */
    String executionId();

    /** {@return the step to perform: its file, handler, service and dependencies} */
    UpdateStep step();

    /** {@return the change being propagated} */
    ChangeContext change();

    /** {@return the impact analysis the plan came from} */
    PredictiveImpactAnalysis impact();

    /** {@return the project as scanned at the start of the run (without the run's staged writes)} */
    ProjectSnapshot project();

    /** {@return where to write: the only way a handler may change the project} */
    ProjectWriter writer();

    /** {@return the orchestrator's clock (a test clock in tests)} */
    InstantSource clock();

    /**
     * A key that is the same for every attempt of this step in this execution, also when the execution is resumed
     * or re-driven: {@code executionId + ":" + stepId}. Send it to a remote service (e.g. as an
     * {@code Idempotency-Key} header) so that a retried request is not carried out twice.
     *
     * @return {@code executionId + ":" + stepId}
     */
    default String idempotencyKey() {
        return executionId() + ":" + step().id();
    }

    /** {@return which attempt this is, 1 for the first (retries and fallbacks count on)} */
    default int attempt() {
        return 1;
    }
}
