/**
 * The contract of Continuity, the consistency update orchestrator.
 *
 * <p>{@link dev.continuity.api.ConsistencyUpdateOrchestrator} is the facade; the records in this
 * package are its requests, responses, analyses, plans, monitor snapshots and healing actions. The
 * extension points (handlers, predictors, optimisers, extractors, detectors, fix strategies, history
 * stores and the project writer) are in {@link dev.continuity.api.spi}. No third-party type appears in
 * any signature here, so that an implementation can replace its graph, optimisation or learning
 * library without breaking callers.
 *
 * <p>Absence is {@link java.util.Optional} or an empty collection, never {@code null}. All
 * collections held by records are unmodifiable copies.
 */
@NullMarked
package dev.continuity.api;

import org.jspecify.annotations.NullMarked;
