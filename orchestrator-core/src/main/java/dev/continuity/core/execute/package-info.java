/** Stage 6: running the steps of a plan through their handlers, with staged writes and live tracking. */
@NullMarked
package dev.continuity.core.execute;

import org.jspecify.annotations.NullMarked;
