/** Stage 2: the JGraphT dependency graph of files and entities, reachability with explanations, strongly connected groups. */
@NullMarked
package dev.continuity.core.graph;

import org.jspecify.annotations.NullMarked;
