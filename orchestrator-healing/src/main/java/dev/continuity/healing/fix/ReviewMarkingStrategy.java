package dev.continuity.healing.fix;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.core.handlers.ReviewMarkingHandler;

/**
 * The fallback for every issue: marks the file for review with the evidence, in the review-marking handler's format,
 * in the sidecar {@code <file>.review.yaml} (never in the file itself, so prose is not touched). The outcome is always
 * {@code NEEDS_HUMAN}: a mark fixes nothing. Marking the same issue twice is a no-op.
 */
public final class ReviewMarkingStrategy implements FixStrategy {

    /** Creates the strategy; {@link java.util.ServiceLoader} and {@code BuiltIns} call this. */
    public ReviewMarkingStrategy() {
    }
    @Override
    public String id() {
        return "review-marking";
    }

    @Override
    public boolean canFix(ConsistencyIssue issue) {
        return !issue.file().isBlank();
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public FixResult apply(ConsistencyIssue issue, FixContext context) {
        String evidence = String.join("; ", issue.evidence());
        String summary = issue.file() + (issue.line() > 0 ? ":" + issue.line() : "") + ": " + issue.message() + (evidence.isEmpty() ? "" : " — " + evidence);
        if (context.writer().read(issue.file()).isEmpty()) {
            return FixResult.needsHuman(summary);
        }
        String reason = "[" + issue.type() + "] " + issue.message() + (evidence.isEmpty() ? "" : " — " + evidence)
                + issue.suggestion().map(s -> " (suggestion: " + s + ")").orElse("");
        String where = ReviewMarkingHandler.sidecar(context.project(), issue.file());
        HandlerResult r;
        try {
            r = ReviewMarkingHandler.mark(context.writer(), issue.file(), where,
                    new ReviewMarkingHandler.ReviewEntry(reason, "detector " + issue.detector(), "heal:" + issue.id(), context.clock().instant()), false);
        } catch (ReviewMarkingHandler.UneditableSidecarException e) {
            return FixResult.failed(e.getMessage() + " — the issue: " + summary);
        }
        return FixResult.needsHuman((r.outcome() == StepOutcome.UPDATED ? "marked for review in " : "already marked for review in ") + where + ": " + summary);
    }
}
