/**
 * Learned impact prediction: {@link dev.continuity.ml.TribuoImpactPredictor}, an
 * {@link dev.continuity.api.spi.ImpactPredictor} found by {@link java.util.ServiceLoader}, trained on the project's
 * own history and git log.
 *
 * <p>Exported: {@code dev.continuity.ml} (the predictor, its options and reports), {@code dev.continuity.ml.features}
 * (the {@code FeatureExtractor} SPI), {@code dev.continuity.ml.history} (the history file, git mining, the co-change
 * index) and {@code dev.continuity.ml.model} (training, calibration, the stored models); no exported signature has a
 * Tribuo or JGit type. The rest of the pipeline ({@code git}, {@code eval}) is implementation and is not exported.
 */
module dev.continuity.ml {
    requires transitive dev.continuity.api;
    requires transitive dev.continuity.core;
    requires static org.jspecify;

    requires org.eclipse.jgit;
    requires org.tribuo.core;
    requires org.tribuo.math;
    requires org.tribuo.classification.core;
    requires org.tribuo.classification.sgd;
    requires org.tribuo.classification.dtree;
    requires org.tribuo.common.tree;
    requires com.oracle.labs.mlrg.olcut;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires java.logging;

    exports dev.continuity.ml;
    exports dev.continuity.ml.features;
    exports dev.continuity.ml.history;
    exports dev.continuity.ml.model;

    provides dev.continuity.api.spi.ImpactPredictor with dev.continuity.ml.TribuoImpactPredictor;
}
