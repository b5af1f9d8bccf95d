/** The built-in update handlers: rename propagation, review marking, derived-index regeneration. */
@NullMarked
package dev.continuity.core.handlers;

import org.jspecify.annotations.NullMarked;
