package dev.continuity.examples.healing;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.EntityInfo;
import dev.continuity.api.Reference;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.api.spi.ProjectSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reports a place written by an alias in metadata ({@code locations: [白亜の都]} instead of {@code [王都]}): one issue
 * per file and alias, type {@value #TYPE}. The issue's entity is the alias as written, its suggestion the canonical name.
 */
public final class PlaceNamingConventionDetector implements IssueDetector {
    /** The issue type this detector reports. */
    public static final String TYPE = "place-naming";
    static final Set<String> METADATA = Set.of("yaml-key", "front-matter");

    @Override
    public String id() {
        return TYPE;
    }

    @Override
    public List<ConsistencyIssue> detect(ProjectSnapshot project) {
        List<ConsistencyIssue> out = new ArrayList<>();
        for (String file : project.files()) {
            for (Reference r : aliasesIn(project, file)) {
                EntityInfo place = project.entity(r.target()).orElseThrow();
                String id = TYPE + ":" + file + "#" + r.text();
                if (out.stream().anyMatch(i -> i.id().equals(id))) {
                    continue;
                }
                out.add(new ConsistencyIssue(id, TYPE, Severity.INFO, file, r.line(), Optional.of(r.text()),
                        "the place '" + place.name() + "' is written by its alias '" + r.text() + "' in metadata",
                        List.of(file + ":" + r.line() + ": " + r.syntax() + " '" + r.text() + "'",
                                "'" + r.text() + "' is an alias of '" + place.name() + "' (" + place.definedIn() + "); metadata uses canonical names"),
                        Optional.of(place.name()), TYPE));
            }
        }
        return out;
    }

    /** The metadata references of a file that name a place by one of its aliases. */
    static List<Reference> aliasesIn(ProjectSnapshot project, String file) {
        return project.referencesFrom(file).stream()
                .filter(r -> r.resolved() && r.targetIsEntity() && METADATA.contains(r.syntax()) && !r.text().equals(r.target()))
                .filter(r -> project.entity(r.target()).map(e -> e.type().equals("place")).orElse(false))
                .toList();
    }
}
