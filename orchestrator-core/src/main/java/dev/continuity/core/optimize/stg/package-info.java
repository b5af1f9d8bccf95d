/**
 * The Standard Task Graph Set (Kasahara and Tobita, Waseda University) as a benchmark for the
 * optimiser: {@link dev.continuity.core.optimize.stg.StgReader} reads instances, {@link
 * dev.continuity.core.optimize.stg.StgOptima} the published optima, and {@link
 * dev.continuity.core.optimize.stg.StgBenchmark} compares the genetic optimiser with CP/MISF, the
 * lower bound and the optima.
 */
@NullMarked
package dev.continuity.core.optimize.stg;

import org.jspecify.annotations.NullMarked;
