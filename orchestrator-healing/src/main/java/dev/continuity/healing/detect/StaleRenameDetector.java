package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FileKind;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Issues;
import dev.continuity.healing.internal.RenameHistory;
import dev.continuity.healing.internal.TextEdits;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@value IssueTypes#STALE_RENAME}: an old name left behind by a rename, one issue per file. Renames are those of the
 * running update ({@code Project.formerNames()}) and those since the last recorded scan
 * ({@code .continuity/scan-state.json}). The issue's {@code entity} is the old name, its {@code suggestion} the new
 * one. Derived files and the config are left out: derived files are regenerated instead.
 */
public final class StaleRenameDetector extends ConfiguredDetector {
    private static final Set<FileKind> SKIPPED = Set.of(FileKind.CONFIG, FileKind.DERIVED);

    /**
     * A detector that reads its settings from each project's {@code healing:} section ({@link HealingConfig#of}), or
     * the defaults when there is none; {@link java.util.ServiceLoader} creates it so.
     */
    public StaleRenameDetector() {}

    /**
     * A detector with fixed settings, whatever the project's {@code continuity.yaml} says.
     *
     * @param config the settings; when they {@linkplain HealingConfig#disabled() disable} this detector, it finds nothing
     * @throws NullPointerException when {@code config} is null
     */
    public StaleRenameDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.STALE_RENAME;
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        List<ConsistencyIssue> out = new ArrayList<>();
        for (RenameHistory.Rename rename : RenameHistory.of(project).values()) {
            for (String file : project.files()) {
                if (SKIPPED.contains(project.kind(file).orElse(FileKind.OTHER))) {
                    continue;
                }
                List<int[]> spans = RenameHistory.occurrences(project, file, rename.from());
                if (spans.isEmpty()) {
                    continue;
                }
                String text = project.text(file).orElse("");
                List<String> evidence = new ArrayList<>();
                evidence.add("'" + rename.from() + "' was renamed to '" + rename.to() + "' in " + rename.file() + " (recorded in " + rename.source() + ")");
                spans.stream().map(s -> TextEdits.lineOf(text, s[0])).distinct().limit(5)
                        .forEach(l -> evidence.add(file + ":" + l + ": " + TextEdits.quoteLine(text, l, 120)));
                int line = TextEdits.lineOf(text, spans.getFirst()[0]);
                out.add(Issues.issue(id(), id(), Severity.WARNING, file, line, rename.from(), Optional.of(rename.from()),
                        "still says '" + rename.from() + "' " + spans.size() + " time(s), renamed to '" + rename.to() + "'", evidence,
                        Optional.of(rename.to())));
            }
        }
        return out;
    }
}
