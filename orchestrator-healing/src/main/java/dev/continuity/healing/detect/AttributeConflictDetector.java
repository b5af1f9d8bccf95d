package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.EntityInfo;
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
import java.util.Locale;
import java.util.Optional;

/**
 * {@value IssueTypes#ATTRIBUTE_CONFLICT}: an entity's attribute written with a different value outside its
 * definition. Any YAML mapping (in a YAML file or front matter) whose subject key ({@code character}, {@code name})
 * names an entity and that has one of the compared attributes ({@code birth_date}, {@code status}, {@code home}, ...)
 * is compared with the entity's own file. Dates are compared as dates, other values as trimmed text. The
 * {@code suggestion} is the defining file's value.
 */
public final class AttributeConflictDetector extends ConfiguredDetector {
    /**
     * A detector that reads its settings from each project's {@code healing:} section ({@link HealingConfig#of}), or
     * the defaults when there is none; {@link java.util.ServiceLoader} creates it so.
     */
    public AttributeConflictDetector() {}

    /**
     * A detector with fixed settings, whatever the project's {@code continuity.yaml} says.
     *
     * @param config the settings; when they {@linkplain HealingConfig#disabled() disable} this detector, it finds nothing
     * @throws NullPointerException when {@code config} is null
     */
    public AttributeConflictDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.ATTRIBUTE_CONFLICT;
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        List<ConsistencyIssue> out = new ArrayList<>();
        for (String file : project.files()) {
            if (project.kind(file).orElse(FileKind.OTHER) == FileKind.CONFIG) {
                continue;
            }
            Documents.yaml(project, file).ifPresent(doc -> walk(project, config, file, doc, out));
        }
        return out;
    }

    private void walk(ProjectSnapshot project, HealingConfig config, String file, YamlNode node, List<ConsistencyIssue> out) {
        switch (node) {
            case YamlNode.Mapping m -> {
                compare(project, config, file, m, out);
                m.entries().values().forEach(v -> walk(project, config, file, v, out));
            }
            case YamlNode.Sequence s -> s.items().forEach(i -> walk(project, config, file, i, out));
            default -> { }
        }
    }

    private void compare(ProjectSnapshot project, HealingConfig config, String file, YamlNode.Mapping m, List<ConsistencyIssue> out) {
        for (String subjectKey : config.attributes().subjects()) {
            Optional<EntityInfo> entity = Documents.scalar(m, subjectKey).flatMap(project::entity);
            if (entity.isEmpty() || entity.get().definedIn().equals(file)) {
                continue;
            }
            EntityInfo e = entity.get();
            Optional<YamlNode.Mapping> definition = Documents.mapping(project, e.definedIn());
            if (definition.isEmpty()) {
                continue;
            }
            for (String attr : config.attributes().compared()) {
                Optional<YamlNode.Scalar> here = Documents.scalarNode(m, attr);
                Optional<YamlNode.Scalar> there = Documents.scalarNode(definition.get(), attr);
                if (here.isEmpty() || there.isEmpty() || here.get().value().isBlank() || same(here.get().value(), there.get().value())) {
                    continue;
                }
                out.add(Issues.issue(id(), id(), Severity.WARNING, file, here.get().line(), e.name() + "." + attr, Optional.of(e.name()),
                        e.name() + "'s " + attr + " is '" + here.get().value().strip() + "' here but '" + there.get().value().strip() + "' in " + e.definedIn(),
                        List.of(file + ":" + here.get().line() + ": " + attr + ": " + here.get().value().strip(),
                                e.definedIn() + ":" + there.get().line() + ": " + attr + ": " + there.get().value().strip() + " (the definition)"),
                        Optional.of(there.get().value().strip())));
            }
            return;
        }
    }

    /**
     * Whether two values agree. Dates agree when they may mean the same day: {@code 1245-03} and {@code 1245-03-15}
     * agree (one is only less precise), {@code 1245-03} and {@code 1245-04-01} do not.
     */
    private static boolean same(String a, String b) {
        Optional<java.time.LocalDate> da = StoryDates.parse(a);
        Optional<java.time.LocalDate> db = StoryDates.parse(b);
        if (da.isPresent() && db.isPresent()) {
            return !da.get().isAfter(StoryDates.parseEnd(b).orElseThrow()) && !db.get().isAfter(StoryDates.parseEnd(a).orElseThrow());
        }
        return a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT));
    }
}
