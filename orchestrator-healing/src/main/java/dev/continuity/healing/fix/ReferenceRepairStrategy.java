package dev.continuity.healing.fix;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Reference;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.detect.BrokenReferenceDetector;
import dev.continuity.healing.internal.RenameHistory;
import dev.continuity.healing.internal.Similarity;
import dev.continuity.healing.internal.TextEdits;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Repairs a {@value IssueTypes#BROKEN_REFERENCE} by writing the unique close candidate (a name, an alias or a path)
 * over every broken occurrence in the file, when it reaches the configured similarity and beats the runner-up by the
 * margin; otherwise {@code NEEDS_HUMAN} with the candidates. A link to a missing file that names one existing file in
 * another letter case, with the other extension of its format ({@code .yml} for {@code .yaml}) or by a file name no
 * other file has (the file was moved) is repaired to that file, however close other names are. The candidate is computed again on the state the strategy
 * sees, so a stale issue is not "repaired" with a stale suggestion.
 */
public final class ReferenceRepairStrategy implements FixStrategy {

    /** Creates the strategy; {@link java.util.ServiceLoader} and {@code BuiltIns} call this. */
    public ReferenceRepairStrategy() {
    }
    @Override
    public String id() {
        return "reference-repair";
    }

    @Override
    public boolean canFix(ConsistencyIssue issue) {
        return issue.type().equals(IssueTypes.BROKEN_REFERENCE) && issue.entity().isPresent();
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public FixResult apply(ConsistencyIssue issue, FixContext context) {
        String written = issue.entity().orElseThrow();
        String file = issue.file();
        List<Reference> broken = BrokenReferenceDetector.broken(context.project(), file, RenameHistory.oldNames(context.project())).stream()
                .filter(r -> r.text().equals(written)).toList();
        if (broken.isEmpty()) {
            return FixResult.notApplicable("no broken reference '" + written + "' is left in " + file);
        }
        HealingConfig config = HealingConfig.of(context.project());
        Similarity.Suggestion suggestion = Similarity.suggestion(context.project(), broken.getFirst(), config.similarity(), config.margin());
        List<Similarity.Candidate> ranked = suggestion.ranked();
        Optional<Similarity.Candidate> candidate = suggestion.unique();
        if (candidate.isEmpty()) {
            return FixResult.needsHuman("no unique candidate for '" + written + "' in " + file + " reaches similarity " + config.similarity()
                    + (ranked.isEmpty() ? "" : ": " + ranked.stream().limit(3)
                    .map(c -> String.format(Locale.ROOT, "'%s' %.2f", c.written(), c.score())).toList()));
        }
        Optional<String> text = Edits.current(context, file);
        if (text.isEmpty()) {
            return FixResult.failed(file + " changed since it was scanned");
        }
        Similarity.Candidate c = candidate.get();
        List<TextEdits.Edit> edits = broken.stream().map(r -> new TextEdits.Edit(r.start(), r.end(), written, c.written())).toList();
        if (!Edits.write(context, file, text.get(), edits)) {
            return FixResult.notApplicable("nothing to change in " + file);
        }
        return FixResult.applied(String.format(Locale.ROOT, "replaced '%s' with '%s'%s (%s) in %s at line(s) %s", written, c.written(),
                c.written().equals(c.target()) ? "" : " (" + c.target() + ")",
                c.reason().isEmpty() ? String.format(Locale.ROOT, "similarity %.2f", c.score()) : c.reason(),
                file, broken.stream().map(Reference::line).distinct().toList()));
    }
}
