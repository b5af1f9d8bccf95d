/** Stage 3: impact prediction (graph reachability plus learned predictors) and the impact analysis. */
@NullMarked
package dev.continuity.core.impact;

import org.jspecify.annotations.NullMarked;
