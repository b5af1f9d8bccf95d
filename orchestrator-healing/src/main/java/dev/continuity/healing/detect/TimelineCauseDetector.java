package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Issues;
import dev.continuity.healing.internal.StoryModel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@value IssueTypes#TIMELINE_CAUSE_ORDER}: a timeline event dated before one of its causes (an ERROR), or listed
 * before it in the same timeline although dated after it (a WARNING). The issue's {@code entity} is the event's id;
 * its subject is {@code EFFECT<CAUSE}. When a chapter that tells the event is dated within the window its causes and
 * effects leave, that date is the {@code suggestion}.
 */
public final class TimelineCauseDetector extends ConfiguredDetector {
    public TimelineCauseDetector() {}

    public TimelineCauseDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.TIMELINE_CAUSE_ORDER;
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        StoryModel model = StoryModel.of(project, config);
        List<ConsistencyIssue> out = new ArrayList<>();
        for (StoryModel.Event effect : model.events().values()) {
            for (String causeId : effect.causes()) {
                StoryModel.Event cause = model.events().get(causeId);
                if (cause == null || cause == effect) {
                    continue;
                }
                String subject = effect.id() + "<" + cause.id();
                if (effect.date().isPresent() && cause.date().isPresent() && effect.date().get().isBefore(cause.date().get())) {
                    List<String> evidence = new ArrayList<>(List.of(describe(effect), "its cause " + describe(cause)));
                    Optional<LocalDate> corroborated = corroboratedDate(model, effect);
                    model.chaptersTelling(effect.id()).forEach(ch -> evidence.add(ch.label() + " tells " + effect.id() + " on "
                            + ch.storyDate().map(LocalDate::toString).orElse("an unknown date")));
                    int line = effect.dateNode().map(n -> n.line()).orElse(effect.line());
                    out.add(Issues.issue(id(), id(), Severity.ERROR, effect.file(), line, subject, Optional.of(effect.id()),
                            effect.id() + " is dated " + effect.date().get() + ", before its cause " + cause.id() + " (" + cause.date().get() + ")",
                            evidence, corroborated.map(LocalDate::toString)));
                } else if (effect.file().equals(cause.file()) && effect.index() < cause.index()
                        && !(effect.date().isPresent() && cause.date().isPresent() && effect.date().get().isBefore(cause.date().get()))) {
                    out.add(Issues.issue(id(), id(), Severity.WARNING, effect.file(), effect.line(), subject, Optional.of(effect.id()),
                            effect.id() + " is listed before its cause " + cause.id(),
                            List.of(describe(effect) + ", entry " + (effect.index() + 1), "its cause " + describe(cause) + ", entry " + (cause.index() + 1)),
                            Optional.of("move " + effect.id() + " after " + cause.id())));
                }
            }
        }
        return out;
    }

    static String describe(StoryModel.Event e) {
        return e.id() + " '" + e.title() + "' on " + e.date().map(LocalDate::toString).orElse("no date") + " (" + e.file() + ":" + e.line() + ")";
    }

    /**
     * The date the chapters that tell {@code event} agree on, if exactly one and it lies after every cause and not
     * after any effect.
     */
    public static Optional<LocalDate> corroboratedDate(StoryModel model, StoryModel.Event event) {
        List<LocalDate> told = model.chaptersTelling(event.id()).stream().flatMap(c -> c.storyDate().stream()).distinct().toList();
        if (told.size() != 1) {
            return Optional.empty();
        }
        LocalDate d = told.getFirst();
        return window(model, event).contains(d) && !d.equals(event.date().orElse(null)) ? Optional.of(d) : Optional.empty();
    }

    /** The dates an event may have: not before any cause, not after any effect. */
    public static Window window(StoryModel model, StoryModel.Event event) {
        LocalDate from = LocalDate.MIN;
        LocalDate to = LocalDate.MAX;
        for (String c : event.causes()) {
            StoryModel.Event cause = model.events().get(c);
            if (cause != null && cause.date().isPresent() && cause.date().get().isAfter(from)) {
                from = cause.date().get();
            }
        }
        for (StoryModel.Event effect : model.effectsOf(event.id())) {
            if (effect.date().isPresent() && effect.date().get().isBefore(to)) {
                to = effect.date().get();
            }
        }
        return new Window(from, to);
    }

    /** A closed range of dates. */
    public record Window(LocalDate from, LocalDate to) {
        public boolean contains(LocalDate d) {
            return !d.isBefore(from) && !d.isAfter(to);
        }
    }
}
