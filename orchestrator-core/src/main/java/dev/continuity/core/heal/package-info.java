/**
 * The heal stage's contract: {@link dev.continuity.core.heal.HealingStage} detects consistency issues on a (staged)
 * project state and fixes what it can. The core holds only this contract and a detect-only fallback; the engine is
 * {@code orchestrator-healing}'s, found with {@link java.util.ServiceLoader} or set on the builder.
 */
@NullMarked
package dev.continuity.core.heal;

import org.jspecify.annotations.NullMarked;
