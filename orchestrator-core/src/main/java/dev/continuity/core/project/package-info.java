/** Stage 1: scanning a project root into files, kinds, parsed metadata, entities and resolved references. */
@NullMarked
package dev.continuity.core.project;

import org.jspecify.annotations.NullMarked;
