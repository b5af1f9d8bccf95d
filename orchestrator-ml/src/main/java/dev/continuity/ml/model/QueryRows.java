package dev.continuity.ml.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The rows of one query of one history transaction: the query files, and a row per candidate
 * (all candidates, or all positives plus a sample of negatives).
 *
 * @param transactionIndex position of the transaction in the time-ordered history
 * @param transactionId    the record id
 * @param time             the transaction's time
 * @param queryFiles       the files of the query
 * @param rows             one row per kept candidate
 * @param candidateCount   number of candidates before sampling
 * @param complete         whether the rows represent the whole candidate set (all of it, or a weighted sample
 *                         that includes every positive) and can be used for validation and calibration
 */
public record QueryRows(int transactionIndex, String transactionId, Instant time, List<String> queryFiles,
                        List<CandidateRow> rows, int candidateCount, boolean complete) {

    /** Rejects a null {@code transactionId} or {@code time}; copies the lists. */
    public QueryRows {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(time, "time");
        queryFiles = List.copyOf(queryFiles);
        rows = List.copyOf(rows);
    }

    /** Number of positive rows. */
    public int positives() {
        int n = 0;
        for (CandidateRow r : rows) {
            if (r.impacted()) {
                n++;
            }
        }
        return n;
    }

    /**
     * The rows to train on: every positive plus at most {@code negatives} negatives drawn without replacement with the
     * given seed, half of them (when available) among the related candidates (hard negatives) and the rest among the
     * others. Positives weigh 1. A drawn negative weighs the total weight of its stratum (related or other) over the
     * number drawn from it, so the sample stands for the whole candidate set: related candidates are drawn far more
     * often than their share of a large project, and a model fitted to them at face value learns that co-changing with
     * the query makes a file <em>less</em> likely to change (class balance is the trainer's job).
     */
    public List<CandidateRow> trainingRows(int negatives, long seed) {
        List<CandidateRow> pos = new ArrayList<>();
        List<CandidateRow> hard = new ArrayList<>();
        List<CandidateRow> easy = new ArrayList<>();
        for (CandidateRow r : rows) {
            if (r.impacted()) {
                pos.add(r);
            } else if (r.related()) {
                hard.add(r);
            } else {
                easy.add(r);
            }
        }
        SplittableRandom rng = new SplittableRandom(seed ^ (transactionIndex * 0x9E3779B97F4A7C15L)
                ^ queryFiles.hashCode());
        shuffle(hard, rng);
        shuffle(easy, rng);
        int fromHard = Math.min(hard.size(), Math.max(negatives / 2, negatives - easy.size()));
        int fromEasy = Math.min(easy.size(), negatives - fromHard);
        List<CandidateRow> out = new ArrayList<>(pos.size() + fromHard + fromEasy);
        double hardWeight = stratumWeight(hard, fromHard);
        double easyWeight = stratumWeight(easy, fromEasy);
        for (CandidateRow r : pos) {
            out.add(new CandidateRow(r.candidate(), true, 1.0, r.features(), r.related()));
        }
        for (CandidateRow r : hard.subList(0, fromHard)) {
            out.add(new CandidateRow(r.candidate(), false, hardWeight, r.features(), true));
        }
        for (CandidateRow r : easy.subList(0, fromEasy)) {
            out.add(new CandidateRow(r.candidate(), false, easyWeight, r.features(), false));
        }
        return out;
    }

    /** The stratum's total weight over the rows drawn from it (1 when none is drawn). */
    private static double stratumWeight(List<CandidateRow> stratum, int drawn) {
        if (drawn == 0) {
            return 1.0;
        }
        double total = 0;
        for (CandidateRow r : stratum) {
            total += r.weight();
        }
        return total / drawn;
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
