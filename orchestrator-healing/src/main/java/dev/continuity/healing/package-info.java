/**
 * Self-healing: the {@link dev.continuity.healing.SelfHealingEngine} (the heal stage of the pipeline), the
 * {@link dev.continuity.healing.ConsistencyVerifier}, the {@link dev.continuity.healing.FixStrategyRegistry} and its
 * {@link dev.continuity.healing.HealingPolicy}, and the {@link dev.continuity.healing.HealingConfig} read from the
 * {@code healing:} section of {@code continuity.yaml}. Detectors are in {@code dev.continuity.healing.detect},
 * strategies in {@code dev.continuity.healing.fix}.
 */
@NullMarked
package dev.continuity.healing;

import org.jspecify.annotations.NullMarked;
