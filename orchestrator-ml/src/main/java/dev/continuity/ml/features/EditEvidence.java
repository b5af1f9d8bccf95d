package dev.continuity.ml.features;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a change removed, and where that text still is: the evidence of the edit-propagation features. When an author
 * replaces {@code re-enter} by {@code reenter}, renames a character or updates a boilerplate paragraph in one file, the
 * other files that still contain the old text are the ones the same edit has to reach. Co-change history cannot see
 * this; the content can.
 *
 * @param vanishedTerms for each changed file, the {@link Terms} whose number of occurrences the change lowered
 *                      ({@link Terms#vanished}); files without known before/after content are absent
 * @param content       the project's terms before the change
 */
public record EditEvidence(Map<String, Set<String>> vanishedTerms, ContentIndex content) {

    /** At most this many vanished terms are kept per changed file. */
    public static final int MAX_TERMS_PER_FILE = 256;

    private static final EditEvidence NONE = new EditEvidence(Map.of(), ContentIndex.empty());

    public EditEvidence {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(vanishedTerms, "vanishedTerms").forEach((f, t) -> copy.put(f, Set.copyOf(t)));
        vanishedTerms = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(content, "content");
    }

    /** No evidence: the edit-propagation features are absent. */
    public static EditEvidence none() {
        return NONE;
    }

    /**
     * The evidence of one file's edit from its text before and after (either may be empty: added or deleted file).
     */
    public static Set<String> vanishedTerms(CharSequence before, CharSequence after) {
        return Terms.vanished(Terms.counts(before), Terms.counts(after), MAX_TERMS_PER_FILE);
    }

    /** Whether any changed file has vanished terms. */
    public boolean isEmpty() {
        return vanishedTerms.values().stream().allMatch(Set::isEmpty);
    }
}
