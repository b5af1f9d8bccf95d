/** Implementation details shared by the stages; not an API, may change without notice. */
@NullMarked
package dev.continuity.core.internal;

import org.jspecify.annotations.NullMarked;
