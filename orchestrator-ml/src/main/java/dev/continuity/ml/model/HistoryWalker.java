package dev.continuity.ml.model;

import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.EditSource;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.history.CoChangeIndex;
import dev.continuity.ml.history.UpdateHistoryRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
        Plan plan = Plan.of(records, options, completeFraction, maxCompleteQueries, maxRowQueries, maxQueries);
        return plan.walk(options, builder, graphs, edits, maxQueries, candidatesBefore);
    }

    /**
     * Walks {@code records} like {@link #walk(List, CoChangeIndex.Options, QueryRowBuilder, Function, Function, double,
     * int, int, int, CandidateSource)}, with the edit evidence and the candidates of each record whose rows are built
     * read from {@code edits} on a second thread, a few records ahead of the rows: reading a repository's history then
     * overlaps building the rows, on a machine with a core to spare. The candidates of a record are
     * {@link EditSource#filesBefore} where known, else the files the co-change index knows. The rows are those of a
     * walk on one thread.
     *
     * <p>{@code edits} is called by that thread only, once per record in time order, and must return evidence the
     * walking thread may read while later records' evidence is made (as {@link EditSource#editsOf} requires); it is
     * not closed here, and no longer used when this returns or throws. An exception from {@code edits} is thrown here.
     */
    public static Result walk(List<UpdateHistoryRecord> records, CoChangeIndex.Options options,
                              QueryRowBuilder builder, Function<UpdateHistoryRecord, LinkGraph> graphs,
                              EditSource edits, double completeFraction, int maxCompleteQueries, int maxRowQueries,
                              int maxQueries) {
        Plan plan = Plan.of(records, options, completeFraction, maxCompleteQueries, maxRowQueries, maxQueries);
        List<UpdateHistoryRecord> needed = plan.withRows();
        if (needed.isEmpty()) {
            return plan.walk(options, builder, graphs, r -> EditEvidence.none(), maxQueries,
                    CandidateSource.existingInIndex());
        }
        try (Prefetcher ahead = new Prefetcher(needed, edits)) {
            return plan.walk(options, builder, graphs, ahead::editsOf, maxQueries, ahead::candidates);
        }
    }

    /**
     * Which transactions of a time-ordered history get rows, and which of those get complete ones.
     *
     * @param sorted        the records in time order
     * @param maxFiles      the largest eligible transaction
     * @param firstWithRows the first eligible transaction (counted among the eligible ones) that gets rows
     * @param firstComplete the first that gets complete rows
     */
    private record Plan(List<UpdateHistoryRecord> sorted, int maxFiles, int firstWithRows, int firstComplete) {

        static Plan of(List<UpdateHistoryRecord> records, CoChangeIndex.Options options, double completeFraction,
                       int maxCompleteQueries, int maxRowQueries, int maxQueries) {
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
            int complete = (int) Math.min(Math.ceil(completeFraction * eligible),
                    Math.ceil(1.2 * maxCompleteQueries / perTransaction));
            return new Plan(sorted, maxFiles, eligible - withRows, eligible - complete);
        }

        /** The records that get rows, in time order. */
        List<UpdateHistoryRecord> withRows() {
            List<UpdateHistoryRecord> out = new ArrayList<>();
            int seen = 0;
            for (UpdateHistoryRecord r : sorted) {
                if (isEligible(r, maxFiles)) {
                    if (seen >= firstWithRows) {
                        out.add(r);
                    }
                    seen++;
                }
            }
            return out;
        }

        Result walk(CoChangeIndex.Options options, QueryRowBuilder builder,
                    Function<UpdateHistoryRecord, LinkGraph> graphs, Function<UpdateHistoryRecord, EditEvidence> edits,
                    int maxQueries, CandidateSource candidatesBefore) {
            CoChangeIndex index = new CoChangeIndex(options);
            List<QueryRows> out = new ArrayList<>();
            int seen = 0;
            for (int i = 0; i < sorted.size(); i++) {
                UpdateHistoryRecord r = sorted.get(i);
                if (isEligible(r, maxFiles)) {
                    if (seen >= firstWithRows) {
                        QueryRowBuilder.Mode mode = seen >= firstComplete ? QueryRowBuilder.Mode.CAPPED
                                : QueryRowBuilder.Mode.SAMPLED;
                        EditEvidence evidence = edits.apply(r);
                        out.addAll(builder.rowsFor(i, r, index, candidatesBefore.candidates(r, index),
                                graphs.apply(r), evidence, mode, maxQueries));
                    }
                    seen++;
                }
                index.add(r);
            }
            return new Result(out, index);
        }
    }

    /**
     * Reads the evidence and the files before each of a list of records on its own thread, at most
     * {@link #AHEAD} records ahead of the walk, which takes them in the same order.
     */
    private static final class Prefetcher implements AutoCloseable {
        private static final int AHEAD = 16;

        /** What was read for one record, or what went wrong. */
        private record Item(UpdateHistoryRecord record, EditEvidence evidence, Optional<Set<String>> filesBefore,
                            Throwable error) {
        }

        private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(AHEAD);
        private final Thread thread;
        private volatile boolean stopped;
        private Item current;

        Prefetcher(List<UpdateHistoryRecord> records, EditSource edits) {
            thread = Thread.ofPlatform().name("continuity-edit-evidence").daemon()
                    .start(() -> produce(records, edits));
        }

        private void produce(List<UpdateHistoryRecord> records, EditSource edits) {
            for (UpdateHistoryRecord r : records) {
                if (stopped) {
                    return;
                }
                Item item;
                try {
                    item = new Item(r, edits.editsOf(r), edits.filesBefore(r), null);
                } catch (RuntimeException | Error e) {
                    offer(new Item(r, null, null, e));
                    return;
                }
                if (!offer(item)) {
                    return;
                }
            }
        }

        /** Queues {@code item} unless the walk stopped first; false when it did. */
        private boolean offer(Item item) {
            try {
                while (!stopped) {
                    if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        /** The evidence of {@code r}, the next record. */
        EditEvidence editsOf(UpdateHistoryRecord r) {
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the edit evidence of " + r.id(), e);
            }
            if (current.error() instanceof RuntimeException e) {
                throw e;
            }
            if (current.error() instanceof Error e) {
                throw e;
            }
            if (current.record() != r) {
                throw new IllegalStateException("the evidence of " + current.record().id() + " came for " + r.id());
            }
            return current.evidence();
        }

        /** The candidates of the record whose evidence was taken last. */
        Set<String> candidates(UpdateHistoryRecord r, CoChangeIndex before) {
            return current.filesBefore().orElseGet(before::existingFiles);
        }

        /** Stops the thread and waits for it: the edit source is not used after this. */
        @Override
        public void close() {
            stopped = true;
            queue.clear();
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
