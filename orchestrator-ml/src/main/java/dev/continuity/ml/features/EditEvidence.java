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
 * @param sweptTerms    for each changed file, the terms the change removed <em>every</em> occurrence of, when there were
 *                      at least {@link #MIN_SWEEP_OCCURRENCES}, with the number of occurrences removed
 *                      ({@link Terms#swept}): the mark of a systematic replacement rather than a local fix; files
 *                      without such terms may be absent
 * @param content       the project's terms before the change
 */
public record EditEvidence(Map<String, Set<String>> vanishedTerms, Map<String, Map<String, Integer>> sweptTerms,
                           ContentIndex content) {

    /** At most this many vanished (and, separately, swept) terms are kept per changed file. */
    public static final int MAX_TERMS_PER_FILE = 256;

    /** A term counts as swept when the change removed all of at least this many occurrences. */
    public static final int MIN_SWEEP_OCCURRENCES = 2;

    private static final EditEvidence NONE = new EditEvidence(Map.of(), Map.of(), ContentIndex.empty());

    /** Copies both maps deeply, keeping their order; rejects nulls. */
    public EditEvidence {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(vanishedTerms, "vanishedTerms").forEach((f, t) -> copy.put(f, Set.copyOf(t)));
        vanishedTerms = Collections.unmodifiableMap(copy);
        Map<String, Map<String, Integer>> swept = new LinkedHashMap<>();
        Objects.requireNonNull(sweptTerms, "sweptTerms").forEach((f, t) -> swept.put(f, Map.copyOf(t)));
        sweptTerms = Collections.unmodifiableMap(swept);
        Objects.requireNonNull(content, "content");
    }

    /** Evidence without swept terms. */
    public EditEvidence(Map<String, Set<String>> vanishedTerms, ContentIndex content) {
        this(vanishedTerms, Map.of(), content);
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

    /** The terms one file's edit removed every occurrence of ({@link #sweptTerms()}), from its text before and after. */
    public static Map<String, Integer> sweptTerms(CharSequence before, CharSequence after) {
        return Terms.swept(Terms.counts(before), Terms.counts(after), MIN_SWEEP_OCCURRENCES, MAX_TERMS_PER_FILE);
    }

    /** Whether any changed file has vanished terms. */
    public boolean isEmpty() {
        return vanishedTerms.values().stream().allMatch(Set::isEmpty);
    }
}
