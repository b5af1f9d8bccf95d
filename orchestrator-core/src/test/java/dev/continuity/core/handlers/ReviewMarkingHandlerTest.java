package dev.continuity.core.handlers;

import dev.continuity.api.StepOutcome;
import dev.continuity.api.spi.ProjectWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Review marks in an existing sidecar: the entry goes into {@code continuity.review}, and the sidecar stays valid YAML with the user's content. */
class ReviewMarkingHandlerTest {
    private static final String FILE = "50_管理資料/伏線リスト.yaml";
    private static final String SIDECAR = FILE + ReviewMarkingHandler.SIDECAR_SUFFIX;
    private static final ReviewMarkingHandler.ReviewEntry ENTRY = new ReviewMarkingHandler.ReviewEntry("the \"date\" moved: check", "detector x",
            "heal:x", Instant.parse("2026-11-21T00:00:00Z"));

    /** An in-memory project of two files. */
    private static final class Files implements ProjectWriter {
        final Map<String, byte[]> files = new LinkedHashMap<>();

        Files(String sidecar) {
            files.put(FILE, "foreshadowing: []\n".getBytes(StandardCharsets.UTF_8));
            if (sidecar != null) {
                files.put(SIDECAR, sidecar.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void write(String path, byte[] content) {
            files.put(path, content);
        }

        @Override
        public Optional<byte[]> read(String path) {
            return Optional.ofNullable(files.get(path));
        }

        String sidecar() {
            return new String(files.get(SIDECAR), StandardCharsets.UTF_8);
        }
    }

    private static Object load(String yaml) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> review(String yaml) {
        return (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) load(yaml)).get("continuity")).get("review");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "notes: keep me\ncontinuity:\n  other: 1\n",
            "notes: keep me\ncontinuity: {other: 1}\n",
            "continuity:\n  review: []\nnotes: keep me\n",
            "continuity:\n  review:\n  other: 1\nnotes: keep me\n",
            "continuity: ~\nnotes: keep me # a comment\n",
            "continuity:\n  review:\n  - reason: \"old\"\n    execution: \"e0\"\nnotes: keep me\n",
            "continuity:\n    review:\n        - reason: old\n          execution: e0\n    other: 1\nnotes:\n  - keep me\n  - and me",
            "notes: keep me\r\nnested:\r\n  deep:\r\n    - 1\r\n",
            "{notes: keep me}\n",
            "# only a comment\n",
            "",
            "notes: |\n  keep me\n  and me\n",
            "notes: keep me\ncontinuity:\n  review: [{reason: old, execution: e0}]\n",
    })
    void theEntryGoesIntoTheReviewListAndTheSidecarStaysValidWithTheUsersContent(String old) {
        Files files = new Files(old);
        assertThat(ReviewMarkingHandler.mark(files, FILE, ENTRY, false).outcome()).isEqualTo(StepOutcome.UPDATED);
        String updated = files.sidecar();
        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>) load(updated);
        List<Map<String, Object>> review = review(updated);
        assertThat(review.getLast()).containsEntry("reason", ENTRY.reason()).containsEntry("execution", "heal:x");
        Object before = load(old);
        if (before instanceof Map<?, ?> b) {
            b.forEach((k, v) -> {
                if (!k.equals("continuity")) {
                    assertThat(after).containsEntry((String) k, v);
                }
            });
            if (b.get("continuity") instanceof Map<?, ?> c && c.get("review") instanceof List<?> l) {
                assertThat(review).hasSize(l.size() + 1);
            }
        }
        // the old text is kept: removing the inserted characters gives it back
        assertThat(updated.length()).isGreaterThan(old.length());
        assertThat(ReviewMarkingHandler.mark(files, FILE, ENTRY, false).outcome()).isEqualTo(StepOutcome.UNCHANGED);
    }

    @Test
    void aBlockListGetsTheEntryAfterItsLastItemAndEveryOtherByteIsKept() {
        String old = "# my notes\ncontinuity:\n  review:\n    - reason: \"old\"\n      execution: \"e0\"\n  other: 1  # keep\nnotes: keep me\n";
        Files files = new Files(old);
        ReviewMarkingHandler.mark(files, FILE, ENTRY, false);
        assertThat(files.sidecar()).isEqualTo("# my notes\ncontinuity:\n  review:\n    - reason: \"old\"\n      execution: \"e0\"\n"
                + "    - reason: \"the \\\"date\\\" moved: check\"\n      source: \"detector x\"\n      execution: \"heal:x\"\n      at: \"2026-11-21T00:00:00Z\"\n"
                + "  other: 1  # keep\nnotes: keep me\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"- a list\n", "just text\n", "continuity: text\n", "continuity:\n  review: text\n", "a: [unclosed\n", "a: 1\n---\nb: 2\n"})
    void aSidecarThatCannotBeEditedSafelyIsRefusedAndLeftAsItIs(String old) {
        Files files = new Files(old);
        assertThatThrownBy(() -> ReviewMarkingHandler.mark(files, FILE, ENTRY, false))
                .isInstanceOf(ReviewMarkingHandler.UneditableSidecarException.class)
                .hasMessageContaining("cannot add a review entry to " + SIDECAR).hasMessageContaining("it was left as it is");
        assertThat(files.sidecar()).isEqualTo(old);
    }
}
