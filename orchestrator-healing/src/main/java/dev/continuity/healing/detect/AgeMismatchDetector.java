package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.YamlNode;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Documents;
import dev.continuity.healing.internal.Issues;
import dev.continuity.healing.internal.StoryModel;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@value IssueTypes#AGE_MISMATCH}: an age that does not fit the birth date and the date it is given for: a character
 * sheet's {@code age_at_start} against the story's start (the configured {@code timeline.storyStart}, else the
 * earliest timeline event), and {@code ages: {name: n}} of dated events and chapters against their date.
 */
public final class AgeMismatchDetector extends ConfiguredDetector {
    /**
     * A detector that reads its settings from each project's {@code healing:} section ({@link HealingConfig#of}), or
     * the defaults when there is none; {@link java.util.ServiceLoader} creates it so.
     */
    public AgeMismatchDetector() {}

    /**
     * A detector with fixed settings, whatever the project's {@code continuity.yaml} says.
     *
     * @param config the settings; when they {@linkplain HealingConfig#disabled() disable} this detector, it finds nothing
     * @throws NullPointerException when {@code config} is null
     */
    public AgeMismatchDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.AGE_MISMATCH;
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        StoryModel model = StoryModel.of(project, config);
        List<ConsistencyIssue> out = new ArrayList<>();
        Optional<LocalDate> start = model.storyStart();
        String ageKey = config.characters().ageAtStart();
        for (StoryModel.Person p : model.people().values()) {
            Optional<YamlNode.Scalar> age = Documents.scalarNode(p.node(), ageKey);
            if (start.isEmpty() || p.birth().isEmpty() || age.isEmpty()) {
                continue;
            }
            check(p, age.get(), start.get(), start.get(), start.get().toString(), p.entity().definedIn(), ageKey, "the story's start", out);
        }
        String agesKey = config.characters().ages();
        for (StoryModel.Event e : model.events().values()) {
            e.date().ifPresent(d -> ages(model, e.node(), agesKey, d, e.dateEnd().orElse(d), e.writtenDate(), e.file(), "event " + e.id(), out));
        }
        for (StoryModel.Chapter c : model.chapters()) {
            c.storyDate().ifPresent(d -> ages(model, c.node(), agesKey, d, c.storyDateEnd().orElse(d), c.writtenDate(), c.file(), c.label(), out));
        }
        return out;
    }

    private void ages(StoryModel model, YamlNode.Mapping node, String key, LocalDate from, LocalDate to, String written, String file,
                      String what, List<ConsistencyIssue> out) {
        node.get(key).flatMap(Documents::asMapping).ifPresent(ages -> {
            for (Map.Entry<String, YamlNode> e : ages.entries().entrySet()) {
                Optional<StoryModel.Person> p = model.character(e.getKey()).map(model.people()::get);
                if (p.isPresent() && p.get().birth().isPresent() && e.getValue() instanceof YamlNode.Scalar s) {
                    check(p.get(), s, from, to, written, file, key + "." + e.getKey(), what, out);
                }
            }
        });
    }

    /**
     * Reports an age that cannot be right. A date written without the day (or month) is a range, so the age is a
     * range too: from the youngest (born as late, seen as early as the dates allow) to the oldest; an age inside it
     * is not reported.
     */
    private void check(StoryModel.Person p, YamlNode.Scalar age, LocalDate from, LocalDate to, String at, String file, String key,
                       String what, List<ConsistencyIssue> out) {
        int written;
        try {
            written = Integer.parseInt(age.value().strip().replaceAll("歳$", ""));
        } catch (NumberFormatException e) {
            return;
        }
        int youngest = Period.between(p.birthEnd().orElseThrow(), from).getYears();
        int oldest = Period.between(p.birth().orElseThrow(), to).getYears();
        if (written >= youngest && written <= oldest) {
            return;
        }
        String actual = youngest == oldest ? Integer.toString(youngest) : youngest + " to " + oldest;
        int suggested = written < youngest ? youngest : oldest;
        String name = p.entity().name();
        out.add(Issues.issue(id(), id(), Severity.WARNING, file, age.line(), name + "@" + key, Optional.of(name),
                name + " is " + actual + " at " + what + " (" + at + "), but " + key + " says " + written,
                List.of(name + " was born on " + p.birthWritten() + " (" + p.entity().definedIn() + ":" + p.birthLine() + ")",
                        what + " is " + at + ": " + actual + " years later",
                        file + ":" + age.line() + ": " + key + ": " + age.value().strip()),
                Optional.of(Integer.toString(suggested))));
    }
}
