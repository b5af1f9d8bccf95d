package dev.continuity.api;

import java.util.List;
import java.util.Optional;

/**
 * A file changed on disk after the run scanned it (the author kept writing) and the change could not be merged:
 * either adaptive merge is off, or the three-way merge found conflicting lines. Nothing was overwritten.
 * Names the file, the step and the conflicting lines (1-based, in the file as it is on disk now).
 */
public class ConcurrentEditException extends OrchestratorException {
    /** Relative to the project root. */
    private final String file;
    /** The step whose write collided, or {@code null} when not known. */
    private final String stepId;
    /** 1-based, in the on-disk file; empty when no merge was attempted. */
    private final List<Integer> conflictingLines;

    /**
     * A write of {@code file} collided with an edit made on disk since the scan.
     *
     * @param file             relative to the project root
     * @param stepId           the step whose write collided, or {@code null} when not known
     * @param conflictingLines 1-based line numbers in the on-disk file; empty when no merge was attempted
     * @param detail           what happened
     */
    public ConcurrentEditException(String file, String stepId, List<Integer> conflictingLines, String detail) {
        super(file + " was changed on disk after the scan" + (stepId == null ? "" : " (step '" + stepId + "')") + ": " + detail
                + (conflictingLines.isEmpty() ? "" : "; conflicting lines " + conflictingLines));
        this.file = file;
        this.stepId = stepId;
        this.conflictingLines = List.copyOf(conflictingLines);
    }

    /** {@return the file, relative to the project root} */
    public String file() {
        return file;
    }

    /** {@return the step whose write collided; empty when not known} */
    public Optional<String> stepId() {
        return Optional.ofNullable(stepId);
    }

    /** {@return the 1-based line numbers of the conflicts in the on-disk file; empty when no merge was attempted} */
    public List<Integer> conflictingLines() {
        return conflictingLines;
    }
}
