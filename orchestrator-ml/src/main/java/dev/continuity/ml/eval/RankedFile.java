package dev.continuity.ml.eval;

import java.util.Objects;

/**
 * One entry of a predictor's ranking.
 *
 * @param file       the candidate
 * @param confidence the predictor's probability that it changes with the query
 * @param tieBreak   the predictor's secondary ranking key (e.g. the raw score or the rule support); files with equal
 *                   confidence and equal tie-break are tied, and tied files are scored by expectation over their orders
 */
public record RankedFile(String file, double confidence, double tieBreak) {

    /** An entry without secondary key. */
    public RankedFile(String file, double confidence) {
        this(file, confidence, 0.0);
    }

    public RankedFile {
        Objects.requireNonNull(file, "file");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence + " for " + file);
        }
    }
}
