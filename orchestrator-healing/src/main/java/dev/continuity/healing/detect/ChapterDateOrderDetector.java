package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Issues;
import dev.continuity.healing.internal.StoryDates;
import dev.continuity.healing.internal.StoryModel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@value IssueTypes#CHAPTER_DATE_ORDER}: in reading order (volume, chapter), a chapter whose story date runs
 * backwards against the chapter before it. Of the two, the one whose date disagrees with the timeline date of the
 * events it tells is reported (the later one when both or neither do). Chapters marked {@code flashback: true} are
 * exempt. A story date written without the day (or month) is the whole month (or year): it runs backwards only when
 * all of it lies before the chapter before. The {@code suggestion} is the date of the chapter's first event when that
 * restores the order.
 */
public final class ChapterDateOrderDetector extends ConfiguredDetector {
    /**
     * A detector that reads its settings from each project's {@code healing:} section ({@link HealingConfig#of}), or
     * the defaults when there is none; {@link java.util.ServiceLoader} creates it so.
     */
    public ChapterDateOrderDetector() {}

    /**
     * A detector with fixed settings, whatever the project's {@code continuity.yaml} says.
     *
     * @param config the settings; when they {@linkplain HealingConfig#disabled() disable} this detector, it finds nothing
     * @throws NullPointerException when {@code config} is null
     */
    public ChapterDateOrderDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.CHAPTER_DATE_ORDER;
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        StoryModel model = StoryModel.of(project, config);
        List<StoryModel.Chapter> dated = model.chapters().stream()
                .filter(c -> c.storyDate().isPresent() && c.volume().isPresent() && c.chapter().isPresent() && !c.flashback()).toList();
        List<ConsistencyIssue> out = new ArrayList<>();
        for (int i = 1; i < dated.size(); i++) {
            StoryModel.Chapter prev = dated.get(i - 1);
            StoryModel.Chapter cur = dated.get(i);
            if (!end(cur).isBefore(start(prev))) {
                continue;
            }
            boolean prevOff = disagreesWithTimeline(model, prev);
            boolean curOff = disagreesWithTimeline(model, cur);
            StoryModel.Chapter wrong = prevOff && !curOff ? prev : cur;
            StoryModel.Chapter before = wrong == cur ? prev : (i >= 2 ? dated.get(i - 2) : null);
            StoryModel.Chapter after = wrong == cur ? (i + 1 < dated.size() ? dated.get(i + 1) : null) : cur;
            List<String> evidence = new ArrayList<>();
            evidence.add(prev.label() + " is dated " + written(prev));
            evidence.add(cur.label() + " is dated " + written(cur));
            for (StoryModel.Chapter c : List.of(prev, cur)) {
                model.eventDate(c).ifPresent(d -> evidence.add("the timeline dates the events of " + c.label() + " " + c.events() + " from " + d));
            }
            Optional<LocalDate> fix = model.eventDate(wrong).filter(d -> (before == null || !d.isBefore(start(before)))
                    && (after == null || !d.isAfter(end(after))));
            int line = wrong.storyDateNode().map(n -> n.line()).orElse(wrong.node().line());
            out.add(Issues.issue(id(), id(), Severity.WARNING, wrong.file(), line, "story_date", Optional.empty(),
                    "the story date " + written(wrong) + " runs backwards against " + (wrong == cur ? "the chapter before" : "the chapter after")
                            + " (" + written(wrong == cur ? prev : cur) + ")", evidence, fix.map(LocalDate::toString)));
            if (wrong == prev) {
                i++;
            }
        }
        return out;
    }

    /** The first day of the chapter's story date (of its month or year when it is written without the day). */
    private static LocalDate start(StoryModel.Chapter c) {
        return c.storyDate().orElseThrow();
    }

    /** The last day of the chapter's story date: a month- or year-only date is the whole month or year. */
    private static LocalDate end(StoryModel.Chapter c) {
        return c.storyDateNode().flatMap(n -> StoryDates.parseEnd(n.value())).orElse(start(c));
    }

    /** The story date as written. */
    private static String written(StoryModel.Chapter c) {
        return c.storyDateNode().map(n -> n.value().strip()).orElse(String.valueOf(c.storyDate().orElse(null)));
    }

    private static boolean disagreesWithTimeline(StoryModel model, StoryModel.Chapter c) {
        return model.eventDate(c).map(d -> d.isBefore(start(c)) || d.isAfter(end(c))).orElse(false);
    }
}
