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

    public IssueAssert hasType(String type) {
        return check(actual.type().equals(type), "type %s", type, actual.type());
    }

    public IssueAssert isInFile(String file) {
        return check(actual.file().equals(file), "file %s", file, actual.file());
    }

    public IssueAssert isAtLine(int line) {
        return check(actual.line() == line, "line %s", line, actual.line());
    }

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

    public IssueAssert suggests(String suggestion) {
        return check(actual.suggestion().equals(Optional.of(suggestion)), "suggestion %s", suggestion, actual.suggestion());
    }

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
