package dev.continuity.api.spi;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.UpdateStep;

import java.time.InstantSource;

/** What a handler sees while it performs one step. */
public interface StepContext {
    /** The run. */
    String executionId();

    /** The step to perform. */
    UpdateStep step();

    /** The change being propagated. */
    ChangeContext change();

    /** The impact analysis the plan came from. */
    PredictiveImpactAnalysis impact();

    /** The project as scanned at the start of the run. */
    ProjectSnapshot project();

    /** Where to write. */
    ProjectWriter writer();

    /** The orchestrator's clock. */
    InstantSource clock();

    /**
     * A key that is the same for every attempt of this step in this execution, also when the execution is resumed
     * or re-driven: {@code executionId + ":" + stepId}. Send it to a remote service (e.g. as an
     * {@code Idempotency-Key} header) so that a retried request is not carried out twice.
     */
    default String idempotencyKey() {
        return executionId() + ":" + step().id();
    }

    /** Which attempt this is, 1 for the first (retries and fallbacks count on). */
    default int attempt() {
        return 1;
    }
}
