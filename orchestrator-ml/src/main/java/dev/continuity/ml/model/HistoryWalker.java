package dev.continuity.ml.model;

import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.history.CoChangeIndex;
import dev.continuity.ml.history.UpdateHistoryRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks a history forward in time and produces the training rows of every transaction from the
 * state <em>before</em> it: the co-change index is updated only after the transaction's rows are
 * built, so no row ever sees its own or a later transaction.
 */
public final class HistoryWalker {

    /**
     * What a walk produced.
     *
     * @param queries the rows, in time order
     * @param index   the co-change index after the whole history
     */
    public record Result(List<QueryRows> queries, CoChangeIndex index) {
        /** Copies {@code queries}. */
        public Result {
            queries = List.copyOf(queries);
        }
    }

    private HistoryWalker() {
    }

    /** Records sorted by time; records with equal times keep their order. */
    public static List<UpdateHistoryRecord> timeOrdered(List<UpdateHistoryRecord> records) {
        List<UpdateHistoryRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(r -> r.time().toInstant()));
        return sorted;
    }

    /**
     * Walks {@code records} (any order; sorted by time here).
     *
     * @param options             co-change index options
     * @param builder             builds the rows
     * @param graphs              the link graph before each record
     * @param completeFraction    the latest share of eligible transactions that get complete (capped) rows
     *                            usable for validation; earlier ones get sampled rows
     * @param maxCompleteQueries  but no more transactions than needed for about this many complete queries
     * @param maxRowQueries       rows are built only for the latest transactions, about this many queries in all;
     *                            earlier transactions only feed the co-change index
     * @param maxQueries          at most this many queries per transaction
     * @param candidatesBefore    the candidate files before a record, given the index before it; by default
     *                            use {@link CoChangeIndex#existingFiles()}
     */
    public static Result walk(List<UpdateHistoryRecord> records, CoChangeIndex.Options options,
                              QueryRowBuilder builder, Function<UpdateHistoryRecord, LinkGraph> graphs,
                              double completeFraction, int maxCompleteQueries, int maxRowQueries, int maxQueries,
                              CandidateSource candidatesBefore) {
        return walk(records, options, builder, graphs, r -> EditEvidence.none(), completeFraction, maxCompleteQueries,
                maxRowQueries, maxQueries, candidatesBefore);
    }

    /**
     * Walks {@code records} like {@link #walk(List, CoChangeIndex.Options, QueryRowBuilder, Function, double, int, int,
     * int, CandidateSource)}, with the edit evidence of each record whose rows are built.
     */
    public static Result walk(List<UpdateHistoryRecord> records, CoChangeIndex.Options options,
                              QueryRowBuilder builder, Function<UpdateHistoryRecord, LinkGraph> graphs,
                              Function<UpdateHistoryRecord, EditEvidence> edits,
                              double completeFraction, int maxCompleteQueries, int maxRowQueries, int maxQueries,
                              CandidateSource candidatesBefore) {
        List<UpdateHistoryRecord> sorted = timeOrdered(records);
        int maxFiles = options.maxTransactionSize();
        int eligible = 0;
        long queries = 0;
        for (UpdateHistoryRecord r : sorted) {
            if (isEligible(r, maxFiles)) {
                eligible++;
                queries += Math.min(maxQueries, QueryRowBuilder.queriesOf(r).size());
            }
        }
        double perTransaction = eligible == 0 ? 1 : (double) queries / eligible;
        int withRows = (int) Math.min(eligible, Math.ceil(maxRowQueries / perTransaction));
        int firstWithRows = eligible - withRows;
        int complete = (int) Math.min(Math.ceil(completeFraction * eligible),
                Math.ceil(1.2 * maxCompleteQueries / perTransaction));
        int firstComplete = eligible - complete;
        CoChangeIndex index = new CoChangeIndex(options);
        List<QueryRows> out = new ArrayList<>();
        int seen = 0;
        for (int i = 0; i < sorted.size(); i++) {
            UpdateHistoryRecord r = sorted.get(i);
            if (isEligible(r, maxFiles)) {
                if (seen >= firstWithRows) {
                    QueryRowBuilder.Mode mode = seen >= firstComplete ? QueryRowBuilder.Mode.CAPPED
                            : QueryRowBuilder.Mode.SAMPLED;
                    out.addAll(builder.rowsFor(i, r, index, candidatesBefore.candidates(r, index), graphs.apply(r),
                            edits.apply(r), mode, maxQueries));
                }
                seen++;
            }
            index.add(r);
        }
        return new Result(out, index);
    }

    /** Whether a record yields training queries: 2 to {@code maxFiles} files. */
    public static boolean isEligible(UpdateHistoryRecord r, int maxFiles) {
        int n = r.transactionFiles().size();
        return n >= 2 && n <= maxFiles;
    }

    /** The candidate files before a record. */
    @FunctionalInterface
    public interface CandidateSource {
        /**
         * The candidates of one transaction.
         *
         * @param record the transaction
         * @param before the co-change index before it (it must not be changed)
         * @return the files that may have changed with the query files
         */
        Set<String> candidates(UpdateHistoryRecord record, CoChangeIndex before);

        /** The files the index knows and that were not deleted. */
        static CandidateSource existingInIndex() {
            return (record, before) -> before.existingFiles();
        }
    }
}
