package dev.continuity.ml.features;

import dev.continuity.ml.history.CoChangeIndex;
import dev.continuity.ml.history.ChangedFile;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What feature extractors see for one change: the {@link ChangeQuery}, the co-change index as it
 * was <em>before</em> the change (no later history), the author's own index, and a per-query memo
 * for work that is the same for every candidate.
 *
 * <p>One instance serves one query on one thread.
 */
public final class QueryContext {

    private final ChangeQuery query;
    private final CoChangeIndex index;
    private final Optional<CoChangeIndex> authorIndex;
    private final List<String> files;
    private final Map<String, Object> memo = new HashMap<>();

    /**
     * The context of one query; the author's own index is taken from {@code index} when the query names an author.
     *
     * @param query the change
     * @param index the co-change index before the change; it must not change while the context is used
     */
    public QueryContext(ChangeQuery query, CoChangeIndex index) {
        this.query = Objects.requireNonNull(query, "query");
        this.index = Objects.requireNonNull(index, "index");
        this.authorIndex = query.author().flatMap(index::author);
        this.files = query.files();
    }

    /** The change. */
    public ChangeQuery query() {
        return query;
    }

    /** The changed files. */
    public List<String> queryFiles() {
        return files;
    }

    /** The co-change index before the change. */
    public CoChangeIndex index() {
        return index;
    }

    /** The index of the author's own transactions, when the author is known and has history. */
    public Optional<CoChangeIndex> authorIndex() {
        return authorIndex;
    }

    /** The link graph before the change. */
    public LinkGraph linkGraph() {
        return query.linkGraph();
    }

    /** When the change was made (what seasonal features read). */
    public OffsetDateTime time() {
        return query.time();
    }

    /**
     * When the change was made as the history's time features measure it (recency, decay, time since the last
     * co-change): the change's time, but no later than the history's latest transaction plus the longest pause between
     * two of its transactions. A change made after a longer pause than the history ever held would otherwise put every
     * candidate's "time since it last changed" outside everything the model was trained on; the same rule applies to
     * the history's own transactions in training, so both see the same scale.
     */
    public OffsetDateTime historyTime() {
        OffsetDateTime t = query.time();
        Optional<java.time.Instant> latest = index.lastTransactionTime();
        if (latest.isEmpty()) {
            return t;
        }
        java.time.Instant horizon = latest.get().plus(index.longestGap());
        return t.toInstant().isAfter(horizon) ? OffsetDateTime.ofInstant(horizon, t.getOffset()) : t;
    }

    /** Sum of the changed files' magnitudes (lines added + deleted). */
    public int totalMagnitude() {
        int total = 0;
        for (ChangedFile c : query.changes()) {
            total += c.magnitude();
        }
        return total;
    }

    /** The largest magnitude of a changed file. */
    public int maxMagnitude() {
        int max = 0;
        for (ChangedFile c : query.changes()) {
            max = Math.max(max, c.magnitude());
        }
        return max;
    }

    /** TARMAQ rules of the whole query, computed once per query. */
    @SuppressWarnings("unchecked")
    public Map<String, CoChangeIndex.Rule> tarmaqRules() {
        return (Map<String, CoChangeIndex.Rule>) memo.computeIfAbsent("builtin.tarmaq", k -> index.tarmaq(files));
    }

    /**
     * A value computed once per query and shared by every candidate (e.g. a per-query lookup table).
     * Keys are namespaced by the caller (use the extractor's id as a prefix).
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, Supplier<T> supplier) {
        Object v = memo.get(key);
        if (v == null) {
            v = Objects.requireNonNull(supplier.get(), "memo supplier returned null for " + key);
            memo.put(key, v);
        }
        return (T) v;
    }
}
