/**
 * A custom consistency rule that is not built in: in metadata (YAML keys and front matter), places are written by
 * their canonical name, aliases being for prose. A detector reports the aliases, a fix strategy writes the canonical
 * name; both are registered with {@link java.util.ServiceLoader} ({@code META-INF/services}), so
 * {@code discoverPlugins()} and {@code continuity heal} use them.
 */
@NullMarked
package dev.continuity.examples.healing;

import org.jspecify.annotations.NullMarked;
