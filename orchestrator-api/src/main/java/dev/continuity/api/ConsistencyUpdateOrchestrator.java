package dev.continuity.api;

import java.util.List;

/**
 * The consistency update orchestrator: one change, rippled safely through a whole project.
 *
 * <p>An instance is bound to one project root. It is thread-safe: any thread may call it, and impact predictions and
 * monitoring run beside a run. Runs do not overlap, though: a run holds the project's lock, so a second
 * {@code executeIntelligentUpdate} while one is under way (from this instance, another one or another process) throws
 * {@link ProjectLockedException}; to have requests wait their turn, queue them ({@code Orchestrator.submit}).
 * {@link #close()} releases its executors.
 *
 * <pre>{@code
 * try (ConsistencyUpdateOrchestrator orchestrator = Orchestrators.builder(projectRoot).build()) {
 *     PredictiveImpactAnalysis impact = orchestrator.predictUpdateImpact(
 *             ChangeContext.of(UpdateType.PLOT_CHANGE, "20_プロット/全体構成.yaml"), 0.8);
 *     EnhancedUpdateResponse response = orchestrator.executeIntelligentUpdate(request, MLConfiguration.defaults());
 * }
 * }</pre>
 */
public interface ConsistencyUpdateOrchestrator extends AutoCloseable {

    /**
     * Predicts, plans, optimises and runs an update, then detects and heals what it broke, learns from the
     * outcome, and reports. The project is changed all-or-nothing (or up to the last checkpoint). A step that fails
     * does not throw: the response's status is {@link ExecutionStatus#ROLLED_BACK} (or
     * {@link ExecutionStatus#PARTIALLY_SUCCEEDED} after a checkpoint) and its step result says why.
     *
     * @param request  the change and how to carry it out
     * @param mlConfig how the learned parts behave for this run: the model, the confidence threshold, online learning,
     *                 the optimisation goals and the anomaly sensitivity
     * @return the run's outcome: its status, step results, changed files, healing actions and what was learned
     * @throws ProjectFileException    when a changed file does not exist or a file cannot be read
     * @throws ProjectLockedException  when another run holds the project (also one of this instance on another thread)
     * @throws IllegalStateException   when the orchestrator is closed
     */
    EnhancedUpdateResponse executeIntelligentUpdate(ConsistencyUpdateRequest request, MLConfiguration mlConfig);

    /**
     * {@link #executeIntelligentUpdate(ConsistencyUpdateRequest, MLConfiguration)} with {@link MLConfiguration#defaults()}.
     *
     * @param request the change and how to carry it out
     * @return the run's outcome
     * @throws ProjectFileException   when a changed file does not exist or a file cannot be read
     * @throws ProjectLockedException when another run holds the project
     */
    default EnhancedUpdateResponse executeIntelligentUpdate(ConsistencyUpdateRequest request) {
        return executeIntelligentUpdate(request, MLConfiguration.defaults());
    }

    /**
     * Predicts which files a change impacts, without changing anything. Files below {@code confidenceThreshold} are left
     * out of {@link PredictiveImpactAnalysis#predictedFiles()}.
     *
     * @param changeContext       the changed files, the kind of change and its context
     * @param confidenceThreshold in [0, 1]: the lowest confidence a file is predicted with
     * @return the predicted files with their confidence, risk and explanation, and alternative approaches
     * @throws IllegalArgumentException when the threshold is outside [0, 1]
     * @throws ProjectFileException     when a changed file does not exist
     */
    PredictiveImpactAnalysis predictUpdateImpact(ChangeContext changeContext, double confidenceThreshold);

    /**
     * {@link #predictUpdateImpact(ChangeContext, double)} with the specification's default threshold, 0.8.
     *
     * @param changeContext the changed files, the kind of change and its context
     * @return the predicted files with their confidence, risk and explanation
     * @throws ProjectFileException when a changed file does not exist
     */
    default PredictiveImpactAnalysis predictUpdateImpact(ChangeContext changeContext) {
        return predictUpdateImpact(changeContext, 0.8);
    }

    /**
     * Orders and schedules a plan for the goals, never worse than critical-path list scheduling on the first goal. Does
     * not run anything.
     *
     * @param initialPlan the steps to order, with their dependencies and estimated durations
     * @param goals       most important first; an empty list means {@link OptimizationGoal#MINIMIZE_TIME}
     * @return the steps in priority order with their planned schedule, the checkpoints and the predicted makespan
     */
    IntelligentUpdatePlan optimizeUpdateSequence(UpdatePlan initialPlan, List<OptimizationGoal> goals);

    /**
     * A snapshot of a run, running or finished. It may be called from any thread while the run is under way.
     *
     * @param executionId the run's id, as {@link EnhancedUpdateResponse#executionId()} or
     *                    {@link ExecutionEvent#executionId()} gives it
     * @return the run's progress, metrics, health per service, forecast and alerts at this moment
     * @throws UnknownExecutionException when no run of that id is known
     */
    RealTimeMonitor monitorRealTimeProgress(String executionId);

    /**
     * Tries to fix each issue; fixes are verified and reverted when they do not hold, and the kept fixes are written to
     * the project together.
     *
     * @param detectedIssues the issues to fix, as the detectors reported them
     * @return what was done about the issues: for each, its {@link FixOutcome}, the strategy that tried, whether the fix
     *         held and the files it changed
     * @throws ProjectFileException when a project file cannot be read (nothing is healed on a partial view)
     */
    List<SelfHealingAction> applySelfHealing(List<ConsistencyIssue> detectedIssues);

    /**
     * Cancels a run while its steps run, as a writer's "Cancel" button would: no step starts after this, the handlers
     * running now are interrupted (an LLM call in flight is abandoned), no step is retried, falls back or is
     * dead-lettered, and the call that runs it throws {@link ExecutionCancelledException}. Nothing of the run is
     * committed, except what the checkpoints of a {@link CommitPolicy#CHECKPOINTED} run committed before: that run
     * stays resumable. The run's id is in {@link ExecutionEvent.Started}. Interrupting the thread that runs the update
     * cancels it the same way, also before its steps start (the thread's interrupt status is set again once the run is
     * rolled back). Returns false, and changes nothing, when no run
     * of that id is in its steps: it has not started them yet, or it is already healing or committing (a commit is
     * never interrupted), or it has finished.
     *
     * @param executionId the run to cancel
     * @return whether the run was cancelled
     */
    boolean cancel(String executionId);

    /**
     * Continues a checkpointed run after its last checkpoint: the steps the checkpoints committed are not run again.
     *
     * @param executionId the run's id
     * @return the outcome of the continued run; the earlier response when the run had already succeeded
     * @throws UnknownExecutionException when no run of that id is known
     * @throws IllegalStateException     when the run leaves nothing to resume (rolled back, or committed or rolled back
     *                                   as a whole)
     */
    EnhancedUpdateResponse resume(String executionId);

    /**
     * Undoes an unfinished checkpointed run back to its start: what its checkpoints committed is restored. A run that
     * changed nothing, or was already rolled back, leaves nothing to do.
     *
     * @param executionId the run's id
     * @throws UnknownExecutionException when no run of that id is known
     * @throws IllegalStateException     when the run has been committed (an {@code ALL_OR_NOTHING} run that succeeded,
     *                                   or a checkpointed run that finished)
     */
    void rollback(String executionId);

    /** Releases executors and the project; idempotent. */
    @Override
    void close();
}
