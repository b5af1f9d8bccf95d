/** The default implementation: `Orchestrators.builder(root)` wires every pipeline stage into an `Orchestrator`. */
@NullMarked
package dev.continuity.core;

import org.jspecify.annotations.NullMarked;
