package dev.continuity.ml;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What recording one run's outcome did.
 *
 * @param averagePrecision  the model's average precision on this run, predicted before it was recorded (NaN when
 *                          there was no model or nothing else changed)
 * @param unexpectedChanges files that changed although their confidence was below {@code sensitivity / 2}
 * @param missedPredictions files predicted with confidence at least {@code 1 - sensitivity / 2} that did not change
 * @param decision          the retraining policy's decision
 * @param retrained         the training report, when a retraining ran
 * @param insights          measured insights (drift, anomalies)
 */
public record OutcomeReport(double averagePrecision, List<String> unexpectedChanges, List<String> missedPredictions,
                            RetrainingPolicy.Decision decision, Optional<TrainingReport> retrained,
                            List<LearningInsight> insights) {
    /** Copies the lists; rejects a null {@code decision} or {@code retrained}. */
    public OutcomeReport {
        unexpectedChanges = List.copyOf(unexpectedChanges);
        missedPredictions = List.copyOf(missedPredictions);
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(retrained, "retrained");
        insights = List.copyOf(insights);
    }
}
