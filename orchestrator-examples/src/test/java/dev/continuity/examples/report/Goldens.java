package dev.continuity.examples.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files of the report exports, in {@code src/test/resources/golden/}, and the normalisation that makes a run
 * comparable with them: execution, plan and monitor ids, times, durations, measured rates and content hashes are
 * replaced by placeholders. Run with {@code -Dcontinuity.updateGoldens=true} to write the goldens anew after an
 * intended change, and review the diff.
 */
final class Goldens {
    static final Path DIR = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("continuity.updateGoldens");

    private static final Pattern EXEC = Pattern.compile("exec-[0-9a-f]+-[0-9a-f]+");
    private static final Pattern PLAN = Pattern.compile("plan-[0-9a-f]+-[0-9a-f]+");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC");
    private static final Pattern SHA = Pattern.compile("\\b[0-9a-f]{64}\\b");
    private static final Pattern DURATION = Pattern.compile("\\b\\d+(\\.\\d+)? (ms|s)\\b|\\b\\d+ min \\d+ s\\b");
    private static final Pattern FACTOR = Pattern.compile("\\b\\d+(\\.\\d+)?×");

    /** Fields whose value is a time or a duration. */
    private static final Set<String> TIMES = Set.of("startedAt", "generatedAt", "takenAt", "at", "detectedAt", "duration");
    /** Fields holding measured numbers (seconds from the start, rates, latencies). */
    private static final Set<String> MEASURED = Set.of("startSeconds", "endSeconds", "atSeconds", "elapsedSeconds", "throughputStepsPerSecond",
            "p50StepMillis", "p95StepMillis", "speedFactor", "elapsedMillis", "concurrencyLimit");

    private Goldens() {}

    /** Ids, instants and hashes in free text. */
    static String text(String s) {
        String out = EXEC.matcher(s).replaceAll("<exec-id>");
        out = PLAN.matcher(out).replaceAll("<plan-id>");
        out = INSTANT.matcher(out).replaceAll("<instant>");
        out = TIME.matcher(out).replaceAll("<time>");
        return SHA.matcher(out).replaceAll("<sha256>");
    }

    /** Free text with its durations and measured speed factors too. */
    static String prose(String s) {
        return FACTOR.matcher(DURATION.matcher(text(s)).replaceAll("<duration>")).replaceAll("<factor>×");
    }

    static String json(String json) {
        try {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            JsonNode tree = mapper.readTree(json);
            normalise(tree);
            return mapper.writeValueAsString(tree) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void normalise(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = o.get(name);
                if (name.equals("learningInsights") && v instanceof ArrayNode insights) {
                    // what a run learned holds measured durations in its prose
                    for (int i = 0; i < insights.size(); i++) {
                        insights.set(i, TextNode.valueOf(prose(insights.get(i).asText())));
                    }
                } else if (TIMES.contains(name) && !v.isNull()) {
                    o.set(name, TextNode.valueOf("<" + name + ">"));
                } else if (MEASURED.contains(name) && v.isNumber()) {
                    o.set(name, DoubleNode.valueOf(0));
                } else if (v.isTextual()) {
                    o.set(name, TextNode.valueOf(text(v.asText())));
                } else {
                    normalise(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, TextNode.valueOf(text(a.get(i).asText())));
                } else {
                    normalise(a.get(i));
                }
            }
        }
    }

    /** CSV rows with the measured columns blanked out (when they hold a value). */
    static String csv(String csv, List<String> measuredColumns) {
        List<String> lines = csv.lines().toList();
        List<String> header = List.of(lines.getFirst().split(","));
        StringBuilder out = new StringBuilder(lines.getFirst()).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = new ArrayList<>(splitCsv(line));
            for (String col : measuredColumns) {
                int i = header.indexOf(col);
                if (!cells.get(i).isEmpty()) {
                    cells.set(i, "<measured>");
                }
            }
            out.append(text(String.join(",", cells))).append('\n');
        }
        return out.toString();
    }

    /** Splits one CSV line (no line breaks inside fields), keeping quoted fields as they were. */
    static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                cell.append(c);
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** Compares with the golden file of this name, or writes it with {@code -Dcontinuity.updateGoldens=true}. */
    static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (UPDATE || !Files.exists(file)) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                assertThat(UPDATE).as("golden " + file + " did not exist and was written; review and commit it").isTrue();
                return;
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!actual.equals(expected)) {
                Path seen = Path.of("target/golden-actual").resolve(name);
                Files.createDirectories(seen.getParent());
                Files.writeString(seen, actual, StandardCharsets.UTF_8);
            }
            assertThat(actual).as("export differs from the golden " + file + " (the export is in target/golden-actual; intended? rerun with "
                    + "-Dcontinuity.updateGoldens=true)").isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
