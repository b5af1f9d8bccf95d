package dev.continuity.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One step of a plan: one handler applied to one file.
 *
 * @param id                 unique within the plan
 * @param file               the file the step updates, relative to the project root
 * @param kind               the file's kind
 * @param handlerId          the {@link dev.continuity.api.spi.UpdateHandler#id() handler} that performs it
 * @param service            the service the handler calls ({@code local} for none); resilience is per service
 * @param dependsOn          ids of the steps that must finish first
 * @param estimatedDuration  the predicted duration
 * @param risk               the risk of the step
 * @param failureProbability the predicted probability that the step fails, in [0, 1]
 * @param reasons            why the step exists (the impact explanation)
 */
public record UpdateStep(
        String id,
        String file,
        FileKind kind,
        String handlerId,
        String service,
        List<String> dependsOn,
        Duration estimatedDuration,
        RiskLevel risk,
        double failureProbability,
        List<String> reasons) {

    /**
     * Rejects a blank {@code id}, {@code file}, {@code handlerId} or {@code service}, a step that depends on itself, a
     * negative duration and a {@code failureProbability} outside [0, 1]; copies the lists.
     */
    public UpdateStep {
        Copies.requireText(id, "id");
        Copies.requireText(file, "file");
        Objects.requireNonNull(kind, "kind");
        Copies.requireText(handlerId, "handlerId");
        Copies.requireText(service, "service");
        dependsOn = List.copyOf(dependsOn);
        if (dependsOn.contains(id)) {
            throw new IllegalArgumentException("step " + id + " depends on itself");
        }
        if (estimatedDuration.isNegative()) {
            throw new IllegalArgumentException("estimatedDuration must not be negative, was " + estimatedDuration);
        }
        Objects.requireNonNull(risk, "risk");
        Copies.requireProbability(failureProbability, "failureProbability");
        reasons = List.copyOf(reasons);
    }
}
