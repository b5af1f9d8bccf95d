/** Stage 5: sequence optimisers that order and schedule a plan. */
@NullMarked
package dev.continuity.core.optimize;

import org.jspecify.annotations.NullMarked;
