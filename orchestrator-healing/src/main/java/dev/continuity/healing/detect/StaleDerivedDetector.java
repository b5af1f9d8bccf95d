package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.handlers.DerivedIndexHandler;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectConfig;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Issues;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@value IssueTypes#STALE_DERIVED}: a derived file (declared under {@code derived:} in {@code continuity.yaml}) whose
 * content no longer matches what its sources generate. For the {@code character-appearance-index} generator the index
 * is regenerated in memory ({@link DerivedIndexHandler#characterIndex}) and compared by meaning, not by bytes
 * ({@link DerivedIndexHandler#differences}): which files each character's row lists, whatever the table's layout. The
 * update's {@code derived-index} step uses the same measure, so a file this detector calls fresh is not rewritten. A
 * missing derived file is stale too.
 */
public final class StaleDerivedDetector extends ConfiguredDetector {
    /**
     * A detector that reads its settings from each project's {@code healing:} section ({@link HealingConfig#of}), or
     * the defaults when there is none; {@link java.util.ServiceLoader} creates it so.
     */
    public StaleDerivedDetector() {}

    /**
     * A detector with fixed settings, whatever the project's {@code continuity.yaml} says.
     *
     * @param config the settings; when they {@linkplain HealingConfig#disabled() disable} this detector, it finds nothing
     * @throws NullPointerException when {@code config} is null
     */
    public StaleDerivedDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.STALE_DERIVED;
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        if (!(project instanceof Project p)) {
            return List.of();
        }
        List<ConsistencyIssue> out = new ArrayList<>();
        for (ProjectConfig.DerivedRule rule : p.config().derived()) {
            if (!rule.generator().equals("character-appearance-index")) {
                continue;
            }
            Optional<String> current = p.text(rule.path());
            String generated = DerivedIndexHandler.characterIndex(p, rule.sources(), Map.of(), "# index", "\n");
            if (current.isEmpty()) {
                out.add(Issues.issue(id(), id(), Severity.WARNING, rule.path(), 0, "missing", Optional.empty(),
                        rule.path() + " is declared as derived (" + rule.generator() + ") but does not exist",
                        List.of("continuity.yaml declares " + rule.path() + " with sources " + rule.sources().stream().map(g -> g.pattern()).toList()),
                        Optional.empty()));
                continue;
            }
            List<String> differences = DerivedIndexHandler.differences(p, generated, current.get());
            if (!differences.isEmpty()) {
                List<String> evidence = new ArrayList<>(differences.stream().limit(8).toList());
                if (differences.size() > 8) {
                    evidence.add("… and " + (differences.size() - 8) + " more difference(s)");
                }
                out.add(Issues.issue(id(), id(), Severity.WARNING, rule.path(), 0, rule.generator(), Optional.empty(),
                        rule.path() + " is out of date with its sources (" + differences.size() + " difference(s))", evidence, Optional.empty()));
            }
        }
        return out;
    }
}
