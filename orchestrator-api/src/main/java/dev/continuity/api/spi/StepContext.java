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
}
