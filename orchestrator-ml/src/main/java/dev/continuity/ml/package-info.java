/**
 * Learned impact prediction: {@link dev.continuity.ml.LearnedImpactPredictor} keeps a project's history, trains and
 * stores the model, predicts ranked candidates with calibrated confidences and explanations, records outcomes and
 * retrains by {@link dev.continuity.ml.RetrainingPolicy}. Options: {@link dev.continuity.ml.MlOptions}.
 *
 * <p>Pipeline packages, data flowing forward only: {@code git} (reading repositories with JGit; not exported) ->
 * {@code history} (records, store, git mining, co-change index) -> {@code features} (the extractor SPI and built-ins)
 * -> {@code model} (rows, Tribuo training, calibration, storage) -> {@code eval} (the walk-forward evaluation protocol
 * and benchmarks; not exported). The exported packages have no Tribuo or JGit type in a public signature.
 *
 * <p>Every package is {@code @NullMarked}: nothing here returns or accepts {@code null} in its public API.
 */
@NullMarked
package dev.continuity.ml;

import org.jspecify.annotations.NullMarked;
