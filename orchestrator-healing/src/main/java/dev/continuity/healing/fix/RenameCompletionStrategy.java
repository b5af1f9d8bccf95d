package dev.continuity.healing.fix;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FileKind;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.RenameHistory;
import dev.continuity.healing.internal.TextEdits;

import java.util.List;
import java.util.Optional;

/**
 * Completes a rename ({@value IssueTypes#STALE_RENAME}): replaces every remaining occurrence of the old name in the
 * file with the new one, span by span, as the rename-propagation handler does; occurrences inside a longer name
 * (the new name may contain the old one), inside another reference, or inside a path, file name or identifier
 * ({@code lastPath="outline/2-Paul_and_Barnabas.md"}: the file is still called that) are left alone. Applies only while
 * the rename is still recorded.
 *
 * <p>Files of kind {@link FileKind#OTHER} are another tool's data (a revision history, an index, settings): a name there
 * may be a key, a past revision or part of a path the tool resolves, so the strategy does not edit them and leaves the
 * places to a human ({@code NEEDS_HUMAN}).
 */
public final class RenameCompletionStrategy implements FixStrategy {

    /** Creates the strategy; {@link java.util.ServiceLoader} and {@code BuiltIns} call this. */
    public RenameCompletionStrategy() {
    }
    @Override
    public String id() {
        return "rename-completion";
    }

    @Override
    public boolean canFix(ConsistencyIssue issue) {
        return issue.type().equals(IssueTypes.STALE_RENAME) && issue.entity().isPresent() && issue.suggestion().isPresent();
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public FixResult apply(ConsistencyIssue issue, FixContext context) {
        String from = issue.entity().orElseThrow();
        String to = issue.suggestion().orElseThrow();
        Optional<RenameHistory.Rename> rename = Optional.ofNullable(RenameHistory.of(context.project()).get(from));
        if (rename.isEmpty() || !rename.get().to().equals(to)) {
            return FixResult.needsHuman("the rename '" + from + "' -> '" + to + "' is no longer recorded; check " + issue.file() + " by hand");
        }
        List<int[]> spans = RenameHistory.occurrences(context.project(), issue.file(), from);
        if (spans.isEmpty()) {
            return FixResult.notApplicable("'" + from + "' no longer occurs in " + issue.file());
        }
        if (context.project().kind(issue.file()).orElse(FileKind.OTHER) == FileKind.OTHER) {
            return FixResult.needsHuman(issue.file() + " is not a file of the story (kind OTHER: another tool's data), so '" + from
                    + "' is not renamed there automatically; " + spans.size() + " place(s) to check by hand");
        }
        Optional<String> text = Edits.current(context, issue.file());
        if (text.isEmpty()) {
            return FixResult.failed(issue.file() + " changed since it was scanned");
        }
        List<TextEdits.Edit> edits = spans.stream().map(s -> new TextEdits.Edit(s[0], s[1], from, to)).toList();
        Edits.write(context, issue.file(), text.get(), edits);
        return FixResult.applied("renamed '" + from + "' to '" + to + "' in " + issue.file() + " (" + spans.size() + " place(s), as in "
                + rename.get().file() + ")");
    }
}
