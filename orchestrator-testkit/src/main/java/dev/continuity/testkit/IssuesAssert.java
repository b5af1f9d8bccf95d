package dev.continuity.testkit;

import dev.continuity.api.ConsistencyIssue;
import org.assertj.core.api.AbstractAssert;

import java.util.List;

/** Assertions on a list of {@link ConsistencyIssue}s. */
public final class IssuesAssert extends AbstractAssert<IssuesAssert, List<ConsistencyIssue>> {
    IssuesAssert(List<ConsistencyIssue> actual) {
        super(actual, IssuesAssert.class);
    }

    /** No issue at all. */
    public IssuesAssert isEmpty() {
        isNotNull();
        if (!actual.isEmpty()) {
            failWithMessage("expected no issues but found %d:%n  %s", actual.size(), String.join("\n  ", describe(actual)));
        }
        return this;
    }

    /** An issue of this type in this file. */
    public IssuesAssert containsIssue(String type, String file) {
        isNotNull();
        if (actual.stream().noneMatch(i -> i.type().equals(type) && i.file().equals(file))) {
            failWithMessage("expected a %s issue in %s among:%n  %s", type, file, String.join("\n  ", describe(actual)));
        }
        return this;
    }

    /** At least one issue of this type. */
    public IssuesAssert containsType(String type) {
        isNotNull();
        if (actual.stream().noneMatch(i -> i.type().equals(type))) {
            failWithMessage("expected a %s issue among:%n  %s", type, String.join("\n  ", describe(actual)));
        }
        return this;
    }

    /** No issue of this type. */
    public IssuesAssert doesNotContainType(String type) {
        isNotNull();
        List<ConsistencyIssue> found = actual.stream().filter(i -> i.type().equals(type)).toList();
        if (!found.isEmpty()) {
            failWithMessage("expected no %s issue but found:%n  %s", type, String.join("\n  ", describe(found)));
        }
        return this;
    }

    /**
     * There are exactly {@code n} issues; the failure message lists them.
     *
     * @param n the expected number of issues
     * @return this assertion
     */
    public IssuesAssert hasSize(int n) {
        isNotNull();
        if (actual.size() != n) {
            failWithMessage("expected %d issues but found %d:%n  %s", n, actual.size(), String.join("\n  ", describe(actual)));
        }
        return this;
    }

    private static List<String> describe(List<ConsistencyIssue> issues) {
        return issues.stream().map(i -> i.id() + ": " + i.message()).toList();
    }
}
