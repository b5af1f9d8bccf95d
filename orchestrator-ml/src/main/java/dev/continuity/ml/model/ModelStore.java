package dev.continuity.ml.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Stores impact models in a project's {@code .continuity/models/}:
 * <pre>
 * models/current                      the id of the current model (replaced atomically)
 * models/&lt;id&gt;/model-N.tribuo         the Tribuo model of member N, protobuf ({@link Model#serializeToFile(Path)})
 * models/&lt;id&gt;/calibrator.json        the calibrator, with the strata calibrated apart ({@code strata}, absent
 *                                     in models saved before strata existed)
 * models/&lt;id&gt;/feature-schema.json    extractor ids and versions, feature names, the members (file and input
 *                                     quantization) and the model's metadata
 * </pre>
 * The current model and the one before it are kept; older ones are deleted.
 */
public final class ModelStore {

    /** The models folder relative to the project root. */
    public static final String RELATIVE_PATH = ".continuity/models";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String MODEL_FILE = "model-%d.tribuo";
    private static final String CALIBRATOR_FILE = "calibrator.json";
    private static final String SCHEMA_FILE = "feature-schema.json";
    private static final String CURRENT = "current";
    private static final int SCHEMA_VERSION = 1;

    private final Path dir;

    private ModelStore(Path dir) {
        this.dir = dir;
    }

    /** The store of the project rooted at {@code projectRoot}. */
    public static ModelStore forProject(Path projectRoot) {
        return new ModelStore(projectRoot.resolve(RELATIVE_PATH));
    }

    /** A store in an explicit folder. */
    public static ModelStore atDirectory(Path dir) {
        return new ModelStore(dir);
    }

    /** The models folder. */
    public Path directory() {
        return dir;
    }

    /**
     * What the retraining policy has counted since a model was trained: the runs recorded, and the average precision of
     * the model on each of them. Kept beside the models, so that the policy counts across processes (every CLI
     * command is one).
     *
     * @param modelId the model the counts are of
     * @param runs    runs recorded since it was trained
     * @param aps     its average precision on those of them with an expected file
     */
    public record SinceTraining(String modelId, int runs, List<Double> aps) {
        /** Copies the list. */
        public SinceTraining {
            aps = List.copyOf(aps);
        }
    }

    private static final String SINCE_TRAINING = "since-training.json";

    /** Stores the counts since the current model was trained, atomically. */
    public synchronized void saveSinceTraining(SinceTraining since) {
        try {
            Files.createDirectories(dir);
            ObjectNode o = MAPPER.createObjectNode();
            o.put("model", since.modelId());
            o.put("runs", since.runs());
            ArrayNode aps = o.putArray("aps");
            since.aps().forEach(aps::add);
            writeAtomically(dir.resolve(SINCE_TRAINING), MAPPER.writeValueAsString(o));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + dir.resolve(SINCE_TRAINING), e);
        }
    }

    /**
     * The counts since {@code modelId} was trained, when they were stored for that model; empty when none were, or the
     * file cannot be read (the policy then counts from zero, as after a training).
     */
    public synchronized Optional<SinceTraining> loadSinceTraining(String modelId) {
        Path file = dir.resolve(SINCE_TRAINING);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode o = MAPPER.readTree(file.toFile());
            if (o == null || !modelId.equals(o.path("model").asText())) {
                return Optional.empty();
            }
            List<Double> aps = new ArrayList<>();
            o.path("aps").forEach(n -> aps.add(n.asDouble()));
            return Optional.of(new SinceTraining(modelId, Math.max(0, o.path("runs").asInt()), aps));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Saves a model and makes it the current one. */
    public synchronized void save(ImpactModel model) {
        String id = model.metadata().id();
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("model id must be a plain file name, got " + id);
        }
        Path target = dir.resolve(id);
        try {
            Files.createDirectories(target);
            for (int i = 0; i < model.members().size(); i++) {
                Path file = target.resolve(String.format(MODEL_FILE, i));
                model.members().get(i).model().serializeToFile(file);
                force(file);
            }
            writeAtomically(target.resolve(CALIBRATOR_FILE), MAPPER.writeValueAsString(calibrationJson(model)));
            writeAtomically(target.resolve(SCHEMA_FILE), MAPPER.writeValueAsString(schemaJson(model)));
            writeAtomically(dir.resolve(CURRENT), id + "\n");
            prune(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save impact model " + id + " to " + target, e);
        }
    }

    /**
     * A stored model asked for as {@code requestedType} and trained on the history up to {@code cutoff}, with this
     * feature signature: the one training that history with that type would make again (training is deterministic),
     * so switching between model types need not retrain. Empty when none is stored (or none can be read).
     */
    public synchronized Optional<ImpactModel> findTrained(ModelType requestedType, Instant cutoff, Map<String, Integer> signature) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(dir)) {
            folders = s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        for (Path folder : folders) {
            try {
                ModelMetadata meta = metadataFromJson(MAPPER.readTree(folder.resolve(SCHEMA_FILE).toFile()));
                if (meta.requestedType() == requestedType && meta.historyCutoff().equals(cutoff)) {
                    return Optional.of(load(folder.getFileName().toString(), signature));
                }
            } catch (IOException | RuntimeException e) {
                // not a readable model (being written, damaged, another schema): not the one
            }
        }
        return Optional.empty();
    }

    /** Makes a stored model the current one. */
    public synchronized void makeCurrent(String id) {
        try {
            writeAtomically(dir.resolve(CURRENT), id + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + id + " the current impact model in " + dir, e);
        }
    }

    /** Whether a model with this id is stored. */
    public boolean contains(String id) {
        return Files.isDirectory(dir.resolve(id));
    }

    /** The current model id, if a model was saved. */
    public Optional<String> currentId() {
        Path current = dir.resolve(CURRENT);
        if (!Files.exists(current)) {
            return Optional.empty();
        }
        try {
            String id = Files.readString(current, StandardCharsets.UTF_8).trim();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException e) {
            throw new ModelStoreException(current, "cannot read the current model pointer", e);
        }
    }

    /**
     * Loads the current model.
     *
     * @param expectedSignature the current feature pipeline's signature; a stored model built with other
     *                          extractors is refused
     * @return empty when no model was saved
     * @throws ModelStoreException when files are missing, unreadable or the schema does not match
     */
    public Optional<ImpactModel> loadCurrent(Map<String, Integer> expectedSignature) {
        Optional<String> id = currentId();
        return id.map(i -> load(i, expectedSignature));
    }

    /** Loads a model by id (see {@link #loadCurrent}). */
    public ImpactModel load(String id, Map<String, Integer> expectedSignature) {
        Path folder = dir.resolve(id);
        ModelMetadata meta;
        Calibrator calibrator;
        List<StratumCalibration> strata;
        List<Double> quantization = new ArrayList<>();
        ImpactModel.PriorBlend blend;
        try {
            JsonNode schema = MAPPER.readTree(folder.resolve(SCHEMA_FILE).toFile());
            meta = metadataFromJson(schema);
            for (JsonNode m : schema.path("members")) {
                quantization.add(m.get("quantization").asDouble());
            }
            JsonNode b = schema.path("blend");
            blend = b.isMissingNode() ? ImpactModel.PriorBlend.none()
                    : new ImpactModel.PriorBlend(b.get("modelWeight").asDouble(), b.get("priorFeature").asText());
            JsonNode calibration = MAPPER.readTree(folder.resolve(CALIBRATOR_FILE).toFile());
            calibrator = calibratorFromJson(calibration);
            strata = strataFromJson(calibration.path("strata"));
        } catch (IOException | RuntimeException e) {
            throw new ModelStoreException(folder, "cannot read the model's schema or calibrator", e);
        }
        if (!new ArrayList<>(meta.featureSignature().entrySet()).equals(new ArrayList<>(expectedSignature.entrySet()))) {
            throw new ModelStoreException(folder.resolve(SCHEMA_FILE), "feature schema mismatch: model was trained with "
                    + meta.featureSignature() + ", the pipeline has " + expectedSignature);
        }
        if (quantization.isEmpty()) {
            throw new ModelStoreException(folder.resolve(SCHEMA_FILE), "the schema lists no model member");
        }
        List<ImpactModel.Member> members = new ArrayList<>();
        for (int i = 0; i < quantization.size(); i++) {
            Path file = folder.resolve(String.format(MODEL_FILE, i));
            Model<?> raw;
            try {
                raw = Model.deserializeFromFile(file);
            } catch (IOException | RuntimeException e) {
                throw new ModelStoreException(file, "cannot deserialise the Tribuo model", e);
            }
            if (!raw.validate(Label.class)) {
                throw new ModelStoreException(file, "not a classification model");
            }
            members.add(new ImpactModel.Member(raw.castModel(Label.class), quantization.get(i)));
        }
        return new ImpactModel(members, blend, calibrator, strata, meta);
    }

    private void prune(String keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> models = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).forEach(models::add);
        }
        models.sort(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p.resolve(SCHEMA_FILE)).toInstant();
            } catch (IOException e) {
                // no schema yet: a model another process is writing now, newer than any finished one
                return Instant.MAX;
            }
        }).reversed());
        int kept = 0;
        for (Path p : models) {
            if (p.getFileName().toString().equals(keep) || kept < 2) {
                kept++;
                continue;
            }
            try (Stream<Path> files = Files.walk(p)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        force(tmp);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static ObjectNode calibratorJson(Calibrator c) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("method", c.method());
        switch (c) {
            case IsotonicCalibrator iso -> {
                ArrayNode x = o.putArray("x");
                for (double v : iso.knotScores()) {
                    x.add(v);
                }
                ArrayNode y = o.putArray("y");
                for (double v : iso.knotProbabilities()) {
                    y.add(v);
                }
            }
            case PlattCalibrator platt -> {
                o.put("a", platt.a());
                o.put("b", platt.b());
            }
            case IdentityCalibrator id -> {
                // nothing to store
            }
        }
        return o;
    }

    static ObjectNode calibrationJson(ImpactModel model) {
        ObjectNode o = calibratorJson(model.calibrator());
        if (!model.strata().isEmpty()) {
            ArrayNode strata = o.putArray("strata");
            for (StratumCalibration s : model.strata()) {
                strata.addObject().put("feature", s.feature()).put("shift", s.shift()).put("rate", s.rate())
                        .put("transactions", s.transactions()).put("pairs", s.pairs());
            }
        }
        return o;
    }

    static List<StratumCalibration> strataFromJson(JsonNode strata) {
        if (strata.isMissingNode() || strata.isNull()) {
            return List.of();
        }
        if (!strata.isArray()) {
            throw new IllegalArgumentException("'strata' must be an array");
        }
        List<StratumCalibration> out = new ArrayList<>();
        for (JsonNode s : strata) {
            for (String field : List.of("feature", "shift", "rate", "transactions", "pairs")) {
                if (!s.hasNonNull(field)) {
                    throw new IllegalArgumentException("a stratum lacks '" + field + "'");
                }
            }
            out.add(new StratumCalibration(s.get("feature").asText(), s.get("shift").asDouble(), s.get("rate").asDouble(),
                    s.get("transactions").asInt(), s.get("pairs").asInt()));
        }
        return out;
    }

    static Calibrator calibratorFromJson(JsonNode o) {
        String method = o.path("method").asText();
        return switch (method) {
            case "isotonic" -> new IsotonicCalibrator(doubles(o.get("x")), doubles(o.get("y")));
            case "platt" -> new PlattCalibrator(o.get("a").asDouble(), o.get("b").asDouble());
            case "identity" -> Calibrator.identity();
            default -> throw new IllegalArgumentException("unknown calibrator method '" + method + "'");
        };
    }

    static ObjectNode schemaJson(ImpactModel model) {
        ModelMetadata m = model.metadata();
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schemaVersion", SCHEMA_VERSION);
        ArrayNode members = o.putArray("members");
        for (int i = 0; i < model.members().size(); i++) {
            ImpactModel.Member member = model.members().get(i);
            members.addObject().put("file", String.format(MODEL_FILE, i))
                    .put("tribuoClass", member.model().getClass().getName())
                    .put("quantization", member.quantizationStep());
        }
        o.putObject("blend").put("modelWeight", model.blend().modelWeight())
                .put("priorFeature", model.blend().priorFeature());
        ArrayNode extractors = o.putArray("extractors");
        m.featureSignature().forEach((id, v) -> extractors.addObject().put("id", id).put("version", v));
        ArrayNode names = o.putArray("features");
        m.featureNames().forEach(names::add);
        ObjectNode meta = o.putObject("model");
        meta.put("id", m.id());
        meta.put("type", m.type().name());
        meta.put("requestedType", m.requestedType().name());
        meta.put("createdAt", m.createdAt().toString());
        meta.put("historyCutoff", m.historyCutoff().toString());
        meta.put("trainedTransactions", m.trainedTransactions());
        meta.put("trainingQueries", m.trainingQueries());
        meta.put("trainingRows", m.trainingRows());
        meta.put("validationQueries", m.validationQueries());
        ObjectNode maps = meta.putObject("validationMap");
        m.validationMap().forEach((k, v) -> putDouble(maps, k, v));
        meta.put("calibrationMethod", m.calibrationMethod());
        putDouble(meta, "validationEce", m.validationEce());
        putDouble(meta, "validationBrier", m.validationBrier());
        meta.put("seed", m.seed());
        return o;
    }

    static ModelMetadata metadataFromJson(JsonNode o) {
        if (o.path("schemaVersion").asInt() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported feature schema version " + o.path("schemaVersion"));
        }
        Map<String, Integer> sig = new LinkedHashMap<>();
        for (JsonNode e : o.path("extractors")) {
            sig.put(e.get("id").asText(), e.get("version").asInt());
        }
        List<String> names = new ArrayList<>();
        o.path("features").forEach(n -> names.add(n.asText()));
        JsonNode m = o.get("model");
        Map<String, Double> maps = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : m.path("validationMap").properties()) {
            maps.put(e.getKey(), readDouble(e.getValue()));
        }
        return new ModelMetadata(m.get("id").asText(), ModelType.valueOf(m.get("type").asText()),
                ModelType.valueOf(m.get("requestedType").asText()), Instant.parse(m.get("createdAt").asText()),
                Instant.parse(m.get("historyCutoff").asText()), m.get("trainedTransactions").asInt(),
                m.get("trainingQueries").asInt(), m.get("trainingRows").asInt(), m.get("validationQueries").asInt(),
                maps, m.get("calibrationMethod").asText(), readDouble(m.get("validationEce")),
                readDouble(m.get("validationBrier")), sig, names, m.get("seed").asLong());
    }

    private static void putDouble(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static double readDouble(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
