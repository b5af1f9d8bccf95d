package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FileKind;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.YamlNode;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Documents;
import dev.continuity.healing.internal.Issues;
import dev.continuity.healing.internal.StoryDates;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@value IssueTypes#SCHEMA_VIOLATION}: a required field missing (the {@code required} rules of the config: by kind or
 * glob, at the top level or for every item of a list), or a date field (timeline {@code date}, {@code story_date},
 * {@code birth_date}, {@code death_date}) that is no valid date. Files without metadata are not checked.
 */
public final class SchemaViolationDetector extends ConfiguredDetector {
    /**
     * A detector that reads its settings from each project's {@code healing:} section ({@link HealingConfig#of}), or
     * the defaults when there is none; {@link java.util.ServiceLoader} creates it so.
     */
    public SchemaViolationDetector() {}

    /**
     * A detector with fixed settings, whatever the project's {@code continuity.yaml} says.
     *
     * @param config the settings; when they {@linkplain HealingConfig#disabled() disable} this detector, it finds nothing
     * @throws NullPointerException when {@code config} is null
     */
    public SchemaViolationDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.SCHEMA_VIOLATION;
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        List<ConsistencyIssue> out = new ArrayList<>();
        List<String> dateKeys = List.of(config.timeline().date(), config.chapters().storyDate(), config.characters().birthDate(),
                config.characters().deathDate(), config.characters().departureDate());
        for (String file : project.files()) {
            FileKind kind = project.kind(file).orElse(FileKind.OTHER);
            Optional<YamlNode.Mapping> doc = Documents.mapping(project, file);
            if (doc.isEmpty() || kind == FileKind.CONFIG) {
                continue;
            }
            for (HealingConfig.Required rule : config.required()) {
                if (!rule.appliesTo(file, kind)) {
                    continue;
                }
                if (rule.list().isPresent()) {
                    List<YamlNode.Mapping> items = Documents.mappings(doc.get(), rule.list().get());
                    for (int i = 0; i < items.size(); i++) {
                        YamlNode.Mapping item = items.get(i);
                        String label = rule.list().get() + "[" + Documents.scalar(item, "id").orElse(Integer.toString(i + 1)) + "]";
                        missing(file, item, label, rule.fields(), out);
                    }
                } else {
                    missing(file, doc.get(), "", rule.fields(), out);
                }
            }
            badDates(file, doc.get(), dateKeys, out);
        }
        return out;
    }

    private void missing(String file, YamlNode.Mapping m, String label, List<String> fields, List<ConsistencyIssue> out) {
        for (String field : fields) {
            if (!Documents.present(m, field)) {
                String where = label.isEmpty() ? field : label + "." + field;
                out.add(Issues.issue(id(), id(), Severity.WARNING, file, m.line(), where, Optional.empty(),
                        "required field '" + field + "' is missing" + (label.isEmpty() ? "" : " in " + label),
                        List.of(file + ":" + m.line() + ": " + (label.isEmpty() ? "the file" : label) + " has " + m.entries().keySet(),
                                "required: " + fields), Optional.empty()));
            }
        }
    }

    private void badDates(String file, YamlNode node, List<String> dateKeys, List<ConsistencyIssue> out) {
        switch (node) {
            case YamlNode.Mapping m -> m.entries().forEach((k, v) -> {
                if (dateKeys.contains(k) && v instanceof YamlNode.Scalar s && !s.value().isBlank() && StoryDates.looksLikeDate(s.value())
                        && StoryDates.parse(s.value()).isEmpty()) {
                    out.add(Issues.issue(id(), id(), Severity.WARNING, file, s.line(), k + "=" + s.value().strip(), Optional.empty(),
                            "'" + s.value().strip() + "' is no valid date (" + k + ")", List.of(file + ":" + s.line() + ": " + k + ": " + s.value().strip()),
                            Optional.empty()));
                } else {
                    badDates(file, v, dateKeys, out);
                }
            });
            case YamlNode.Sequence s -> s.items().forEach(i -> badDates(file, i, dateKeys, out));
            default -> { }
        }
    }
}
