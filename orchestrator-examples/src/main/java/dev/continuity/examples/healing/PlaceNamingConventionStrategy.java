package dev.continuity.examples.healing;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Reference;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Fixes a {@value PlaceNamingConventionDetector#TYPE} issue: writes the place's canonical name over each metadata
 * reference that uses the alias, span by span (every other byte stays). A custom strategy, not a built-in one; found
 * with {@link java.util.ServiceLoader} and tested with the testkit's {@code FixStrategyContractTest}.
 */
public final class PlaceNamingConventionStrategy implements FixStrategy {
    @Override
    public String id() {
        return "place-naming-convention";
    }

    @Override
    public boolean canFix(ConsistencyIssue issue) {
        return issue.type().equals(PlaceNamingConventionDetector.TYPE) && issue.entity().isPresent();
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public FixResult apply(ConsistencyIssue issue, FixContext context) {
        String alias = issue.entity().orElseThrow();
        List<Reference> spans = PlaceNamingConventionDetector.aliasesIn(context.project(), issue.file()).stream()
                .filter(r -> r.text().equals(alias)).sorted(Comparator.comparingInt(Reference::start).reversed()).toList();
        if (spans.isEmpty()) {
            return FixResult.notApplicable("'" + alias + "' is no longer written in the metadata of " + issue.file());
        }
        Optional<String> scanned = context.project().text(issue.file());
        Optional<String> current = context.writer().read(issue.file()).map(b -> new String(b, StandardCharsets.UTF_8));
        if (scanned.isEmpty() || !scanned.equals(current)) {
            return FixResult.failed(issue.file() + " changed since it was scanned");
        }
        String canonical = spans.getFirst().target();
        StringBuilder text = new StringBuilder(current.get());
        for (Reference r : spans) {
            if (!text.substring(r.start(), r.end()).equals(alias)) {
                return FixResult.failed(issue.file() + ": expected '" + alias + "' at line " + r.line());
            }
            text.replace(r.start(), r.end(), canonical);
        }
        context.writer().write(issue.file(), text.toString().getBytes(StandardCharsets.UTF_8));
        return FixResult.applied("wrote the canonical name '" + canonical + "' for '" + alias + "' in " + issue.file() + " (" + spans.size() + " place(s))");
    }
}
