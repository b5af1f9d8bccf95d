package dev.continuity.api;

import java.util.List;
import java.util.Objects;

/**
 * Another way to carry out the same update, as the specification's {@code alternative_approaches}.
 *
 * @param method               a short name such as {@code sequential-safe}
 * @param description          what it does
 * @param estimatedTimeSeconds its predicted duration, from the plan's step estimates
 * @param riskLevel            its risk
 * @param filesUpdated         how many files it would update
 * @param advantages           why one would choose it
 */
public record AlternativeApproach(String method, String description, double estimatedTimeSeconds, RiskLevel riskLevel, int filesUpdated, List<String> advantages) {
    /** Rejects a blank {@code method} and a negative or NaN {@code estimatedTimeSeconds}; copies {@code advantages}. */
    public AlternativeApproach {
        Copies.requireText(method, "method");
        Objects.requireNonNull(description, "description");
        if (!(estimatedTimeSeconds >= 0)) {
            throw new IllegalArgumentException("estimatedTimeSeconds must be >= 0, was " + estimatedTimeSeconds);
        }
        Objects.requireNonNull(riskLevel, "riskLevel");
        advantages = List.copyOf(advantages);
    }
}
