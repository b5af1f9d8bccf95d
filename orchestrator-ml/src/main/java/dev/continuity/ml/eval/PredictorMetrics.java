package dev.continuity.ml.eval;

/**
 * The metrics of one predictor over all test queries.
 *
 * <p>Ranking metrics are means over queries; a query without any prediction scores 0 on each of them.
 * Brier and ECE are computed over every (query, ranked candidate) pair, with the predictor's confidence as the
 * predicted probability and "the candidate is in the expected set" as the outcome; candidates a predictor does
 * not rank are not part of them. ECE uses 10 equal-width bins.
 *
 * @param predictor     predictor name
 * @param queries       number of test queries
 * @param map           mean average precision
 * @param recallAt5     mean recall among the first 5
 * @param recallAt10    mean recall among the first 10
 * @param top3HitRate   share of queries with an expected file among the first 3
 * @param precisionAt1  share of queries whose first file is expected
 * @param noPrediction  share of queries with an empty ranking
 * @param brier         Brier score over ranked pairs (NaN when none)
 * @param ece           expected calibration error over ranked pairs (NaN when none)
 * @param rankedPairs   number of ranked (query, candidate) pairs behind Brier and ECE
 */
public record PredictorMetrics(String predictor, int queries, double map, double recallAt5, double recallAt10,
                               double top3HitRate, double precisionAt1, double noPrediction, double brier,
                               double ece, long rankedPairs) {
}
