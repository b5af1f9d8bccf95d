/**
 * The built-in {@link dev.continuity.api.spi.IssueDetector}s. Each reports one issue type (its {@code id()}), reads
 * its keys from the {@code healing:} section of {@code continuity.yaml} (or a {@link dev.continuity.healing.HealingConfig}
 * given to its constructor) and names the file, line, entity and evidence of every issue.
 */
@NullMarked
package dev.continuity.healing.detect;

import org.jspecify.annotations.NullMarked;
