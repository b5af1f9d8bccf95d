package dev.continuity.testkit;

import dev.continuity.api.FileKind;
import dev.continuity.api.Reference;
import dev.continuity.api.spi.ProjectSnapshot;
import org.assertj.core.api.AbstractAssert;

import java.util.ArrayList;
import java.util.List;

/** Assertions on a project as a scan sees it. */
public final class ProjectAssert extends AbstractAssert<ProjectAssert, ProjectSnapshot> {
    ProjectAssert(ProjectSnapshot actual) {
        super(actual, ProjectAssert.class);
    }

    /**
     * Nothing refers to {@code name} any more: no reference is written as it or resolves to it, and no file (but the
     * config) contains the text. The usual check after a rename.
     */
    public ProjectAssert hasNoReferencesTo(String name) {
        isNotNull();
        List<String> found = new ArrayList<>();
        for (String f : actual.files()) {
            if (actual.kind(f).orElse(FileKind.OTHER) == FileKind.CONFIG) {
                continue;
            }
            for (Reference r : actual.referencesFrom(f)) {
                if (r.text().equals(name) || r.target().equals(name)) {
                    found.add(f + ":" + r.line() + " " + r.syntax() + " '" + r.text() + "'");
                }
            }
            String text = actual.text(f).orElse("");
            int i = text.indexOf(name);
            if (i >= 0 && found.stream().noneMatch(s -> s.startsWith(f + ":"))) {
                found.add(f + ":" + (1 + text.substring(0, i).chars().filter(c -> c == '\n').count()) + " text '" + name + "'");
            }
        }
        if (!found.isEmpty()) {
            failWithMessage("expected no references to '%s' but found %d:%n  %s", name, found.size(), String.join("\n  ", found));
        }
        return this;
    }

    /** Some file refers to {@code name} (an entity's name, alias or id, or a path). */
    public ProjectAssert hasReferencesTo(String name) {
        isNotNull();
        String target = actual.entity(name).map(e -> e.name()).orElse(name);
        if (actual.referencesTo(target).isEmpty()) {
            failWithMessage("expected references to '%s' but found none", name);
        }
        return this;
    }

    /**
     * The snapshot has this file among its scanned text files (hidden, ignored and binary files are not scanned).
     *
     * @param path relative to the project root, with {@code /}
     * @return this assertion
     */
    public ProjectAssert hasFile(String path) {
        isNotNull();
        if (!actual.files().contains(path)) {
            failWithMessage("expected the project to have %s", path);
        }
        return this;
    }

    /**
     * The snapshot has this file, and its text contains {@code fragment}.
     *
     * @param path     relative to the project root, with {@code /}
     * @param fragment the text to find, as is (no pattern)
     * @return this assertion
     */
    public ProjectAssert hasFileContaining(String path, String fragment) {
        hasFile(path);
        if (!actual.text(path).orElse("").contains(fragment)) {
            failWithMessage("expected %s to contain '%s'", path, fragment);
        }
        return this;
    }
}
