package dev.continuity.healing.fix;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.core.handlers.DerivedIndexHandler;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectConfig;
import dev.continuity.healing.IssueTypes;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Regenerates a {@value IssueTypes#STALE_DERIVED} file from its sources, with the generator the derived-index handler
 * uses ({@link DerivedIndexHandler#characterIndex}), from the state the strategy sees (during an update: the staged
 * state). The file's first heading and line endings are kept.
 */
public final class DerivedRegenerationStrategy implements FixStrategy {

    /** Creates the strategy; {@link java.util.ServiceLoader} and {@code BuiltIns} call this. */
    public DerivedRegenerationStrategy() {
    }
    @Override
    public String id() {
        return "derived-regeneration";
    }

    @Override
    public boolean canFix(ConsistencyIssue issue) {
        return issue.type().equals(IssueTypes.STALE_DERIVED);
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public FixResult apply(ConsistencyIssue issue, FixContext context) {
        if (!(context.project() instanceof Project project)) {
            return FixResult.notApplicable("derived files are declared in continuity.yaml; this snapshot has no config");
        }
        Optional<ProjectConfig.DerivedRule> rule = project.config().derived().stream().filter(d -> d.path().equals(issue.file())).findFirst();
        if (rule.isEmpty()) {
            return FixResult.notApplicable(issue.file() + " is not declared under 'derived' in continuity.yaml");
        }
        if (!rule.get().generator().equals("character-appearance-index")) {
            return FixResult.needsHuman("no built-in generator '" + rule.get().generator() + "' for " + issue.file() + "; regenerate it with its tool");
        }
        String old = context.writer().read(issue.file()).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        String heading = old.lines().filter(l -> l.startsWith("# ")).findFirst().orElse("# Character appearance index");
        String generated = DerivedIndexHandler.characterIndex(project, rule.get().sources(), Map.of(), heading, old.contains("\r\n") ? "\r\n" : "\n");
        if (generated.equals(old)) {
            return FixResult.notApplicable(issue.file() + " is already what its sources generate");
        }
        context.writer().write(issue.file(), generated.getBytes(StandardCharsets.UTF_8));
        return FixResult.applied("regenerated " + issue.file() + " (" + rule.get().generator() + ") from " + rule.get().sources().stream()
                .map(g -> g.pattern()).toList());
    }
}
