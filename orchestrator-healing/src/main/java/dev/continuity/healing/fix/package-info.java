/**
 * The built-in {@link dev.continuity.api.spi.FixStrategy}s. Each edits by replacing exact spans (every other byte of
 * a file stays as it was), writes only through the context's writer, and says honestly what it did: {@code APPLIED}
 * only when it staged a change, {@code NEEDS_HUMAN} with the evidence when the fix is not safe to make.
 */
@NullMarked
package dev.continuity.healing.fix;

import org.jspecify.annotations.NullMarked;
