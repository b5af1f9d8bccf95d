/**
 * Test support for code that uses Continuity: {@link dev.continuity.testkit.ContinuityExtension} (a fresh copy of a
 * template project per test, an orchestrator wired to it, a fixed clock), {@link dev.continuity.testkit.FaultyHandler}
 * and {@link dev.continuity.testkit.FaultyStrategy} (plugins that fail, hang or are slow on purpose),
 * {@link dev.continuity.testkit.ContinuityAssertions} (AssertJ assertions), and
 * {@link dev.continuity.testkit.FixStrategyContractTest} (the contract every {@code FixStrategy} must honour).
 * See {@code docs/testkit.md}.
 */
@NullMarked
package dev.continuity.testkit;

import org.jspecify.annotations.NullMarked;
