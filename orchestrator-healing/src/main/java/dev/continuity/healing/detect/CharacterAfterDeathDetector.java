package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.YamlNode;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Issues;
import dev.continuity.healing.internal.StoryModel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@value IssueTypes#CHARACTER_AFTER_DEATH}: a character listed as taking part (a timeline event's
 * {@code characters}, a chapter's {@code characters} or {@code pov}, a manuscript's front matter) in something dated
 * after their {@code death_date} (or {@code departure_date}). Mentions in prose are not reported: the living remember
 * the dead. A manuscript is dated by the chapter plot it tells.
 */
public final class CharacterAfterDeathDetector extends ConfiguredDetector {
    /**
     * A detector that reads its settings from each project's {@code healing:} section ({@link HealingConfig#of}), or
     * the defaults when there is none; {@link java.util.ServiceLoader} creates it so.
     */
    public CharacterAfterDeathDetector() {}

    /**
     * A detector with fixed settings, whatever the project's {@code continuity.yaml} says.
     *
     * @param config the settings; when they {@linkplain HealingConfig#disabled() disable} this detector, it finds nothing
     * @throws NullPointerException when {@code config} is null
     */
    public CharacterAfterDeathDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.CHARACTER_AFTER_DEATH;
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        StoryModel model = StoryModel.of(project, config);
        List<ConsistencyIssue> out = new ArrayList<>();
        for (StoryModel.Event e : model.events().values()) {
            e.date().ifPresent(d -> check(model, e.file(), e.id(), "event " + e.id() + " '" + e.title() + "'", d, e.writtenDate(), e.characters(), out));
        }
        for (StoryModel.Chapter c : model.chapters()) {
            c.storyDate().ifPresent(d -> check(model, c.file(), "", c.label(), d, c.writtenDate(), c.characters(), out));
        }
        for (StoryModel.Manuscript m : model.manuscripts()) {
            m.chapter().flatMap(StoryModel.Chapter::storyDate).ifPresent(d -> check(model, m.file(), "",
                    m.file() + " (telling " + m.chapter().get().file() + ")", d, m.chapter().get().writtenDate(), m.characters(), out));
        }
        return out;
    }

    /**
     * Reports each of {@code who} dead before {@code date}. A date written without the day (or month) is a range: only
     * a part surely after the death counts, one whose earliest day is after the last day the death date may mean.
     */
    private void check(StoryModel model, String file, String where, String what, LocalDate date, String dateWritten,
                       List<YamlNode.Scalar> who, List<ConsistencyIssue> out) {
        for (YamlNode.Scalar s : who) {
            Optional<StoryModel.Person> person = model.character(s.value()).map(model.people()::get);
            if (person.isEmpty() || person.get().deathEnd().isEmpty() || !date.isAfter(person.get().deathEnd().get())) {
                continue;
            }
            StoryModel.Person p = person.get();
            String name = p.entity().name();
            String gone = p.deathKey().contains("depart") ? "left the story" : "died";
            String subject = name + (where.isEmpty() ? "" : "@" + where);
            if (out.stream().anyMatch(i -> i.id().equals(Issues.id(id(), file, subject)))) {
                continue;
            }
            out.add(Issues.issue(id(), id(), Severity.ERROR, file, s.line(), subject, Optional.of(name),
                    name + " " + gone + " on " + p.deathWritten() + " but takes part in " + what + " on " + dateWritten,
                    List.of(name + " " + gone + " on " + p.deathWritten() + " (" + p.entity().definedIn() + ":" + p.deathLine() + ", " + p.deathKey() + ")",
                            what + " is dated " + dateWritten + " and lists '" + s.value() + "' (" + file + ":" + s.line() + ")"),
                    Optional.empty()));
        }
    }
}
