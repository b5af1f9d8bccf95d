package dev.continuity.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The result of {@link ConsistencyUpdateOrchestrator#executeIntelligentUpdate}, as the specification's
 * {@code EnhancedUpdateResponse}.
 *
 * @param executionId      the run's id; pass it to {@code monitorRealTimeProgress}, {@code resume} or {@code rollback}
 * @param status           how the run ended
 * @param impact           the impact analysis the plan was made from
 * @param plan             the optimised plan that ran
 * @param stepResults      one result per step, in completion order
 * @param changedFiles     every file the run changed: for a {@code PARTIALLY_SUCCEEDED} run, the files its committed
 *                         checkpoints changed; none for a dry run or a run that was rolled back
 * @param detectedIssues   consistency issues found after the update
 * @param healingActions   what self-healing did about them
 * @param learningInsights what was learned from this run, each a measured statement
 * @param modelImprovement the measured change of the impact model's held-out MAP, in percentage points; empty when
 *                         no model was retrained (never an invented figure)
 * @param duration         wall-clock duration
 * @param diagnostics      what the scan noticed
 */
public record EnhancedUpdateResponse(
        String executionId,
        ExecutionStatus status,
        PredictiveImpactAnalysis impact,
        IntelligentUpdatePlan plan,
        List<StepResult> stepResults,
        List<FileChange> changedFiles,
        List<ConsistencyIssue> detectedIssues,
        List<SelfHealingAction> healingActions,
        List<String> learningInsights,
        OptionalDouble modelImprovement,
        Duration duration,
        List<Diagnostic> diagnostics) {

    /** Rejects a blank {@code executionId}; copies the lists. */
    public EnhancedUpdateResponse {
        Copies.requireText(executionId, "executionId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(impact, "impact");
        Objects.requireNonNull(plan, "plan");
        stepResults = List.copyOf(stepResults);
        changedFiles = List.copyOf(changedFiles);
        detectedIssues = List.copyOf(detectedIssues);
        healingActions = List.copyOf(healingActions);
        learningInsights = List.copyOf(learningInsights);
        Objects.requireNonNull(modelImprovement, "modelImprovement");
        Objects.requireNonNull(duration, "duration");
        diagnostics = List.copyOf(diagnostics);
    }
}
