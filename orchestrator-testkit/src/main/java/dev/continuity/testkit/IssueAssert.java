package dev.continuity.testkit;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Severity;
import org.assertj.core.api.AbstractAssert;

import java.util.Optional;

/** Assertions on one {@link ConsistencyIssue}. */
public final class IssueAssert extends AbstractAssert<IssueAssert, ConsistencyIssue> {
    IssueAssert(ConsistencyIssue actual) {
        super(actual, IssueAssert.class);
    }

    /**
     * The issue is of this type (e.g. {@code broken-reference}).
     *
     * @param type the expected type
     * @return this assertion
     */
    public IssueAssert hasType(String type) {
        return check(actual.type().equals(type), "type %s", type, actual.type());
    }

    /**
     * The issue is in this file.
     *
     * @param file relative to the project root, with {@code /}
     * @return this assertion
     */
    public IssueAssert isInFile(String file) {
        return check(actual.file().equals(file), "file %s", file, actual.file());
    }

    /**
     * The issue is at this line of its file.
     *
     * @param line 1-based; 0 for an issue about the whole file
     * @return this assertion
     */
    public IssueAssert isAtLine(int line) {
        return check(actual.line() == line, "line %s", line, actual.line());
    }

    /**
     * The issue has this severity.
     *
     * @param severity the expected severity
     * @return this assertion
     */
    public IssueAssert hasSeverity(Severity severity) {
        return check(actual.severity() == severity, "severity %s", severity, actual.severity());
    }

    /** The issue concerns this entity. */
    public IssueAssert concerns(String entity) {
        return check(actual.entity().equals(Optional.of(entity)), "entity %s", entity, actual.entity());
    }

    /** One piece of evidence contains this text. */
    public IssueAssert hasEvidenceContaining(String fragment) {
        return check(actual.evidence().stream().anyMatch(e -> e.contains(fragment)), "evidence containing '%s'", fragment, actual.evidence());
    }

    /**
     * The issue's suggestion is exactly this text.
     *
     * @param suggestion the expected suggestion
     * @return this assertion
     */
    public IssueAssert suggests(String suggestion) {
        return check(actual.suggestion().equals(Optional.of(suggestion)), "suggestion %s", suggestion, actual.suggestion());
    }

    /**
     * The issue has no suggestion.
     *
     * @return this assertion
     */
    public IssueAssert hasNoSuggestion() {
        return check(actual.suggestion().isEmpty(), "no suggestion%s", "", actual.suggestion());
    }

    private IssueAssert check(boolean ok, String what, Object expected, Object was) {
        isNotNull();
        if (!ok) {
            failWithMessage("expected issue %s to have " + what + " but was %s", actual.id(), expected, was);
        }
        return this;
    }
}
