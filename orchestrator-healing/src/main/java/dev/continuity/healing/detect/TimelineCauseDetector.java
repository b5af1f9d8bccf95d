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
    /**
     * A detector that reads its settings from each project's {@code healing:} section ({@link HealingConfig#of}), or
     * the defaults when there is none; {@link java.util.ServiceLoader} creates it so.
     */
    public TimelineCauseDetector() {}

    /**
     * A detector with fixed settings, whatever the project's {@code continuity.yaml} says.
     *
     * @param config the settings; when they {@linkplain HealingConfig#disabled() disable} this detector, it finds nothing
     * @throws NullPointerException when {@code config} is null
     */
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
                if (surelyBefore(effect, cause)) {
                    List<String> evidence = new ArrayList<>(List.of(describe(effect), "its cause " + describe(cause)));
                    Optional<LocalDate> corroborated = model.corroboratedDate(effect);
                    model.chaptersTelling(effect.id()).forEach(ch -> evidence.add(ch.label() + " tells " + effect.id() + " on "
                            + (ch.storyDate().isPresent() ? ch.writtenDate() : "an unknown date")));
                    int line = effect.dateNode().map(n -> n.line()).orElse(effect.line());
                    out.add(Issues.issue(id(), id(), Severity.ERROR, effect.file(), line, subject, Optional.of(effect.id()),
                            effect.id() + " is dated " + effect.writtenDate() + ", before its cause " + cause.id() + " (" + cause.writtenDate() + ")",
                            evidence, corroborated.map(LocalDate::toString)));
                } else if (effect.file().equals(cause.file()) && effect.index() < cause.index()) {
                    out.add(Issues.issue(id(), id(), Severity.WARNING, effect.file(), effect.line(), subject, Optional.of(effect.id()),
                            effect.id() + " is listed before its cause " + cause.id(),
                            List.of(describe(effect) + ", entry " + (effect.index() + 1), "its cause " + describe(cause) + ", entry " + (cause.index() + 1)),
                            Optional.of("move " + effect.id() + " after " + cause.id())));
                }
            }
        }
        return out;
    }

    /**
     * Whether the effect's date is before its cause's for sure: a date written without the day (or month) is a range,
     * and the effect's last possible day must come before the cause's first.
     */
    private static boolean surelyBefore(StoryModel.Event effect, StoryModel.Event cause) {
        return effect.dateEnd().isPresent() && cause.date().isPresent() && effect.dateEnd().get().isBefore(cause.date().get());
    }

    static String describe(StoryModel.Event e) {
        return e.id() + " '" + e.title() + "' on " + e.writtenDate() + " (" + e.file() + ":" + e.line() + ")";
    }
}
