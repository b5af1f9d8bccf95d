package dev.continuity.ml.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON form of {@link UpdateHistoryRecord}: explicit, versioned, independent of Java names. */
final class RecordCodec {

    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordCodec() {
    }

    static String toJson(UpdateHistoryRecord r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", FORMAT_VERSION);
        o.put("id", r.id());
        r.commit().ifPresent(c -> o.put("commit", c));
        r.parentCommit().ifPresent(c -> o.put("parent", c));
        o.put("time", r.time().toString());
        r.author().ifPresent(a -> o.put("author", a));
        o.put("source", r.source().name());
        ArrayNode changed = o.putArray("changed");
        for (ChangedFile c : r.changedFiles()) {
            ObjectNode f = changed.addObject();
            f.put("path", c.path());
            f.put("added", c.linesAdded());
            f.put("deleted", c.linesDeleted());
            f.put("kind", c.kind().name());
        }
        ArrayNode predicted = o.putArray("predicted");
        r.predictedFiles().forEach(predicted::add);
        ArrayNode affected = o.putArray("affected");
        r.affectedFiles().forEach(affected::add);
        if (!r.flaggedFiles().isEmpty()) {
            ArrayNode flagged = o.putArray("flagged");
            r.flaggedFiles().forEach(flagged::add);
        }
        ObjectNode steps = o.putObject("stepMillis");
        r.stepDurations().forEach((k, v) -> steps.put(k, v.toMillis()));
        ArrayNode failures = o.putArray("failures");
        r.failures().forEach(failures::add);
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise history record " + r.id(), e);
        }
    }

    static UpdateHistoryRecord fromJson(String json) throws JsonProcessingException {
        JsonNode o = MAPPER.readTree(json);
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("record is not a JSON object");
        }
        int version = required(o, "v").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported record format version " + version);
        }
        List<ChangedFile> changed = new ArrayList<>();
        for (JsonNode f : required(o, "changed")) {
            changed.add(new ChangedFile(required(f, "path").asText(), required(f, "added").asInt(),
                    required(f, "deleted").asInt(), ChangeKind.valueOf(required(f, "kind").asText())));
        }
        Map<String, Duration> steps = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.path("stepMillis").properties()) {
            steps.put(e.getKey(), Duration.ofMillis(e.getValue().asLong()));
        }
        return new UpdateHistoryRecord(
                required(o, "id").asText(),
                optionalText(o, "commit"),
                optionalText(o, "parent"),
                OffsetDateTime.parse(required(o, "time").asText()),
                optionalText(o, "author"),
                RecordSource.valueOf(required(o, "source").asText()),
                changed,
                texts(o.path("predicted")),
                texts(o.path("affected")),
                steps,
                texts(o.path("failures")),
                texts(o.path("flagged")));
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return n;
    }

    private static Optional<String> optionalText(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }
}
