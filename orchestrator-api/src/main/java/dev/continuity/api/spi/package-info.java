/**
 * Extension points. Each SPI has one abstract method; the rest are {@code default} methods so that the SPI can
 * grow without breaking implementations. Register implementations on the orchestrator's builder; discovery through
 * {@link java.util.ServiceLoader} is opt-in. Every call into an implementation is guarded: what it throws is caught,
 * logged with its {@code id()} and contained as each SPI says, and counted in
 * {@code continuity.plugin.failures{plugin=<id>}}; a handler's failure is a failed step instead, in the run's results
 * and its step metrics.
 */
@NullMarked
package dev.continuity.api.spi;

import org.jspecify.annotations.NullMarked;
