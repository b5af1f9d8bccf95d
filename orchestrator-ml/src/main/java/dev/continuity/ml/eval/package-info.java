/**
 * The walk-forward evaluation protocol of change-mining research ({@link dev.continuity.ml.eval.ImpactEvaluation}),
 * its command ({@link dev.continuity.ml.eval.EvalImpactCommand}), a synthetic history generator and the performance
 * benchmark.
 */
@NullMarked
package dev.continuity.ml.eval;

import org.jspecify.annotations.NullMarked;
