package dev.continuity.core.project;

import dev.continuity.api.EdgeKind;
import dev.continuity.api.spi.RawReference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The index of explicit reference spans answers exactly what testing every span answered. */
class ExplicitSpansTest {

    private static boolean bruteForce(List<RawReference> spans, int start, int end) {
        for (RawReference s : spans) {
            if (start < s.end() && s.start() < end) {
                return true;
            }
        }
        return false;
    }

    private static RawReference span(int start, int end) {
        return new RawReference(1, start, end, "x", EdgeKind.REFERENCES, "yaml", "any");
    }

    @Test
    void agreesWithTestingEverySpan() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 300; round++) {
            List<RawReference> spans = new ArrayList<>();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                int s = random.nextInt(60);
                spans.add(span(s, s + random.nextInt(8)));    // empty spans (start == end) included, in any order
            }
            ProjectScanner.Spans index = new ProjectScanner.Spans(spans);
            for (int start = 0; start < 70; start++) {
                for (int end = start + 1; end < start + 9; end++) {
                    assertThat(index.overlaps(start, end)).as("%s against [%d, %d)", spans, start, end)
                            .isEqualTo(bruteForce(spans, start, end));
                }
            }
        }
    }

    @Test
    void touchingIsNotOverlapping() {
        ProjectScanner.Spans index = new ProjectScanner.Spans(List.of(span(10, 14), span(0, 0)));
        assertThat(index.overlaps(14, 16)).isFalse();
        assertThat(index.overlaps(6, 10)).isFalse();
        assertThat(index.overlaps(13, 15)).isTrue();
        assertThat(new ProjectScanner.Spans(List.of()).overlaps(0, 5)).isFalse();
    }
}
