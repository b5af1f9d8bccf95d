/**
 * Stage 6: running the steps of a plan. {@link dev.continuity.core.execute.DagExecutor} runs them as a DAG on virtual
 * threads, in the optimiser's priority order, under an adaptive global limit and Resilience4j guards per service
 * (configured by {@link dev.continuity.core.execute.ServiceConfig} and
 * {@link dev.continuity.core.execute.ExecutionConfig}); writes are staged per step attempt in a
 * {@link dev.continuity.core.execute.StagingProjectWriter}; {@link dev.continuity.core.execute.ExecutionTracker} keeps
 * the live state the monitor reports; steps that fail for good go to the
 * {@link dev.continuity.core.execute.DeadLetterStore}.
 */
@NullMarked
package dev.continuity.core.execute;

import org.jspecify.annotations.NullMarked;
