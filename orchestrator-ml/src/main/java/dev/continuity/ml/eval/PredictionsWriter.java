package dev.continuity.ml.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.continuity.ml.history.UpdateHistoryRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Writes one JSON line per (query, predictor):
 * {@code {"commit","time","predictor","query":[...],"expected":[...],"ranked":[{"file","confidence"}]}}
 * with the full ranking.
 */
public final class PredictionsWriter implements ImpactEvaluation.PredictionSink, AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;

    public PredictionsWriter(Path file) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write predictions to " + file, e);
        }
    }

    @Override
    public void accept(UpdateHistoryRecord tx, String predictor, List<String> query, Set<String> expected,
                       List<RankedFile> ranked) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("commit", tx.commit().orElse(tx.id()));
        o.put("time", tx.time().toString());
        o.put("predictor", predictor);
        ArrayNode q = o.putArray("query");
        query.forEach(q::add);
        ArrayNode e = o.putArray("expected");
        expected.forEach(e::add);
        ArrayNode r = o.putArray("ranked");
        for (RankedFile f : ranked) {
            r.addObject().put("file", f.file()).put("confidence", f.confidence());
        }
        try {
            out.write(MAPPER.writeValueAsString(o));
            out.write('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write predictions to " + file, ex);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
