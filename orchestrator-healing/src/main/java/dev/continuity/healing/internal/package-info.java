/** Implementation details of the healing module: not part of its API, may change without notice. */
@NullMarked
package dev.continuity.healing.internal;

import org.jspecify.annotations.NullMarked;
