package dev.continuity.healing.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The events an author moved in a changed timeline: an event of a changed file whose chapters (those that open with it)
 * agree on one story date, which the timeline no longer gives it. The chapters are the witnesses of the old date.
 */
public final class TimelineMoves {
    /**
     * One moved event.
     *
     * @param event the event, as the changed timeline has it
     * @param from  the date its chapters tell
     * @param to    the date the timeline now gives
     */
    public record Move(StoryModel.Event event, LocalDate from, LocalDate to) {
        /** {@return how many days it moved, negative when earlier} */
        public long days() {
            return ChronoUnit.DAYS.between(from, to);
        }

        /** {@return "E2 (title) moved from … to … in file"} */
        public String describe() {
            return event.id() + " (" + event.title() + ") moved from " + from + " to " + to + " in " + event.file();
        }
    }

    private final Map<String, Move> byEvent;

    private TimelineMoves(Map<String, Move> byEvent) {
        this.byEvent = Map.copyOf(byEvent);
    }

    /**
     * The moves of the events defined in {@code changedFiles}.
     *
     * @param model        the story model of the project as it is now
     * @param changedFiles the files the author changed
     * @return the moves, by event id
     */
    public static TimelineMoves of(StoryModel model, Set<String> changedFiles) {
        Map<String, Move> out = new LinkedHashMap<>();
        for (StoryModel.Event e : model.events().values()) {
            if (!changedFiles.contains(e.file()) || e.date().isEmpty()) {
                continue;
            }
            List<LocalDate> told = model.chaptersTelling(e.id()).stream().filter(c -> c.events().getFirst().equals(e.id()))
                    .flatMap(c -> c.storyDate().stream()).distinct().toList();
            if (told.size() == 1 && !told.getFirst().equals(e.date().get())) {
                out.put(e.id(), new Move(e, told.getFirst(), e.date().get()));
            }
        }
        return new TimelineMoves(out);
    }

    /** {@return whether no event moved} */
    public boolean isEmpty() {
        return byEvent.isEmpty();
    }

    /**
     * The move a chapter follows: that of the event it opens with.
     *
     * @param chapter a chapter
     * @return the move of its first event, if that moved
     */
    public Optional<Move> of(StoryModel.Chapter chapter) {
        return chapter.events().isEmpty() ? Optional.empty() : Optional.ofNullable(byEvent.get(chapter.events().getFirst()));
    }
}
