package dev.continuity.core;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.ConsistencyUpdateOrchestrator;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.RequestPriority;
import dev.continuity.api.UpdatePlan;
import dev.continuity.core.execute.DeadLetter;
import dev.continuity.core.graph.DependencyGraph;
import dev.continuity.core.project.Project;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The default orchestrator, with the stages a tool may also call one at a time: scan, graph, impact and plan.
 * Create one with {@link Orchestrators#builder(java.nio.file.Path)}.
 */
public interface Orchestrator extends ConsistencyUpdateOrchestrator {

    /**
     * {@return what this orchestrator recovered when it opened the project or began a run (a crashed run rolled back or
     * forward), one line each, oldest first; empty when nothing needed recovering}
     */
    List<String> recoveries();

    /**
     * Scans the project (incrementally after the first time: only files whose size or modification time changed are
     * read again) without writing anything. Unreadable files are left out, with an error diagnostic each.
     *
     * @return the scan: files, entities, references and diagnostics
     */
    Project scan();

    /**
     * Scans and records the result as the baseline against which renames are detected ({@code .continuity/scan-state.json}).
     *
     * @return the scan
     */
    Project scanAndRecord();

    /**
     * The dependency graph of a scan.
     *
     * @param project a scan of this orchestrator's project
     * @return a vertex per file and per entity, an edge per dependency
     */
    DependencyGraph graph(Project project);

    /**
     * The impact of a request's change, with renames detected, as {@code executeIntelligentUpdate} would see it;
     * nothing is written.
     *
     * @param request  the change
     * @param mlConfig its model type and confidence threshold are used
     * @return the predicted files with their confidence, risk and explanation
     * @throws dev.continuity.api.ProjectFileException when a changed file does not exist
     */
    PredictiveImpactAnalysis impact(ConsistencyUpdateRequest request, MLConfiguration mlConfig);

    /**
     * The plan {@code executeIntelligentUpdate} would run, before optimisation; nothing is written.
     *
     * @param request  the change and its enhanced types
     * @param mlConfig its model type and confidence threshold decide the impacted files
     * @return the steps in the baseline order, with their dependencies and estimates
     * @throws dev.continuity.api.ProjectFileException when a changed file does not exist
     */
    UpdatePlan plan(ConsistencyUpdateRequest request, MLConfiguration mlConfig);

    /**
     * Runs the registered issue detectors on a fresh scan; writes nothing.
     *
     * @return the issues found, each with a stable id; a detector that throws is logged, counted and left out
     * @throws dev.continuity.api.ProjectFileException when a file cannot be read
     */
    List<ConsistencyIssue> detectIssues();

    /**
     * {@link #applySelfHealing(List)}; with {@code dryRun} the fixes are staged and verified but nothing is written.
     *
     * @param detectedIssues the issues to fix
     * @param dryRun         whether to write nothing
     * @return what was done about each issue (with {@code dryRun}, what would be kept)
     * @throws dev.continuity.api.ProjectFileException when a file cannot be read (nothing is written)
     */
    List<SelfHealingAction> applySelfHealing(List<ConsistencyIssue> detectedIssues, boolean dryRun);

    /**
     * Queues a request; requests run one at a time, the most urgent first. The future completes with the response,
     * or fails with what {@code executeIntelligentUpdate} throws, with a
     * {@link dev.continuity.api.QueueFullException} when a more urgent request evicted it, or with a
     * {@link dev.continuity.api.QueueTimeoutException} when it waited longer than the queue timeout. Cancelling the
     * future takes a waiting request out of the queue, and cancels a running one as {@link #cancel(String)} does:
     * before or while its steps run, nothing of it is committed; once it heals or commits, it completes.
     *
     * @param request  the change
     * @param mlConfig how the learned parts behave for the run
     * @param priority the request's urgency; more urgent requests run first and may evict less urgent ones
     * @return the future response
     * @throws dev.continuity.api.QueueFullException when the queue is full of requests at least as urgent
     * @throws NullPointerException when an argument is null (nothing is queued or counted)
     */
    CompletableFuture<EnhancedUpdateResponse> submit(ConsistencyUpdateRequest request, MLConfiguration mlConfig, RequestPriority priority);

    /**
     * {@return the steps that failed for good and wait in {@code .continuity/dead-letters.jsonl} for a re-drive; empty
     * when dead letters are off}
     */
    List<DeadLetter> deadLetters();

    /**
     * Runs the executions of the pending dead letters again, each under its own execution id, so that remote steps
     * that had succeeded are replayed from the idempotency journal instead of being called again; a checkpointed run
     * that stopped after a checkpoint is {@linkplain #resume resumed} instead, so what it committed is not applied
     * again. Letters whose step now succeeds become {@code RESOLVED}; a step that fails again gets a new pending
     * letter. An execution that has succeeded since (a successful {@code resume} or re-drive resolves its letters) is
     * never run again.
     *
     * @return the responses of the executions run again, in the order of their letters; empty when there is none
     */
    List<EnhancedUpdateResponse> redriveDeadLetters();
}
