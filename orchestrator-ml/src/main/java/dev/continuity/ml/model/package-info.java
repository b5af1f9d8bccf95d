/**
 * Training data and models: rows built walking the history forward ({@link dev.continuity.ml.model.HistoryWalker},
 * {@link dev.continuity.ml.model.QueryRowBuilder}), Tribuo logistic regression and random forests selected and
 * calibrated on time-later held-out data ({@link dev.continuity.ml.model.ModelTrainer}), the trained
 * {@link dev.continuity.ml.model.ImpactModel} and its storage ({@link dev.continuity.ml.model.ModelStore}).
 */
@NullMarked
package dev.continuity.ml.model;

import org.jspecify.annotations.NullMarked;
