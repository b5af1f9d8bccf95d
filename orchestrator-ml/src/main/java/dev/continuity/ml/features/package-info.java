/**
 * Features of (change, candidate file) pairs: the {@link dev.continuity.ml.features.FeatureExtractor} SPI (one abstract
 * method), the built-in extractors ({@link dev.continuity.ml.features.BuiltinFeatures}), the guarded
 * {@link dev.continuity.ml.features.FeaturePipeline}, and the caller-supplied
 * {@link dev.continuity.ml.features.LinkGraph}.
 */
@NullMarked
package dev.continuity.ml.features;

import org.jspecify.annotations.NullMarked;
