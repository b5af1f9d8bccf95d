package dev.continuity.ml.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/** Renders an {@link EvaluationResult} as a text table or JSON. */
public final class EvaluationReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvaluationReport() {
    }

    /** A fixed-width table, one row per predictor. */
    public static String table(EvaluationResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "transactions %d, test period from %s: %d test transactions, %d queries, "
                + "%d model trainings, %.1f s%n%n", r.transactions(), r.testStart(), r.testTransactions(), r.queries(),
                r.retrainings(), r.elapsed().toMillis() / 1000.0));
        sb.append(String.format(Locale.ROOT, "| %-12s | %6s | %6s | %6s | %6s | %6s | %7s | %6s | %6s | %6s |%n",
                "predictor", "MAP", "R@5", "R@10", "Top3", "P@1", "no-pred", "Brier", "ECE", "pairs"));
        sb.append("|--------------|--------|--------|--------|--------|--------|---------|--------|--------|--------|\n");
        for (PredictorMetrics m : r.metrics()) {
            sb.append(String.format(Locale.ROOT,
                    "| %-12s | %6.4f | %6.4f | %6.4f | %6.4f | %6.4f | %7.4f | %6s | %6s | %6d |%n",
                    m.predictor(), m.map(), m.recallAt5(), m.recallAt10(), m.top3HitRate(), m.precisionAt1(),
                    m.noPrediction(), fmt(m.brier()), fmt(m.ece()), m.rankedPairs()));
        }
        PredictorMetrics model = r.metrics().stream().filter(m -> m.predictor().equals("model")).findFirst().orElse(null);
        PredictorMetrics rose = r.metrics().stream().filter(m -> m.predictor().equals("cochange")).findFirst().orElse(null);
        if (model != null && rose != null && rose.map() > 0) {
            sb.append(String.format(Locale.ROOT, "%nmodel MAP / cochange MAP = %.3f (goal >= 1.10); model ECE = %s "
                    + "(goal <= 0.05)%n", model.map() / rose.map(), fmt(model.ece())));
            EvaluationResult.Uncertainty u = r.uncertainty();
            if (u.resamples() > 0) {
                sb.append(String.format(Locale.ROOT, "95%% bootstrap intervals over the %d test transactions: MAP ratio "
                        + "%.3f-%.3f, ECE %s-%s%n", u.transactions(), u.mapRatioLow(), u.mapRatioHigh(),
                        fmt(u.eceLow()), fmt(u.eceHigh())));
            }
            EvaluationResult.CommitEffect c = r.commitEffect();
            if (c.draws() > 0) {
                sb.append(String.format(Locale.ROOT, "commit effect sigma %.2f: a model calibrated on average over commits "
                        + "would measure ECE %s (p95 %s) on this period, <= 0.05 in %.0f%% of %d draws%n", c.sigma(),
                        fmt(c.idealEceMedian()), fmt(c.idealEceP95()), 100 * c.idealWithinGoal(), c.draws()));
            }
        }
        return sb.toString();
    }

    /** The result as pretty-printed JSON. */
    public static String json(EvaluationResult r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("transactions", r.transactions());
        o.put("testStart", r.testStart().toString());
        o.put("testTransactions", r.testTransactions());
        o.put("queries", r.queries());
        o.put("retrainings", r.retrainings());
        o.put("elapsedMillis", r.elapsed().toMillis());
        ArrayNode metrics = o.putArray("metrics");
        for (PredictorMetrics m : r.metrics()) {
            ObjectNode n = metrics.addObject();
            n.put("predictor", m.predictor());
            n.put("queries", m.queries());
            n.put("map", m.map());
            n.put("recallAt5", m.recallAt5());
            n.put("recallAt10", m.recallAt10());
            n.put("top3HitRate", m.top3HitRate());
            n.put("precisionAt1", m.precisionAt1());
            n.put("noPrediction", m.noPrediction());
            putDouble(n, "brier", m.brier());
            putDouble(n, "ece", m.ece());
            n.put("rankedPairs", m.rankedPairs());
        }
        EvaluationResult.Uncertainty u = r.uncertainty();
        ObjectNode un = o.putObject("uncertainty");
        un.put("resamples", u.resamples());
        un.put("transactions", u.transactions());
        putDouble(un, "mapRatioLow", u.mapRatioLow());
        putDouble(un, "mapRatioHigh", u.mapRatioHigh());
        putDouble(un, "eceLow", u.eceLow());
        putDouble(un, "eceHigh", u.eceHigh());
        EvaluationResult.CommitEffect c = r.commitEffect();
        ObjectNode ce = o.putObject("commitEffect");
        ce.put("transactions", c.transactions());
        putDouble(ce, "sigma", c.sigma());
        ce.put("draws", c.draws());
        putDouble(ce, "idealEceMedian", c.idealEceMedian());
        putDouble(ce, "idealEceP95", c.idealEceP95());
        putDouble(ce, "idealWithinGoal", c.idealWithinGoal());
        ArrayNode trainings = o.putArray("trainings");
        for (EvaluationResult.TrainingSummary t : r.trainings()) {
            ObjectNode n = trainings.addObject();
            n.put("beforeCommit", t.beforeCommit());
            n.put("trainingQueries", t.trainingQueries());
            n.put("type", t.type());
            putDouble(n, "validationMap", t.validationMap());
            n.put("calibration", t.calibration());
        }
        try {
            return MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render the evaluation result", e);
        }
    }

    private static void putDouble(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }
}
