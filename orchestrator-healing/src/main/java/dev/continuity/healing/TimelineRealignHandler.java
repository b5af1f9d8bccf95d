package dev.continuity.healing;

import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.FileKind;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.handlers.ReviewMarkingHandler;
import dev.continuity.core.project.YamlNode;
import dev.continuity.healing.internal.StoryDates;
import dev.continuity.healing.internal.StoryModel;
import dev.continuity.healing.internal.TimelineMoves;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@link EnhancedUpdateType#TIMELINE_REALIGN}: when the author moves events in a changed timeline, the chapters that
 * open with them follow. An event is moved when the chapters whose first event it is agree on one story date and the
 * changed timeline now gives it another; each such chapter (a plot or manuscript with a {@code story_date} and
 * {@code events}) gets the event's new date. The date is written in its own style and precision, and no other byte of
 * the file changes. A file of the step that opens with no moved event is marked for review, as {@code review-marking}
 * would.
 *
 * <p>The chapters reach the plan through {@link TimelineImpactPredictor}, which predicts them impacted. Events that now
 * come before a cause the author moved past them are not moved: the timeline is the author's file, and the run's heal
 * stage marks them for review with the evidence.
 */
public final class TimelineRealignHandler implements UpdateHandler {
    private static final Set<FileKind> KINDS = EnumSet.of(FileKind.PLOT, FileKind.MANUSCRIPT);
    private final ReviewMarkingHandler review = new ReviewMarkingHandler();

    /** The handler; stateless. {@link java.util.ServiceLoader} finds it ({@code discoverPlugins()}). */
    public TimelineRealignHandler() {
    }

    @Override
    public String id() {
        return "timeline-realign";
    }

    @Override
    public boolean supports(FileKind kind, EnhancedUpdateType type) {
        return type == EnhancedUpdateType.TIMELINE_REALIGN && KINDS.contains(kind);
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public HandlerResult apply(StepContext context) {
        String file = context.step().file();
        StoryModel model = StoryModel.of(context.project(), HealingConfig.of(context.project()));
        Optional<StoryModel.Chapter> chapter = model.chapters().stream().filter(c -> c.file().equals(file)).findFirst();
        TimelineMoves moves = TimelineMoves.of(model, Set.copyOf(context.change().changedFiles()));
        Optional<TimelineMoves.Move> move = chapter.flatMap(moves::of);
        if (chapter.isEmpty() || move.isEmpty() || chapter.get().storyDate().isEmpty() || chapter.get().storyDateNode().isEmpty()) {
            return review.mark(context, file, ReviewMarkingHandler.reason(context));
        }
        String text = dev.continuity.core.handlers.ScannedText.unchanged(context, file, "its new story date");
        YamlNode.Scalar node = chapter.get().storyDateNode().get();
        String old = text.substring(node.start(), node.end());
        LocalDate shifted = chapter.get().storyDate().get().plusDays(move.get().days());
        String replacement = StoryDates.format(shifted, old);
        if (replacement.equals(old)) {
            return HandlerResult.unchanged("the story date " + old.strip() + " already follows " + move.get().describe());
        }
        String updated = text.substring(0, node.start()) + replacement + text.substring(node.end());
        context.writer().write(file, updated.getBytes(StandardCharsets.UTF_8));
        return HandlerResult.updated("re-dated the story date (line " + node.line() + ") from " + old.strip() + " to " + replacement.strip()
                + ", as " + move.get().describe());
    }

}
