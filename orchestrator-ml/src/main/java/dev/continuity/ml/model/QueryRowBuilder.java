package dev.continuity.ml.model;

import dev.continuity.ml.features.ChangeQuery;
import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.FeaturePipeline;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.features.QueryContext;
import dev.continuity.ml.history.CoChangeIndex;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.history.RecordSource;
import dev.continuity.ml.history.UpdateHistoryRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Turns one history transaction into queries with labelled candidate rows, using only the state
 * before the transaction (the co-change index, the candidate set and the link graph the caller
 * passes in).
 *
 * <p>Queries: a mined commit gives one query per file (the rest of the commit is expected), as in
 * the change-mining literature; an orchestrator record gives one query of its changed files (its
 * affected files are expected). Queries whose expected set has no candidate are skipped.
 */
public final class QueryRowBuilder {

    /** How many candidates of a query get a row. */
    public enum Mode {
        /** Every candidate. */
        FULL,
        /** Every candidate up to the cap; beyond it every positive, related negatives and a weighted sample. */
        CAPPED,
        /** Every positive plus a few sampled negatives (half related), for training only. */
        SAMPLED
    }

    private final FeaturePipeline pipeline;
    private final int cap;
    private final int sampledNegatives;
    private final long seed;

    /**
     * A row builder.
     *
     * @param pipeline         the feature extractors
     * @param cap              maximum rows per query in {@link Mode#CAPPED}
     * @param sampledNegatives negatives per query in {@link Mode#SAMPLED}
     * @param seed             seed of every sampling decision
     */
    public QueryRowBuilder(FeaturePipeline pipeline, int cap, int sampledNegatives, long seed) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        if (cap < 1 || sampledNegatives < 1) {
            throw new IllegalArgumentException("cap and sampledNegatives must be >= 1, got " + cap + ", "
                    + sampledNegatives);
        }
        this.cap = cap;
        this.sampledNegatives = sampledNegatives;
        this.seed = seed;
    }

    /** The feature pipeline. */
    public FeaturePipeline pipeline() {
        return pipeline;
    }

    /** The queries of a transaction: one per file for mined commits, the changed files for orchestrator runs. */
    public static List<List<String>> queriesOf(UpdateHistoryRecord tx) {
        List<List<String>> queries = new ArrayList<>();
        if (tx.source() == RecordSource.GIT || tx.affectedFiles().isEmpty()) {
            for (String f : tx.transactionFiles()) {
                queries.add(List.of(f));
            }
        } else {
            queries.add(tx.changedFiles().stream().map(ChangedFile::path).toList());
        }
        return queries;
    }

    /**
     * The rows of a transaction.
     *
     * @param transactionIndex position of {@code tx} in the time-ordered history (part of the sampling seed)
     * @param tx               the transaction
     * @param before           the co-change index before {@code tx}
     * @param candidates       the files that existed before {@code tx}, in any order (the rows are the same for the
     *                         same files)
     * @param graph            the link graph before {@code tx}
     * @param mode             how many candidates get a row
     * @param maxQueries       at most this many queries (a seeded sample) are kept
     */
    public List<QueryRows> rowsFor(int transactionIndex, UpdateHistoryRecord tx, CoChangeIndex before,
                                   Set<String> candidates, LinkGraph graph, Mode mode, int maxQueries) {
        return rowsFor(transactionIndex, tx, before, candidates, graph, EditEvidence.none(), mode, maxQueries);
    }

    /**
     * The rows of a transaction, with the edit evidence of {@code tx} (what it removed from its files, and the
     * terms of the files before it). A query of some of the transaction's files sees only those files' vanished
     * terms.
     */
    public List<QueryRows> rowsFor(int transactionIndex, UpdateHistoryRecord tx, CoChangeIndex before,
                                   Set<String> candidates, LinkGraph graph, EditEvidence edits, Mode mode,
                                   int maxQueries) {
        Set<String> txFiles = tx.transactionFiles();
        List<List<String>> queries = new ArrayList<>(queriesOf(tx));
        SplittableRandom rng = new SplittableRandom(seed * 31 + transactionIndex);
        if (queries.size() > maxQueries) {
            shuffle(queries, rng);
            queries = new ArrayList<>(queries.subList(0, maxQueries));
        }
        // the candidates in the order of their names, whatever the set's own (an immutable set's changes from one JVM
        // to the next): the seeded sampling then draws the same rows every time (already sorted, as the sets of git
        // trees and of the co-change index are, this costs one pass)
        List<String> ordered = new ArrayList<>(candidates);
        ordered.sort(null);
        List<QueryRows> out = new ArrayList<>();
        for (List<String> queryFiles : queries) {
            List<String> pool = new ArrayList<>();
            Set<String> expected = new LinkedHashSet<>();
            for (String c : ordered) {
                if (queryFiles.contains(c)) {
                    continue;
                }
                pool.add(c);
                if (txFiles.contains(c)) {
                    expected.add(c);
                }
            }
            if (expected.isEmpty()) {
                continue;
            }
            List<ChangedFile> changes = new ArrayList<>();
            for (String q : queryFiles) {
                changes.add(tx.changedFiles().stream().filter(c -> c.path().equals(q)).findFirst()
                        .orElse(ChangedFile.modified(q)));
            }
            ChangeQuery query = new ChangeQuery(changes, tx.author(), tx.time(), graph, restrict(edits, queryFiles));
            QueryContext ctx = new QueryContext(query, before);
            Set<String> related = new LinkedHashSet<>();
            for (String q : queryFiles) {
                related.addAll(before.partners(q).keySet());
            }
            List<CandidateRow> rows = select(pool, expected, related, mode, rng, ctx);
            out.add(new QueryRows(transactionIndex, tx.id(), tx.time().toInstant(), queryFiles, rows, pool.size(),
                    mode != Mode.SAMPLED));
        }
        return out;
    }

    private static EditEvidence restrict(EditEvidence edits, List<String> queryFiles) {
        if (edits.isEmpty()) {
            return edits;
        }
        Map<String, Set<String>> mine = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> swept = new LinkedHashMap<>();
        for (String q : queryFiles) {
            Set<String> terms = edits.vanishedTerms().get(q);
            if (terms != null) {
                mine.put(q, terms);
            }
            Map<String, Integer> s = edits.sweptTerms().get(q);
            if (s != null) {
                swept.put(q, s);
            }
        }
        return new EditEvidence(mine, swept, edits.content());
    }

    private List<CandidateRow> select(List<String> pool, Set<String> expected, Set<String> related, Mode mode,
                                      SplittableRandom rng, QueryContext ctx) {
        List<CandidateRow> rows = new ArrayList<>();
        if (mode == Mode.FULL || (mode == Mode.CAPPED && pool.size() <= cap)) {
            for (String c : pool) {
                rows.add(row(ctx, c, expected.contains(c), 1.0, related.contains(c)));
            }
            return rows;
        }
        List<String> hard = new ArrayList<>();
        List<String> easy = new ArrayList<>();
        for (String c : pool) {
            if (expected.contains(c)) {
                rows.add(row(ctx, c, true, 1.0, related.contains(c)));
            } else if (related.contains(c)) {
                hard.add(c);
            } else {
                easy.add(c);
            }
        }
        int budget = mode == Mode.SAMPLED ? sampledNegatives : Math.max(1, cap - rows.size());
        shuffle(hard, rng);
        shuffle(easy, rng);
        int fromHard = Math.min(hard.size(), Math.max(budget / 2, budget - easy.size()));
        int fromEasy = Math.min(easy.size(), budget - fromHard);
        double hardWeight = mode == Mode.SAMPLED || fromHard == 0 ? 1.0 : (double) hard.size() / fromHard;
        double easyWeight = mode == Mode.SAMPLED || fromEasy == 0 ? 1.0 : (double) easy.size() / fromEasy;
        for (int i = 0; i < fromHard; i++) {
            rows.add(row(ctx, hard.get(i), false, hardWeight, true));
        }
        for (int i = 0; i < fromEasy; i++) {
            rows.add(row(ctx, easy.get(i), false, easyWeight, false));
        }
        return rows;
    }

    private CandidateRow row(QueryContext ctx, String candidate, boolean impacted, double weight, boolean related) {
        return new CandidateRow(candidate, impacted, weight, pipeline.extract(ctx, candidate), related);
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
