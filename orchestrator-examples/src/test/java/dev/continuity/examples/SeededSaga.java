package dev.continuity.examples;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import dev.continuity.examples.demo.SampleProjects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of the sample saga seeded with inconsistencies, at least one of each kind a built-in detector finds, plus
 * near misses that must not be reported, and the ground truth: the issues a perfect detector would report. The shipped
 * sample itself is left alone; seeding happens on the copy.
 */
final class SeededSaga {
    static final String OLD_SMITH = "鍛冶師ガルド";
    static final String NEW_SMITH = "鍛冶師ガルドン";

    /**
     * An issue that should be found.
     *
     * @param type    the issue type
     * @param file    the file it is in
     * @param subject a fragment of its id (name, event, field) that tells it apart from others of the file
     * @param fixable whether a built-in strategy should fix it under the default policy
     * @param seeded  false for the one genuine issue of the unseeded sample (an open foreshadowing past its deadline)
     * @param inScope false for inconsistencies written only in prose, which the built-in detectors do not read by
     *                design (they count against recall all the same)
     */
    record Expected(String type, String file, String subject, boolean fixable, boolean seeded, boolean inScope) {
        Expected(String type, String file, String subject, boolean fixable, boolean seeded) {
            this(type, file, subject, fixable, seeded, true);
        }

        boolean matches(ConsistencyIssue i) {
            return i.type().equals(type) && i.file().equals(file) && i.id().contains(subject);
        }
    }

    private SeededSaga() {}

    /** Copies the sample into {@code dir}, records a scan (the rename baseline), seeds it; returns the ground truth. */
    static List<Expected> seed(Path dir) {
        SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
        List<String> smithFiles = new ArrayList<>();
        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            dev.continuity.core.project.Project clean = o.scanAndRecord();
            clean.files().stream().filter(f -> clean.text(f).orElse("").contains(OLD_SMITH)).forEach(smithFiles::add);
        }
        List<Expected> truth = new ArrayList<>();
        // broken references: a typo with one close candidate (fixable), a path with four equally close ones, a typo in a manuscript
        replace(dir, "20_プロット/第1巻/第3章.yaml", "characters: [主人公, 王女セリア, 導師]", "characters: [主人公, 王女セリヤ, 導師]");
        truth.add(new Expected("broken-reference", "20_プロット/第1巻/第3章.yaml", "王女セリヤ", true, true));
        replace(dir, "50_管理資料/伏線リスト.yaml", "setup: 20_プロット/第1巻/第4章.yaml", "setup: 20_プロット/第1巻/第5章.yaml");
        truth.add(new Expected("broken-reference", "50_管理資料/伏線リスト.yaml", "第5章", false, true));
        replace(dir, "40_原稿/第2巻/第4話.md", "> 設定参照: [[王都]]", "> 設定参照: [[ルミナ]]");
        truth.add(new Expected("broken-reference", "40_原稿/第2巻/第4話.md", "ルミナ", false, true));

        // a rename made by hand in the character sheet only: every other file still says the old name
        replace(dir, "30_設定集/キャラクター/鍛冶師ガルド.yaml", "name: " + OLD_SMITH, "name: " + NEW_SMITH);
        for (String f : smithFiles) {
            if (!f.endsWith("鍛冶師ガルド.yaml") && !f.equals("50_管理資料/登場人物索引.md")) {
                truth.add(new Expected("stale-rename", f, OLD_SMITH, !f.startsWith("40_原稿/"), true));
            }
        }

        // timeline: an event dated before its cause (a chapter corroborates the right date); an event listed before its cause
        replace(dir, "30_設定集/年表.yaml", "  - id: E05\n    date: 1024-09-01", "  - id: E05\n    date: 1024-04-01");
        truth.add(new Expected("timeline-cause-order", "30_設定集/年表.yaml", "E05<E04", true, true));
        String timeline = read(dir, "30_設定集/年表.yaml");
        int e12 = timeline.indexOf("  - id: E12\n");
        int e13 = timeline.indexOf("  - id: E13\n");
        int e14 = timeline.indexOf("  - id: E14\n");
        write(dir, "30_設定集/年表.yaml", timeline.substring(0, e12) + timeline.substring(e13, e14) + timeline.substring(e12, e13) + timeline.substring(e14));
        truth.add(new Expected("timeline-cause-order", "30_設定集/年表.yaml", "E13<E12", true, true));

        // a chapter dated backwards; a flashback chapter dated far back on purpose (not an issue)
        replace(dir, "20_プロット/第3巻/第2章.yaml", "story_date: 1025-07-07", "story_date: 1025-05-07");
        truth.add(new Expected("chapter-date-order", "20_プロット/第3巻/第2章.yaml", "story_date", true, true));
        replace(dir, "20_プロット/第4巻/第1章.yaml", "story_date: 1026-02-01", "story_date: 1022-11-02\nflashback: true");

        // a dead character acting in a later chapter plot and manuscript; named in later prose only in memory (not an issue)
        replace(dir, "20_プロット/第3巻/第2章.yaml", "characters: [主人公, 導師, 国王アルベリク, 王女セリア]",
                "characters: [主人公, 導師, 国王アルベリク, 王女セリア, 魔導卿ザハル]");
        truth.add(new Expected("character-after-death", "20_プロット/第3巻/第2章.yaml", "魔導卿ザハル", false, true));
        replace(dir, "40_原稿/第3巻/第3話.md", "characters: [主人公, 宿敵, 導師, 王女セリア]", "characters: [主人公, 宿敵, 導師, 王女セリア, 魔導卿ザハル]");
        truth.add(new Expected("character-after-death", "40_原稿/第3巻/第3話.md", "魔導卿ザハル", false, true));
        append(dir, "40_原稿/第4巻/第4話.md", "\n　首に下げた星の鍵の半片は、亡きザハルの形見だった。\n");

        // an age that does not fit the birth date
        replace(dir, "30_設定集/キャラクター/王女セリア.yaml", "age_at_start: 16", "age_at_start: 18");
        truth.add(new Expected("age-mismatch", "30_設定集/キャラクター/王女セリア.yaml", "王女セリア", false, true));

        // attributes restated elsewhere: two conflict, one agrees (not an issue)
        append(dir, "30_設定集/世界観/ミレーヌ港.yaml", "residents:\n  - { character: 魔導卿ザハル, status: alive }\n  - { character: 女船長ロザリンド, home: ミレーヌ港 }\n");
        truth.add(new Expected("attribute-conflict", "30_設定集/世界観/ミレーヌ港.yaml", "魔導卿ザハル.status", false, true));
        append(dir, "30_設定集/世界観/黒曜砦.yaml", "commander: { character: 宿敵, birth_date: 1001-10-20 }\n");
        truth.add(new Expected("attribute-conflict", "30_設定集/世界観/黒曜砦.yaml", "宿敵.birth_date", false, true));

        // the derived index: stale after the rename and a new appearance of the hero in vol. 2 ch. 2
        append(dir, "40_原稿/第2巻/第2話.md", "\n　そのころレオンは、まだ港の宿で眠っていた。\n");
        truth.add(new Expected("stale-derived", "50_管理資料/登場人物索引.md", "character-appearance-index", true, true));

        // foreshadowing: paid off after its deadline; never paid off although its deadline volume is written; one not yet due (not an issue)
        replace(dir, "50_管理資料/伏線リスト.yaml", "    payoff: 20_プロット/第3巻/第3章.yaml\n    deadline_volume: 3",
                "    payoff: 20_プロット/第4巻/第1章.yaml\n    deadline_volume: 3");
        truth.add(new Expected("unresolved-foreshadowing", "50_管理資料/伏線リスト.yaml", "F06", false, true));
        append(dir, "50_管理資料/伏線リスト.yaml", """
                  - id: F12
                    description: 老王が地下礼拝堂で祈っていた相手の名。
                    setup: 20_プロット/第3巻/第1章.yaml
                    payoff: null
                    deadline_volume: 4
                    status: open
                  - id: F13
                    description: 続編で回収する予定の、竜骨山脈の古い祭壇の銘。
                    setup: 20_プロット/第5巻/第3章.yaml
                    payoff: null
                    deadline_volume: 6
                    status: open
                """);
        truth.add(new Expected("unresolved-foreshadowing", "50_管理資料/伏線リスト.yaml", "F12", false, true));
        truth.add(new Expected("unresolved-foreshadowing", "50_管理資料/伏線リスト.yaml", "F11", false, false));

        // schema: a missing required field in a character sheet and in a timeline event; an impossible date
        replace(dir, "30_設定集/キャラクター/密偵シオン.yaml", "role: 黒曜公に仕える少年密偵。のちに離反して王女派につく\n", "");
        truth.add(new Expected("schema-violation", "30_設定集/キャラクター/密偵シオン.yaml", "role", false, true));
        replace(dir, "30_設定集/年表.yaml", "    title: 国王アルベリクの退位宣言と出陣の決断\n", "");
        truth.add(new Expected("schema-violation", "30_設定集/年表.yaml", "events[E17].title", false, true));
        replace(dir, "30_設定集/キャラクター/女船長ロザリンド.yaml", "birth_date: 0990-07-04", "birth_date: 0990-02-30");
        truth.add(new Expected("schema-violation", "30_設定集/キャラクター/女船長ロザリンド.yaml", "birth_date=0990-02-30", false, true));

        // an event list naming an event the timeline does not define
        replace(dir, "20_プロット/第2巻/第1章.yaml", "events: [E05]", "events: [E05, E31]");
        truth.add(new Expected("unknown-event", "20_プロット/第2巻/第1章.yaml", "E31", false, true));

        // beyond the detectors' reach: the same kinds of mistakes written only in prose
        append(dir, "40_原稿/第3巻/第4話.md", "\n　ヴァルガズは剣を抜き、砦の門を見下ろした。\n");
        truth.add(new Expected("broken-reference", "40_原稿/第3巻/第4話.md", "ヴァルガズ", false, true, false));
        append(dir, "40_原稿/第4巻/第2話.md", "\n「まだ終わってはおらん」と、ザハルは砦の影から言った。\n");
        truth.add(new Expected("character-after-death", "40_原稿/第4巻/第2話.md", "魔導卿ザハル", false, true, false));
        replace(dir, "40_原稿/第1巻/第1話.md", "# 第1話", "# 第1話\n\n　十九歳の春、レオンは初めて霧の森の奥へ入った。\n");
        truth.add(new Expected("age-mismatch", "40_原稿/第1巻/第1話.md", "主人公", false, true, false));
        return truth;
    }

    static String read(Path dir, String file) {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path dir, String file, String text) {
        try {
            Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void replace(Path dir, String file, String from, String to) {
        String text = read(dir, file);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain the text to seed: " + from);
        }
        write(dir, file, text.replace(from, to));
    }

    private static void append(Path dir, String file, String text) {
        write(dir, file, read(dir, file) + text);
    }
}
