/** Stage 4: turning an impact analysis into an update plan, ordered by critical-path list scheduling. */
@NullMarked
package dev.continuity.core.plan;

import org.jspecify.annotations.NullMarked;
