package dev.continuity.healing;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ScanState;
import dev.continuity.healing.detect.AgeMismatchDetector;
import dev.continuity.healing.detect.AttributeConflictDetector;
import dev.continuity.healing.detect.BrokenReferenceDetector;
import dev.continuity.healing.detect.ChapterDateOrderDetector;
import dev.continuity.healing.detect.CharacterAfterDeathDetector;
import dev.continuity.healing.detect.SchemaViolationDetector;
import dev.continuity.healing.detect.StaleDerivedDetector;
import dev.continuity.healing.detect.StaleRenameDetector;
import dev.continuity.healing.detect.TimelineCauseDetector;
import dev.continuity.healing.detect.UnresolvedForeshadowingDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.continuity.healing.MiniSaga.TIMELINE;
import static dev.continuity.healing.MiniSaga.replace;
import static org.assertj.core.api.Assertions.assertThat;

class DetectorsTest {
    @TempDir
    Path dir;

    private List<ConsistencyIssue> detect(IssueDetector d) {
        return d.detect(MiniSaga.scanner(dir).scan());
    }

    @Test
    void aConsistentProjectHasNoIssues() {
        MiniSaga.write(dir);
        Project p = MiniSaga.scanner(dir).scan();
        assertThat(BuiltIns.detectors()).allSatisfy(d -> assertThat(d.detect(p)).as(d.id()).isEmpty());
        assertThat(BuiltIns.detectors()).extracting(IssueDetector::id).containsExactlyInAnyOrderElementsOf(IssueTypes.ALL);
    }

    @Test
    void aLinkToAFileThatExistsButCannotBeReadIsNotABrokenReference() throws Exception {
        MiniSaga.write(dir);
        String plot = "20_プロット/第1巻/第1章.yaml";
        Files.write(dir.resolve(plot), new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        Project p = MiniSaga.scanner(dir).scan();
        assertThat(p.diagnostics()).anySatisfy(d -> {
            assertThat(d.code()).isEqualTo("unreadable");
            assertThat(d.file()).isEqualTo(plot);
        });
        assertThat(p.files().stream().flatMap(f -> p.referencesFrom(f).stream()))
                .as("the link is there, unresolved").anyMatch(r -> !r.resolved() && r.target().equals(plot));
        assertThat(new BrokenReferenceDetector().detect(p)).as("the scan reports the file; the link is not wrong")
                .noneMatch(i -> i.evidence().stream().anyMatch(e -> e.contains(plot)) || i.message().contains(plot));
    }

    @Test
    void notesLinkedTheWayNoteTakingToolsLinkThemAndAttachmentsThatExistAreNotBrokenReferences() throws Exception {
        MiniSaga.write(dir);
        MiniSaga.write(dir, "50_管理資料/地名/霧の谷.md", "# 霧の谷\n\n## 由来\n");
        Files.createDirectories(dir.resolve("50_管理資料"));
        Files.write(dir.resolve("50_管理資料/地図.png"), new byte[] {(byte) 0x89, (byte) 0x50, (byte) 0x4E, (byte) 0x47, 0, 1});
        MiniSaga.write(dir, "50_管理資料/旅程.md", "[[霧の谷#由来]] [[50_管理資料/地名/霧の谷]] [[#見出し]] ![[地図.png]] ![地図](地図.png) [[霧の沼]]\n");
        assertThat(detect(new BrokenReferenceDetector())).singleElement().satisfies(i -> assertThat(i.entity()).contains("霧の沼"));
    }

    @Test
    void anEventListNamingAnIdTheTimelineDoesNotDefineIsReportedAndFreeTextIsNot() {
        MiniSaga.write(dir);
        replace(dir, "20_プロット/第1巻/第3章.yaml", "events: [E3]", "events: [E3, E9]");
        MiniSaga.write(dir, "20_プロット/全体構成.yaml", "volumes:\n  - volume: 1\n    key_events: [E1, E7, 王都の陥落]\n    notes: [E8]\n");
        assertThat(detect(new dev.continuity.healing.detect.UnknownEventDetector())).extracting(ConsistencyIssue::file, ConsistencyIssue::line,
                ConsistencyIssue::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("20_プロット/第1巻/第3章.yaml", 6, "events names event E9, which the timeline does not define"),
                org.assertj.core.groups.Tuple.tuple("20_プロット/全体構成.yaml", 3, "key_events names event E7, which the timeline does not define"));
    }

    @Test
    void brokenReferenceNamesTheUniqueCloseCandidateOrNone() {
        MiniSaga.write(dir);
        replace(dir, "20_プロット/第1巻/第3章.yaml", "characters: [勇者]", "characters: [勇老, アレンン]");
        assertThat(detect(new BrokenReferenceDetector())).hasSize(2).allSatisfy(i -> {
            assertThat(i.file()).isEqualTo("20_プロット/第1巻/第3章.yaml");
            assertThat(i.line()).isEqualTo(5);
            assertThat(i.severity()).isEqualTo(Severity.WARNING);
            assertThat(i.evidence()).anyMatch(e -> e.contains("characters: [勇老, アレンン]"));
        }).anySatisfy(i -> {
            assertThat(i.entity()).contains("アレンン");
            assertThat(i.suggestion()).contains("アレン");
            assertThat(i.id()).isEqualTo("broken-reference:20_プロット/第1巻/第3章.yaml#アレンン");
        }).anySatisfy(i -> {
            assertThat(i.entity()).contains("勇老");
            assertThat(i.suggestion()).as("'勇者' scores only 0.5 < 0.7").isEmpty();
        });
    }

    @Test
    void issueIdsNameTheSubjectNotTheLine() {
        MiniSaga.write(dir);
        replace(dir, "20_プロット/第1巻/第3章.yaml", "characters: [勇者]", "characters: [アレンン]");
        ConsistencyIssue before = detect(new BrokenReferenceDetector()).getFirst();
        replace(dir, "20_プロット/第1巻/第3章.yaml", "volume: 1\n", "# 第3章\n\nvolume: 1\n");
        ConsistencyIssue after = detect(new BrokenReferenceDetector()).getFirst();
        assertThat(after.line()).isEqualTo(before.line() + 2);
        assertThat(after.id()).isEqualTo(before.id()).isEqualTo("broken-reference:20_プロット/第1巻/第3章.yaml#アレンン");
    }

    @Test
    void staleRenameFindsTheOldNameLeftBehindButNotInsideTheNewOne() {
        MiniSaga.write(dir);
        ScanState.of(MiniSaga.scanner(dir).scan()).save(dir);
        replace(dir, "30_設定集/キャラクター/勇者.yaml", "name: 勇者", "name: 勇者様");
        List<ConsistencyIssue> issues = detect(new StaleRenameDetector());
        assertThat(issues).extracting(ConsistencyIssue::file).contains(TIMELINE, "20_プロット/第1巻/第1章.yaml", "40_原稿/第1巻/第1話.md")
                .doesNotContain("30_設定集/キャラクター/勇者.yaml", MiniSaga.INDEX);
        assertThat(issues).allSatisfy(i -> {
            assertThat(i.entity()).contains("勇者");
            assertThat(i.suggestion()).contains("勇者様");
            assertThat(i.evidence().getFirst()).contains(".continuity/scan-state.json");
        });
        assertThat(detect(new BrokenReferenceDetector())).as("old names are the stale-rename detector's").isEmpty();
    }

    @Test
    void staleRenameLeavesAWritingToolsMetadataLineAlone() {
        MiniSaga.write(dir);
        // novelWriter's header mirrors its project tree, which the tool rewrites itself
        MiniSaga.write(dir, "40_原稿/第1巻/メタ.md", "%%~name: 勇者\n%%~kind: NOVEL/DOCUMENT\n# 旅立ち\n\n静かな朝。\n");
        MiniSaga.write(dir, "40_原稿/第1巻/本文.md", "%%~name: 勇者\n# 出会い\n\n勇者が来た。\n");
        ScanState.of(MiniSaga.scanner(dir).scan()).save(dir);
        replace(dir, "30_設定集/キャラクター/勇者.yaml", "name: 勇者", "name: 勇者様");
        List<ConsistencyIssue> issues = detect(new StaleRenameDetector());
        assertThat(issues).extracting(ConsistencyIssue::file).contains("40_原稿/第1巻/本文.md")
                .doesNotContain("40_原稿/第1巻/メタ.md");
        assertThat(issues).filteredOn(i -> i.file().equals("40_原稿/第1巻/本文.md")).singleElement()
                .satisfies(i -> assertThat(i.line()).isEqualTo(4));
    }

    @Test
    void staleRenameFollowsAnEntityWhoseDefinitionFileWasSavedUnderItsNewNameWithTheSameId() throws Exception {
        MiniSaga.write(dir);
        replace(dir, "continuity.yaml", "type: character, name: name, aliases: aliases }", "type: character, name: name, aliases: aliases, id: id }");
        replace(dir, "30_設定集/キャラクター/勇者.yaml", "name: 勇者\n", "id: 1\nname: 勇者\n");
        ScanState.of(MiniSaga.scanner(dir).scan()).save(dir);
        // as Manuskript saves a renamed character: a new file, the old one deleted
        String sheet = MiniSaga.read(dir, "30_設定集/キャラクター/勇者.yaml").replace("name: 勇者\n", "name: 勇者様\n");
        Files.delete(dir.resolve("30_設定集/キャラクター/勇者.yaml"));
        MiniSaga.write(dir, "30_設定集/キャラクター/勇者様.yaml", sheet);
        List<ConsistencyIssue> issues = detect(new StaleRenameDetector());
        assertThat(issues).extracting(ConsistencyIssue::file).contains("40_原稿/第1巻/第1話.md");
        assertThat(issues).allSatisfy(i -> assertThat(i.suggestion()).hasValue("勇者様"));
    }

    @Test
    void aStaleAliasIsSuggestedToBecomeTheAliasItWasRenamedToNotTheEntitysName() {
        MiniSaga.write(dir);
        replace(dir, "30_設定集/キャラクター/勇者.yaml", "aliases: [アレン]", "aliases: [アラン]");
        // the run's rename of the alias, as the orchestrator passes it to the scan
        List<ConsistencyIssue> issues = new StaleRenameDetector().detect(MiniSaga.scanner(dir).scan(java.util.Map.of("アレン", "アラン")));
        assertThat(issues).isNotEmpty().allSatisfy(i -> {
            assertThat(i.suggestion()).hasValue("アラン");
        });
    }

    @Test
    void timelineCauseOrderByDateAndByListPosition() {
        MiniSaga.write(dir);
        replace(dir, TIMELINE, "date: 1020-06-01", "date: 1020-04-01");
        assertThat(detect(new TimelineCauseDetector())).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo("timeline-cause-order:30_設定集/年表.yaml#E2<E1");
            assertThat(i.severity()).isEqualTo(Severity.ERROR);
            assertThat(i.line()).isEqualTo(9);
            assertThat(i.suggestion()).as("chapter 2 tells E2 on 1020-06-01").contains("1020-06-01");
        });
        MiniSaga.write(dir);
        String t = MiniSaga.read(dir, TIMELINE);
        int e1 = t.indexOf("  - id: E1");
        int e2 = t.indexOf("  - id: E2");
        MiniSaga.write(dir, TIMELINE, t.substring(0, e1) + t.substring(e2, t.indexOf("  - id: E3")) + t.substring(e1, e2) + t.substring(t.indexOf("  - id: E3")));
        assertThat(detect(new TimelineCauseDetector())).singleElement().satisfies(i -> {
            assertThat(i.message()).contains("E2 is listed before its cause E1");
            assertThat(i.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void chapterDatesRunningBackwardsExceptFlashbacks() {
        MiniSaga.write(dir);
        replace(dir, "20_プロット/第1巻/第3章.yaml", "story_date: 1020-08-01", "story_date: 1020-05-15");
        assertThat(detect(new ChapterDateOrderDetector())).singleElement().satisfies(i -> {
            assertThat(i.file()).isEqualTo("20_プロット/第1巻/第3章.yaml");
            assertThat(i.suggestion()).contains("1020-08-01");
        });
        replace(dir, "20_プロット/第1巻/第3章.yaml", "story_date: 1020-05-15", "story_date: 1020-05-15\nflashback: true");
        assertThat(detect(new ChapterDateOrderDetector())).isEmpty();
    }

    @Test
    void aMonthOnlyStoryDateIsTheWholeMonthAndIsQuotedAsWritten() {
        MiniSaga.write(dir);
        replace(dir, "20_プロット/第1巻/第2章.yaml", "story_date: 1020-06-01", "story_date: 1020-05");
        assertThat(detect(new ChapterDateOrderDetector())).as("May contains ch. 1's 1020-05-01").isEmpty();
        replace(dir, "20_プロット/第1巻/第2章.yaml", "story_date: 1020-05", "story_date: 1020-04");
        assertThat(detect(new ChapterDateOrderDetector())).singleElement().satisfies(i -> {
            assertThat(i.file()).isEqualTo("20_プロット/第1巻/第2章.yaml");
            assertThat(i.message()).contains("the story date 1020-04 runs backwards against the chapter before (1020-05-01)");
            assertThat(i.suggestion()).contains("1020-06-01");
        });
        replace(dir, "20_プロット/第1巻/第2章.yaml", "story_date: 1020-04", "story_date: 1020");
        assertThat(detect(new ChapterDateOrderDetector())).as("a year-only date is the whole year").isEmpty();
    }

    @Test
    void aDateWrittenWithoutTheDayIsARangeInEveryDetector() {
        MiniSaga.write(dir);
        String sage = "30_設定集/キャラクター/賢者.yaml";
        replace(dir, sage, "death_date: 1020-06-01", "death_date: 1020-06");
        replace(dir, "20_プロット/第1巻/第3章.yaml", "story_date: 1020-08-01\ncharacters: [勇者]", "story_date: 1020-06-20\ncharacters: [勇者, 賢者]");
        assertThat(detect(new CharacterAfterDeathDetector())).as("June 20th may be before a death in June").isEmpty();
        replace(dir, TIMELINE, "characters: [勇者]\n    causes: [E2]", "characters: [勇者, 賢者]\n    causes: [E2]");
        assertThat(detect(new CharacterAfterDeathDetector())).singleElement().satisfies(i -> {
            assertThat(i.file()).isEqualTo(TIMELINE);
            assertThat(i.message()).contains("died on 1020-06 but").endsWith("on 1020-08-01");
        });

        String hero = "30_設定集/キャラクター/勇者.yaml";
        replace(dir, hero, "birth_date: 1000-04-01\nage_at_start: 20", "birth_date: 1000\nage_at_start: 19");
        assertThat(detect(new AgeMismatchDetector())).as("born some time in 1000: 19 or 20 on 1020-05-01").isEmpty();
        replace(dir, hero, "age_at_start: 19", "age_at_start: 21");
        assertThat(detect(new AgeMismatchDetector())).singleElement().satisfies(i -> {
            assertThat(i.message()).contains("is 19 to 20 at the story's start");
            assertThat(i.evidence().getFirst()).contains("born on 1000 (");
            assertThat(i.suggestion()).contains("20");
        });

        replace(dir, hero, "birth_date: 1000\n", "birth_date: 1000-04-01\n");
        MiniSaga.write(dir, "30_設定集/世界観/王都.yaml", "name: 王都\nresidents:\n  - { character: アレン, birth_date: 1000-04 }\n");
        assertThat(detect(new AttributeConflictDetector())).as("April 1000 may be April 1st").isEmpty();
        MiniSaga.write(dir, "30_設定集/世界観/王都.yaml", "name: 王都\nresidents:\n  - { character: アレン, birth_date: 1000-05 }\n");
        assertThat(detect(new AttributeConflictDetector())).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("'1000-05' here but '1000-04-01'"));

        replace(dir, TIMELINE, "date: 1020-05-01", "date: 1020-05-20");
        replace(dir, TIMELINE, "date: 1020-06-01", "date: 1020-05");
        assertThat(detect(new TimelineCauseDetector())).as("May may be after May 20th").isEmpty();
        replace(dir, TIMELINE, "date: 1020-05\n", "date: 1020-04\n");
        assertThat(detect(new TimelineCauseDetector())).singleElement()
                .satisfies(i -> assertThat(i.message()).isEqualTo("E2 is dated 1020-04, before its cause E1 (1020-05-20)"));
    }

    @Test
    void characterActingAfterDeathInTimelineChapterAndManuscriptButNotInProse() {
        MiniSaga.write(dir);
        replace(dir, TIMELINE, "characters: [勇者]\n    causes: [E2]", "characters: [勇者, ミラ]\n    causes: [E2]");
        replace(dir, "20_プロット/第1巻/第3章.yaml", "characters: [勇者]", "characters: [勇者, 賢者]");
        replace(dir, "40_原稿/第1巻/第3話.md", "characters: [勇者]", "characters: [勇者, 賢者]");
        assertThat(detect(new CharacterAfterDeathDetector())).extracting(ConsistencyIssue::file)
                .containsExactlyInAnyOrder(TIMELINE, "20_プロット/第1巻/第3章.yaml", "40_原稿/第1巻/第3話.md");
        assertThat(detect(new CharacterAfterDeathDetector())).allSatisfy(i -> {
            assertThat(i.entity()).contains("賢者");
            assertThat(i.evidence().getFirst()).contains("died on 1020-06-01").contains("賢者.yaml");
        });
    }

    @Test
    void ageThatDoesNotFitTheBirthDate() {
        MiniSaga.write(dir);
        replace(dir, "30_設定集/キャラクター/勇者.yaml", "age_at_start: 20", "age_at_start: 19");
        replace(dir, TIMELINE, "    title: 帰還\n", "    title: 帰還\n    ages: { アレン: 25 }\n");
        assertThat(detect(new AgeMismatchDetector())).hasSize(2).anySatisfy(i -> {
            assertThat(i.file()).isEqualTo("30_設定集/キャラクター/勇者.yaml");
            assertThat(i.suggestion()).contains("20");
        }).anySatisfy(i -> assertThat(i.file()).isEqualTo(TIMELINE));
    }

    @Test
    void attributeConflictAgainstTheDefinition() {
        MiniSaga.write(dir);
        MiniSaga.write(dir, "30_設定集/世界観/王都.yaml", "name: 王都\naliases: [ルミナス]\nresidents:\n  - { character: アレン, home: 辺境, status: alive }\n");
        assertThat(detect(new AttributeConflictDetector())).singleElement().satisfies(i -> {
            assertThat(i.entity()).contains("勇者");
            assertThat(i.message()).contains("home").contains("辺境").contains("王都");
            assertThat(i.suggestion()).contains("王都");
        });
    }

    @Test
    void staleDerivedIndexComparedByMeaning() {
        MiniSaga.write(dir);
        replace(dir, "40_原稿/第1巻/第3話.md", "アレンは亡きミラを思い", "アレンは思い");
        assertThat(detect(new StaleDerivedDetector())).singleElement().satisfies(i -> {
            assertThat(i.file()).isEqualTo(MiniSaga.INDEX);
            assertThat(i.evidence()).anyMatch(e -> e.contains("賢者: 40_原稿/第1巻/第3話.md is listed but no longer refers to it"));
        });
    }

    @Test
    void foreshadowingNotPaidOffByItsDeadline() {
        MiniSaga.write(dir);
        replace(dir, "50_管理資料/伏線リスト.yaml", "payoff: 20_プロット/第1巻/第3章.yaml", "payoff: null");
        assertThat(detect(new UnresolvedForeshadowingDetector())).singleElement().satisfies(i -> {
            assertThat(i.id()).endsWith("#F1");
            assertThat(i.evidence()).anyMatch(e -> e.contains("status says 'resolved'"));
        });
        replace(dir, "50_管理資料/伏線リスト.yaml", "deadline_volume: 1", "deadline_volume: 2");
        assertThat(detect(new UnresolvedForeshadowingDetector())).as("volume 2 is not written yet").isEmpty();
    }

    @Test
    void schemaViolationsFromConfigurableRequiredFields() {
        MiniSaga.write(dir);
        replace(dir, "30_設定集/キャラクター/賢者.yaml", "role: 師\n", "");
        replace(dir, TIMELINE, "date: 1020-08-01", "date: 1020-02-30");
        assertThat(detect(new SchemaViolationDetector())).extracting(ConsistencyIssue::id).containsExactlyInAnyOrder(
                "schema-violation:30_設定集/キャラクター/賢者.yaml#role", "schema-violation:30_設定集/年表.yaml#date=1020-02-30");
        String config = MiniSaga.read(dir, "continuity.yaml");
        MiniSaga.write(dir, "continuity.yaml", config + "healing:\n  required:\n    - { kind: CHARACTER, fields: [name, home] }\n");
        assertThat(detect(new SchemaViolationDetector())).extracting(ConsistencyIssue::id).containsExactlyInAnyOrder(
                "schema-violation:30_設定集/キャラクター/賢者.yaml#home", "schema-violation:30_設定集/年表.yaml#date=1020-02-30");
    }

    @Test
    void disabledDetectorsReportNothing() {
        MiniSaga.write(dir);
        replace(dir, "30_設定集/キャラクター/勇者.yaml", "age_at_start: 20", "age_at_start: 19");
        MiniSaga.write(dir, "continuity.yaml", MiniSaga.read(dir, "continuity.yaml") + "healing:\n  disabled: [age-mismatch]\n");
        assertThat(detect(new AgeMismatchDetector())).isEmpty();
    }
}
