package dev.continuity.healing;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.api.spi.ProjectWriter;
import dev.continuity.core.execute.StagingProjectWriter;
import dev.continuity.core.project.PathGuard;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ScanState;
import dev.continuity.healing.detect.ChapterDateOrderDetector;
import dev.continuity.healing.detect.StaleRenameDetector;
import dev.continuity.healing.detect.TimelineCauseDetector;
import dev.continuity.healing.fix.RenameCompletionStrategy;
import dev.continuity.healing.fix.TimelineRepairStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;

import static dev.continuity.healing.MiniSaga.TIMELINE;
import static dev.continuity.healing.MiniSaga.replace;
import static org.assertj.core.api.Assertions.assertThat;

class StrategiesTest {
    @TempDir
    Path dir;

    private record Ctx(ProjectSnapshot project, ProjectWriter writer, InstantSource clock) implements FixContext {}

    /** Detects with {@code detector} on a fresh scan, applies {@code strategy} to the only issue; returns the staged file. */
    private String fix(IssueDetector detector, FixStrategy strategy, String file, FixOutcome expected) {
        Project p = MiniSaga.scanner(dir).scan();
        ConsistencyIssue issue = detector.detect(p).stream().filter(i -> i.file().equals(file)).findFirst().orElseThrow();
        StagingProjectWriter writer = new StagingProjectWriter(new PathGuard(dir));
        FixResult r = strategy.apply(issue, new Ctx(p, writer, InstantSource.fixed(Instant.EPOCH)));
        assertThat(r.outcome()).as(r.description()).isEqualTo(expected);
        byte[] staged = writer.staged().get(file);
        return staged == null ? MiniSaga.read(dir, file) : new String(staged, StandardCharsets.UTF_8);
    }

    /** The broken link of {@code file} as the reference repair rewrites it, after a fresh detection. */
    private String repaired(String file, FixOutcome expected) {
        return fix(new dev.continuity.healing.detect.BrokenReferenceDetector(), new dev.continuity.healing.fix.ReferenceRepairStrategy(), file, expected);
    }

    /** Writes the mini saga and a note {@code 50_管理資料/メモ.md} of a heading and {@code links}; returns the note's path. */
    private String sagaWithNote(String links) {
        MiniSaga.write(dir);
        String note = "50_管理資料/メモ.md";
        MiniSaga.write(dir, note, "# メモ\n" + links);
        return note;
    }

    @Test
    void aLinkWithTheOtherExtensionOfItsFormatIsRepairedToThatFileHoweverCloseOtherNamesAre() {
        MiniSaga.write(dir);
        for (int n : new int[] {11, 12, 21}) {      // 第1章.yml is as close to 第11章.yaml as to 第1章.yaml
            MiniSaga.write(dir, "20_プロット/第1巻/第" + n + "章.yaml", "volume: 1\nchapter: " + n + "\ntitle: 第" + n + "章\n");
        }
        String list = "50_管理資料/伏線リスト.yaml";
        replace(dir, list, "setup: 20_プロット/第1巻/第1章.yaml", "setup: 20_プロット/第1巻/第1章.yml");
        assertThat(repaired(list, FixOutcome.APPLIED)).contains("setup: 20_プロット/第1巻/第1章.yaml\n");
    }

    @Test
    void aLinkInAnotherLetterCaseIsRepairedAsWrittenRelativeToItsFile() {
        String note = sagaWithNote("[第3章](../20_プロット/第1巻/第3章.YAML) と [地図](./Maps/World.md)\n");
        MiniSaga.write(dir, "50_管理資料/maps/world.md", "# 地図\n");
        String fixed = repaired(note, FixOutcome.APPLIED);
        assertThat(fixed).contains("[第3章](../20_プロット/第1巻/第3章.yaml)").contains("[地図](./Maps/World.md)");
        MiniSaga.write(dir, note, fixed);
        assertThat(repaired(note, FixOutcome.APPLIED)).contains("[地図](./maps/world.md)");
    }

    @Test
    void aLinkToAMovedFileIsRepairedWhenOnlyOneFileHasItsName() {
        String note = sagaWithNote("[地図](資料/旧い地図(改).md)\n[年表の注](<注/年表 注記.md>)\n[人物](30_設定集/人物メモ.md)\n");
        MiniSaga.write(dir, "30_設定集/世界観/旧い地図(改).md", "# 地図\n");
        MiniSaga.write(dir, "30_設定集/年表 注記.md", "# 注記\n");
        MiniSaga.write(dir, "30_設定集/キャラクター/メモ/人物メモ.md", "# 人物\n");
        String fixed = MiniSaga.read(dir, note);
        for (int i = 0; i < 3; i++) {
            fixed = repaired(note, FixOutcome.APPLIED);
            MiniSaga.write(dir, note, fixed);
        }
        // in the form it was written in: relative to the note, or from the root; encoded where a Markdown link has no
        // angle brackets
        assertThat(fixed).contains("[地図](../30_設定集/世界観/旧い地図%28改%29.md)").contains("[年表の注](<../30_設定集/年表 注記.md>)")
                .contains("[人物](30_設定集/キャラクター/メモ/人物メモ.md)");
        assertThat(MiniSaga.scanner(dir).scan().referencesFrom(note)).extracting(dev.continuity.api.Reference::target).containsExactlyInAnyOrder(
                "30_設定集/世界観/旧い地図(改).md", "30_設定集/年表 注記.md", "30_設定集/キャラクター/メモ/人物メモ.md");
    }

    @Test
    void aMovedFileWhoseNameTwoFilesShareIsLeftToAHuman() {
        String note = sagaWithNote("[地図](資料/地図帳.md)\n");
        MiniSaga.write(dir, "30_設定集/世界観/地図帳.md", "# 地図\n");
        MiniSaga.write(dir, "30_設定集/旧版/地図帳.md", "# 旧い地図\n");
        assertThat(repaired(note, FixOutcome.NEEDS_HUMAN)).contains("[地図](資料/地図帳.md)");
    }

    @Test
    void withTheLastScanRecordedAMovedFileIsTheOneWithItsContentAndADeletedFileIsNotGuessed() {
        String note = sagaWithNote("[地図](資料/地図帳.md)\n");
        MiniSaga.write(dir, "50_管理資料/資料/地図帳.md", "# 王国の地図\n");
        MiniSaga.write(dir, "30_設定集/旧版/地図帳.md", "# 旧い地図\n");
        ScanState.record(dir, MiniSaga.scanner(dir).scan());
        try {
            java.nio.file.Files.delete(dir.resolve("50_管理資料/資料/地図帳.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // deleted: the other 地図帳.md is the only file of that name, but the last scan saw it, with other content
        assertThat(repaired(note, FixOutcome.NEEDS_HUMAN)).contains("[地図](資料/地図帳.md)");

        MiniSaga.write(dir, "30_設定集/世界観/地図帳.md", "# 王国の地図\n");      // moved: two files of that name now
        assertThat(repaired(note, FixOutcome.APPLIED)).contains("[地図](../30_設定集/世界観/地図帳.md)");
    }

    @Test
    void aTimelineEntryListedBeforeItsCauseIsMovedByteForByte() {
        MiniSaga.write(dir);
        String original = MiniSaga.read(dir, TIMELINE).replace("\n", "\r\n");
        MiniSaga.write(dir, TIMELINE, original);
        int e2 = original.indexOf("  - id: E2");
        int e3 = original.indexOf("  - id: E3");
        // E3 (caused by E2) moved before E2; the list is the last key, and the file has no trailing line break
        String swapped = original.substring(0, e2) + original.substring(e3) + original.substring(e2, e3);
        swapped = swapped.substring(0, swapped.length() - 2);
        MiniSaga.write(dir, TIMELINE, swapped);
        String fixed = fix(new TimelineCauseDetector(), new TimelineRepairStrategy(), TIMELINE, FixOutcome.APPLIED);
        assertThat(fixed).isEqualTo(original.substring(0, original.length() - 2));
    }

    @Test
    void aMovedTimelineEntryTakesTheCommentLinesDirectlyAboveIt() {
        MiniSaga.write(dir);
        replace(dir, TIMELINE, "  - id: E2", "  # E2: the sage dies\n  - id: E2");
        replace(dir, TIMELINE, "  - id: E3", "  # E3: the return\n  #   (after the funeral)\n  - id: E3");
        String original = MiniSaga.read(dir, TIMELINE);
        int e2 = original.indexOf("  # E2");
        int e3 = original.indexOf("  # E3");
        MiniSaga.write(dir, TIMELINE, original.substring(0, e2) + original.substring(e3) + original.substring(e2, e3));
        String fixed = fix(new TimelineCauseDetector(), new TimelineRepairStrategy(), TIMELINE, FixOutcome.APPLIED);
        assertThat(fixed).isEqualTo(original);
    }

    @Test
    void anEventDatedBeforeItsCauseTakesTheDateItsChapterTells() {
        MiniSaga.write(dir);
        replace(dir, TIMELINE, "date: 1020-08-01", "date: 1020/05/02");
        String fixed = fix(new TimelineCauseDetector(), new TimelineRepairStrategy(), TIMELINE, FixOutcome.APPLIED);
        assertThat(fixed).isEqualTo(MiniSaga.read(dir, TIMELINE).replace("date: 1020/05/02", "date: 1020/08/01"));
    }

    @Test
    void withoutACorroboratingChapterTheTimelineNeedsAHuman() {
        MiniSaga.write(dir);
        replace(dir, TIMELINE, "date: 1020-08-01", "date: 1020-05-02");
        replace(dir, "20_プロット/第1巻/第3章.yaml", "story_date: 1020-08-01", "story_date: 1020-05-02");
        fix(new TimelineCauseDetector(), new TimelineRepairStrategy(), TIMELINE, FixOutcome.NEEDS_HUMAN);
    }

    @Test
    void aChapterDatedBackwardsTakesTheDateOfItsEvents() {
        MiniSaga.write(dir);
        replace(dir, "20_プロット/第1巻/第2章.yaml", "story_date: 1020-06-01", "story_date: 1020-04-01");
        String fixed = fix(new ChapterDateOrderDetector(), new TimelineRepairStrategy(), "20_プロット/第1巻/第2章.yaml", FixOutcome.APPLIED);
        assertThat(fixed).isEqualTo(MiniSaga.read(dir, "20_プロット/第1巻/第2章.yaml").replace("1020-04-01", "1020-06-01"));
    }

    @Test
    void aMonthOnlyChapterDateIsReDatedToTheMonthOfItsEvents() {
        MiniSaga.write(dir);
        replace(dir, "20_プロット/第1巻/第2章.yaml", "story_date: 1020-06-01", "story_date: 1020-04");
        String fixed = fix(new ChapterDateOrderDetector(), new TimelineRepairStrategy(), "20_プロット/第1巻/第2章.yaml", FixOutcome.APPLIED);
        assertThat(fixed).isEqualTo(MiniSaga.read(dir, "20_プロット/第1巻/第2章.yaml").replace("story_date: 1020-04", "story_date: 1020-06"));
    }

    @Test
    void renameCompletionReplacesTheOldNameOnlyWhereItStands() {
        MiniSaga.write(dir);
        ScanState.of(MiniSaga.scanner(dir).scan()).save(dir);
        replace(dir, "30_設定集/キャラクター/勇者.yaml", "name: 勇者", "name: 勇者様");
        MiniSaga.write(dir, "50_管理資料/メモ.md", "勇者は勇者様と呼ばれたがった。\n");
        String fixed = fix(new StaleRenameDetector(), new RenameCompletionStrategy(), "50_管理資料/メモ.md", FixOutcome.APPLIED);
        assertThat(fixed).isEqualTo("勇者様は勇者様と呼ばれたがった。\n");
    }

    @Test
    void renameCompletionLeavesPathsFileNamesAndIdentifiersAlone() {
        MiniSaga.write(dir);
        MiniSaga.write(dir, "30_設定集/キャラクター/Paul.yaml", "name: Paul\nrole: 使徒\n");
        ScanState.of(MiniSaga.scanner(dir).scan()).save(dir);
        replace(dir, "30_設定集/キャラクター/Paul.yaml", "name: Paul", "name: Saul");
        String note = """
                Paul met Barnabas (Paul said “Paul!”), as in outline/2-Paul_and_Barnabas_fight.md and 2-Paul_and_Barnabas.md;
                see Paul.txt, C:\\notes\\Paul, lastPath="outline/Paul" and ./Paul; not Paul_v2, Paul2 or Pauline. Then Paul.
                勇者は30_設定集/キャラクター/勇者.yaml と勇者.md に書かれている。
                """;
        MiniSaga.write(dir, "50_管理資料/メモ.md", note);
        String fixed = fix(new StaleRenameDetector(), new RenameCompletionStrategy(), "50_管理資料/メモ.md", FixOutcome.APPLIED);
        assertThat(fixed).isEqualTo(note.replace("Paul met", "Saul met").replace("(Paul said “Paul!”)", "(Saul said “Saul!”)")
                .replace("Then Paul.", "Then Saul."));
    }

    @Test
    void renameCompletionDoesNotEditAnotherToolsFiles() {
        MiniSaga.write(dir);
        MiniSaga.write(dir, "30_設定集/キャラクター/Paul.yaml", "name: Paul\nrole: 使徒\n");
        ScanState.of(MiniSaga.scanner(dir).scan()).save(dir);
        replace(dir, "30_設定集/キャラクター/Paul.yaml", "name: Paul", "name: Saul");
        String xml = "<item title=\"Paul and Barnabas\" lastPath=\"outline/2-Paul_and_Barnabas.md\"/>\n";
        MiniSaga.write(dir, "revisions.xml", xml);
        String fixed = fix(new StaleRenameDetector(), new RenameCompletionStrategy(), "revisions.xml", FixOutcome.NEEDS_HUMAN);
        assertThat(fixed).isEqualTo(xml);
    }
}
