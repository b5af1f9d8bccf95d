package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FileKind;
import dev.continuity.api.Reference;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Issues;
import dev.continuity.healing.internal.RenameHistory;
import dev.continuity.healing.internal.Similarity;
import dev.continuity.healing.internal.TextEdits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@value IssueTypes#BROKEN_REFERENCE}: a reference written in a file (YAML key, front matter, link, wikilink, tag,
 * header) to an entity or file that does not exist. The issue's {@code entity} is the text as written; its
 * {@code suggestion} is the unique closest name, alias or path by edit distance when it reaches the configured
 * similarity and beats the runner-up by the margin, else empty (the candidates are in the evidence). Old names of a
 * rename are left to {@link StaleRenameDetector}.
 */
public final class BrokenReferenceDetector extends ConfiguredDetector {
    /**
     * A detector that reads its settings from each project's {@code healing:} section ({@link HealingConfig#of}), or
     * the defaults when there is none; {@link java.util.ServiceLoader} creates it so.
     */
    public BrokenReferenceDetector() {}

    /**
     * A detector with fixed settings, whatever the project's {@code continuity.yaml} says.
     *
     * @param config the settings; when they {@linkplain HealingConfig#disabled() disable} this detector, it finds nothing
     * @throws NullPointerException when {@code config} is null
     */
    public BrokenReferenceDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.BROKEN_REFERENCE;
    }

    /**
     * The broken references of a file that are this detector's business: not a link to a file that exists but could
     * not be read (the scan reports that file; nothing in the link is wrong).
     */
    public static List<Reference> broken(ProjectSnapshot project, String file, Set<String> oldNames) {
        return broken(project, file, oldNames, unreadable(project));
    }

    /** The files the scan could not read. */
    private static Set<String> unreadable(ProjectSnapshot project) {
        Set<String> unreadable = new java.util.HashSet<>();
        project.diagnostics().stream().filter(d -> d.code().equals("unreadable")).forEach(d -> unreadable.add(d.file()));
        return unreadable;
    }

    private static List<Reference> broken(ProjectSnapshot project, String file, Set<String> oldNames, Set<String> unreadable) {
        return project.referencesFrom(file).stream()
                .filter(r -> !r.resolved() && r.end() > r.start() && !r.syntax().equals("rule") && !oldNames.contains(r.text()))
                .filter(r -> r.targetIsEntity() || !unreadable.contains(r.target()))
                .toList();
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        Set<String> oldNames = RenameHistory.oldNames(project);
        Set<String> unreadable = unreadable(project);
        List<ConsistencyIssue> out = new ArrayList<>();
        for (String file : project.files()) {
            if (project.kind(file).orElse(FileKind.OTHER) == FileKind.CONFIG) {
                continue;
            }
            Map<String, List<Reference>> byText = new LinkedHashMap<>();
            for (Reference r : broken(project, file, oldNames, unreadable)) {
                byText.computeIfAbsent(r.text(), k -> new ArrayList<>()).add(r);
            }
            String text = project.text(file).orElse("");
            byText.forEach((written, refs) -> {
                Reference first = refs.getFirst();
                boolean fileRef = Similarity.isFileReference(first);
                Similarity.Suggestion suggestion = Similarity.suggestion(project, first, config.similarity(), config.margin());
                List<Similarity.Candidate> ranked = suggestion.ranked();
                Optional<Similarity.Candidate> unique = suggestion.unique();
                List<String> evidence = new ArrayList<>();
                for (Reference r : refs) {
                    evidence.add(file + ":" + r.line() + ": " + TextEdits.quoteLine(text, r.line(), 120));
                }
                evidence.add((fileRef ? "no file " : "no entity, alias or id ") + "'" + (fileRef ? first.target() : written) + "' exists");
                ranked.stream().limit(3).forEach(c -> evidence.add(String.format(Locale.ROOT, "candidate '%s'%s, similarity %.2f%s", c.written(),
                        c.written().equals(c.target()) ? "" : " (" + c.target() + ")", c.score(), c.reason().isEmpty() ? "" : ": " + c.reason())));
                String message = "'" + written + "' " + (fileRef ? "links to a file that does not exist" : "names no known entity")
                        + unique.map(c -> "; did you mean '" + c.written() + "'" + (c.reason().isEmpty() ? "" : " (" + c.reason() + ")") + "?").orElse(ranked.isEmpty() || ranked.getFirst().score() < config.similarity()
                        ? "; no close candidate" : "; several candidates are equally close");
                out.add(Issues.issue(id(), id(), fileRef ? Severity.ERROR : Severity.WARNING, file, first.line(), written, Optional.of(written),
                        message, evidence, unique.map(Similarity.Candidate::written)));
            });
        }
        return out;
    }
}
