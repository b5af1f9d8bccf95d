package dev.continuity.healing;

import dev.continuity.api.FileKind;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.spi.ImpactPredictor;
import dev.continuity.api.spi.ImpactQuery;
import dev.continuity.healing.internal.StoryModel;
import dev.continuity.healing.internal.TimelineMoves;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Predicts the chapters a timeline change impacts: those that open with an event the author moved (see
 * {@link TimelineRealignHandler}). A chapter names its events by id ({@code events: [E2]}), which is no reference the
 * dependency graph follows, so without this predictor no chapter would be planned when only the timeline changed. Each
 * is impacted with confidence {@value #CONFIDENCE} and the move as the reason.
 */
public final class TimelineImpactPredictor implements ImpactPredictor {
    /** The confidence of a chapter whose opening event moved: its story date no longer matches the timeline. */
    public static final double CONFIDENCE = 0.95;

    /** The predictor; stateless. {@link java.util.ServiceLoader} finds it ({@code discoverPlugins()}). */
    public TimelineImpactPredictor() {
    }

    @Override
    public String id() {
        return "timeline";
    }

    @Override
    public List<ImpactedFile> predict(ImpactQuery query) {
        if (query.change().changedFiles().stream().noneMatch(f -> query.project().kind(f).filter(k -> k == FileKind.TIMELINE).isPresent())) {
            return List.of();      // only a changed timeline moves events: no story model to build for any other change
        }
        StoryModel model = StoryModel.of(query.project(), HealingConfig.of(query.project()));
        Set<String> changed = Set.copyOf(query.change().changedFiles());
        TimelineMoves moves = TimelineMoves.of(model, changed);
        if (moves.isEmpty()) {
            return List.of();
        }
        List<ImpactedFile> out = new ArrayList<>();
        for (StoryModel.Chapter chapter : model.chapters()) {
            Optional<TimelineMoves.Move> move = moves.of(chapter);
            if (move.isPresent() && !changed.contains(chapter.file())) {
                FileKind kind = query.project().kind(chapter.file()).orElse(FileKind.OTHER);
                out.add(new ImpactedFile(chapter.file(), kind, CONFIDENCE, RiskLevel.MEDIUM, 1,
                        List.of("opens with " + move.get().describe() + ": its story date " + chapter.writtenDate() + " follows"), id()));
            }
        }
        return out;
    }
}
