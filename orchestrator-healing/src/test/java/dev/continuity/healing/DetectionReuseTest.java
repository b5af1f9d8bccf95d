package dev.continuity.healing;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectScanner;
import dev.continuity.core.project.ScanState;
import dev.continuity.healing.internal.RenameHistory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.continuity.healing.MiniSaga.TIMELINE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Healing detects again after every fix, on a state that differs from the last one in a file or two, and the detectors
 * reuse what they read of the files that did not change (the story model's per-file facts, name rankings, the scan
 * state). What they find must be exactly what they find on a fresh scan of the same content.
 */
class DetectionReuseTest {
    @TempDir
    Path dir;
    @TempDir
    Path fresh;

    private final ConsistencyVerifier verifier = new ConsistencyVerifier(BuiltIns.detectors(), new SimpleMeterRegistry());

    private static String render(List<ConsistencyIssue> issues) {
        StringBuilder out = new StringBuilder();
        issues.stream().sorted(java.util.Comparator.comparing(ConsistencyIssue::id)).forEach(i -> out.append(i.id()).append(' ').append(i.line())
                .append(' ').append(i.message()).append(' ').append(i.evidence()).append(' ').append(i.suggestion()).append('\n'));
        return out.toString();
    }

    @Test
    void anOverlayAfterADetectionIsSeenAsAFreshScanSeesTheSameContent() {
        MiniSaga.write(dir);
        ScanState.of(MiniSaga.scanner(dir).scan()).save(dir);
        ProjectScanner scanner = MiniSaga.scanner(dir);
        Project base = scanner.scan();
        assertThat(verifier.detect(base).issues()).isEmpty();

        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("20_プロット/第1巻/第2章.yaml", MiniSaga.read(dir, "20_プロット/第1巻/第2章.yaml")
                .replace("story_date: 1020-06-01", "story_date: 1020-04-01").replace("characters: [勇者, 賢者]", "characters: [勇者, アレンン]"));
        changes.put(TIMELINE, MiniSaga.read(dir, TIMELINE).replace("date: 1020-08-01", "date: 1020-05-15"));
        changes.put("30_設定集/キャラクター/賢者.yaml", MiniSaga.read(dir, "30_設定集/キャラクター/賢者.yaml").replace("name: 賢者", "name: 大賢者"));
        Map<String, byte[]> staged = new LinkedHashMap<>();
        changes.forEach((f, text) -> staged.put(f, text.getBytes(StandardCharsets.UTF_8)));

        // step by step, as a heal does: each state reuses what the detection of the one before read
        Project first = scanner.overlay(base, Map.of("20_プロット/第1巻/第2章.yaml", staged.get("20_プロット/第1巻/第2章.yaml")));
        verifier.detect(first);
        Project all = scanner.overlay(base, staged);
        List<ConsistencyIssue> reused = verifier.detect(all).issues();

        MiniSaga.write(fresh);
        ScanState.of(MiniSaga.scanner(fresh).scan()).save(fresh);
        changes.forEach((f, text) -> MiniSaga.write(fresh, f, text));
        List<ConsistencyIssue> scratch = verifier.detect(MiniSaga.scanner(fresh).scan()).issues();

        assertThat(reused).extracting(ConsistencyIssue::type).contains(IssueTypes.CHAPTER_DATE_ORDER, IssueTypes.BROKEN_REFERENCE,
                IssueTypes.TIMELINE_CAUSE_ORDER, IssueTypes.STALE_RENAME);
        assertThat(render(reused)).isEqualTo(render(scratch));
        assertThat(render(verifier.detect(base).issues())).as("and back: the base state has no issue").isEmpty();
    }

    @Test
    void aScanStateWrittenAgainIsReadAgain() {
        MiniSaga.write(dir);
        ProjectScanner scanner = MiniSaga.scanner(dir);
        ScanState.of(scanner.scan()).save(dir);
        MiniSaga.replace(dir, "30_設定集/キャラクター/賢者.yaml", "name: 賢者", "name: 大賢者");
        Project renamed = scanner.scan();
        assertThat(RenameHistory.of(renamed)).containsOnlyKeys("賢者");

        ScanState.of(renamed).save(dir);                    // the rename is recorded: the same snapshot has none left
        assertThat(RenameHistory.of(renamed)).isEmpty();
    }
}
