package dev.continuity.ml.history;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What {@link GitHistoryMiner} keeps.
 *
 * @param includeRegex       content files are the paths that fully match this regular expression
 * @param maxFilesPerCommit  commits touching more content files than this are dropped (bulk edits)
 * @param startRef           the ref whose history is mined
 */
public record GitMiningOptions(String includeRegex, int maxFilesPerCommit, String startRef) {

    /** The default limit of content files per commit: a commit touching more is a bulk edit and dropped. */
    public static final int MAX_FILES_PER_COMMIT = 30;

    /**
     * Rejects an include pattern that is not a valid regular expression (naming where it fails), fewer than 1 file per
     * commit, a blank start ref, and nulls.
     */
    public GitMiningOptions {
        Objects.requireNonNull(includeRegex, "includeRegex");
        Objects.requireNonNull(startRef, "startRef");
        try {
            Pattern.compile(includeRegex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("includeRegex is not a valid regular expression: " + includeRegex + " ("
                    + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "") + ")", e);
        }
        if (maxFilesPerCommit < 1) {
            throw new IllegalArgumentException("maxFilesPerCommit must be >= 1, got " + maxFilesPerCommit);
        }
        if (startRef.isBlank()) {
            throw new IllegalArgumentException("startRef must not be blank");
        }
    }

    /** Content files matching {@code includeRegex}; at most 30 files per commit; history of {@code HEAD}. */
    public static GitMiningOptions including(String includeRegex) {
        return new GitMiningOptions(includeRegex, MAX_FILES_PER_COMMIT, "HEAD");
    }

    /** The compiled include pattern. */
    public Pattern includePattern() {
        return Pattern.compile(includeRegex);
    }

    /** Whether {@code path} is a content file. */
    public boolean isContent(String path) {
        return includePattern().matcher(path).matches();
    }
}
