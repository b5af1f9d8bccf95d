package dev.continuity.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes a synthetic saga in the layout of the sample {@code large_fantasy_saga}, at scale: {@code volumes} volumes of
 * {@code chapters} chapters, each chapter a plot ({@code 20_プロット/第v巻/第n章.yaml}) and a manuscript
 * ({@code 40_原稿/第v巻/第n話.md}); a volume plot per volume under the overall plot {@code 20_プロット/全体構成.yaml};
 * {@code characters} character sheets and {@code places} place sheets under {@code 30_設定集}, a timeline with an event
 * per chapter, a foreshadowing list, an appearance index (derived from the manuscripts) and notes under
 * {@code 50_管理資料}, and the sample's {@code continuity.yaml}. A manuscript has about {@code lines} lines of prose
 * (0.75–1.25 times that; a line is 20–30 characters, so 200 lines are a chapter of about 5,000 characters). Plots name their characters and places by YAML keys;
 * manuscripts name theirs in front matter and mention characters and places in the prose by name and alias, a few main
 * characters much more often than the rest (Zipf-like). Seeded: the same arguments give the same bytes.
 */
public final class GeneratedSaga {
    private GeneratedSaga() {}

    /** What was written. */
    public record Summary(int files, int characters, int places, int chapters) {}

    private static final String[] SYLLABLES = {
            "ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ", "サ", "シ", "ス", "セ", "ソ", "タ", "チ", "ツ", "テ", "ト",
            "ナ", "ニ", "ヌ", "ネ", "ノ", "ハ", "ヒ", "フ", "ヘ", "ホ", "マ", "ミ", "ム", "メ", "モ", "ラ", "リ", "ル", "レ", "ロ",
            "ヴァ", "ガ", "ギ", "グ", "ゲ", "ゴ", "ザ", "ジ", "ズ", "ゼ", "ゾ", "ダ", "デ", "ド", "バ", "ビ", "ブ", "ベ", "ボ"};
    private static final String[] TITLES = {"騎士", "魔導士", "商人", "船長", "司祭", "狩人", "密偵", "鍛冶師", "吟遊詩人", "将軍"};
    private static final String[] PLACE_SUFFIX = {"村", "港", "砦", "の森", "山脈", "の塔", "湖", "平原", "峠", "神殿"};
    private static final String[] PLACE_EPITHET = {"白亜の", "霧深き", "黒き", "古き", "星降る", "風鳴りの", "灰色の", "翠の"};
    private static final String[] PROSE = {
            "は静かに剣の柄を握った。", "の声が、冷えた石壁に響いた。", "は遠い空を見上げ、しばらく何も言わなかった。",
            "の足音が廊下の奥へ消えていく。", "は、かすかに笑ったように見えた。", "の手の中で、古い地図が震えていた。"};
    private static final String[] FILLER = {
            "　夜明け前の風が、焚き火の灰を巻き上げた。", "　遠くで鐘が三度鳴り、やがて静寂が戻った。",
            "　雨は止む気配を見せず、石畳を黒く濡らしていた。", "　誰もが口をつぐみ、揺れる灯りだけが影を動かしていた。"};

    /** Writes the saga into {@code root} (created if missing). */
    public static Summary write(Path root, int volumes, int chapters, int characters, int places, int lines, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Files.createDirectories(root);
        Set<String> used = new LinkedHashSet<>();
        List<String> charNames = new ArrayList<>();
        List<String> charAliases = new ArrayList<>();
        for (int c = 0; c < characters; c++) {
            String base = uniqueName(random, used, 3);
            charNames.add(TITLES[c % TITLES.length] + base);
            charAliases.add(uniqueName(random, used, 4));
        }
        List<String> placeNames = new ArrayList<>();
        List<String> placeAliases = new ArrayList<>();
        for (int p = 0; p < places; p++) {
            placeNames.add(uniqueName(random, used, 3) + PLACE_SUFFIX[p % PLACE_SUFFIX.length]);
            placeAliases.add(PLACE_EPITHET[p % PLACE_EPITHET.length] + uniqueName(random, used, 3));
        }
        int files = 0;
        Files.writeString(root.resolve("continuity.yaml"), """
                # How Continuity reads this project (the sample saga's configuration).
                version: 1
                kinds:
                  - { glob: "10_企画/**", kind: CONCEPT }
                  - { glob: "20_プロット/**", kind: PLOT }
                  - { glob: "30_設定集/キャラクター/**", kind: CHARACTER }
                  - { glob: "30_設定集/年表.yaml", kind: TIMELINE }
                  - { glob: "30_設定集/**", kind: SETTING }
                  - { glob: "40_原稿/**", kind: MANUSCRIPT }
                  - { glob: "50_管理資料/伏線リスト.yaml", kind: FORESHADOWING }
                  - { glob: "50_管理資料/登場人物索引.md", kind: DERIVED }
                  - { glob: "50_管理資料/**", kind: NOTE }
                entities:
                  - { glob: "30_設定集/キャラクター/*.yaml", type: character, name: name, aliases: aliases }
                  - { glob: "30_設定集/世界観/*.yaml", type: place, name: name, aliases: aliases }
                references:
                  yamlKeys: [plot, parent, chapters, characters, character, pov, locations, location, home, setup, payoff]
                  frontMatter: true
                  markdownLinks: true
                  wikilinks: true
                  tags: []
                  headers: []
                  mentions: true
                rules:
                  - "40_原稿/第{v}巻/第{n}話.md -> 20_プロット/第{v}巻/第{n}章.yaml"
                  - "30_設定集/年表.yaml -> 20_プロット/全体構成.yaml"
                derived:
                  - { path: "50_管理資料/登場人物索引.md", generator: character-appearance-index, sources: ["40_原稿/**"] }
                """, StandardCharsets.UTF_8);
        Path concept = Files.createDirectories(root.resolve("10_企画"));
        Files.writeString(concept.resolve("企画書.md"), "# 企画書\n\n全" + volumes + "巻の長編ファンタジー。主人公は" + charNames.get(0) + "。\n");
        files++;

        Path charDir = Files.createDirectories(root.resolve("30_設定集/キャラクター"));
        for (int c = 0; c < characters; c++) {
            StringBuilder y = new StringBuilder();
            y.append("name: ").append(charNames.get(c)).append('\n');
            y.append("aliases: [").append(charAliases.get(c)).append("]\n");
            y.append("role: ").append(TITLES[c % TITLES.length]).append('\n');
            y.append("home: ").append(placeNames.get(random.nextInt(places))).append('\n');
            y.append("relationships:\n");
            for (int r = 0; r < 3; r++) {
                y.append("  - { character: ").append(charNames.get(pick(random, characters))).append(", relation: 旧知 }\n");
            }
            y.append("description: |\n  ").append(charAliases.get(c)).append("と呼ばれる。\n");
            Files.writeString(charDir.resolve(charNames.get(c) + ".yaml"), y, StandardCharsets.UTF_8);
            files++;
        }
        Path placeDir = Files.createDirectories(root.resolve("30_設定集/世界観"));
        for (int p = 0; p < places; p++) {
            Files.writeString(placeDir.resolve(placeNames.get(p) + ".yaml"), "name: " + placeNames.get(p) + "\naliases: ["
                    + placeAliases.get(p) + "]\nregion: 辺境\ndescription: |\n  " + placeAliases.get(p) + "とも呼ばれる土地。\n",
                    StandardCharsets.UTF_8);
            files++;
        }
        Path systems = Files.createDirectories(placeDir.resolve("体系"));
        Files.writeString(systems.resolve("魔法体系.yaml"), "title: 星霊術\nsummary: |\n  星の巡りを読む術。\n", StandardCharsets.UTF_8);
        files++;

        // Plots, manuscripts and the timeline.
        StringBuilder overall = new StringBuilder("# 全体構成\ntitle: 灰燼の王冠・大全\nvolumes:\n");
        StringBuilder timeline = new StringBuilder("calendar: 王暦\nevents:\n");
        StringBuilder foreshadowing = new StringBuilder("foreshadowing:\n");
        int event = 0;
        int totalChapters = 0;
        for (int v = 1; v <= volumes; v++) {
            overall.append("  - volume: ").append(v).append("\n    plot: 20_プロット/第").append(v).append("巻/巻プロット.yaml\n")
                    .append("    characters: [").append(String.join(", ", charNames.subList(0, Math.min(6, characters)))).append("]\n");
            Path plotDir = Files.createDirectories(root.resolve("20_プロット/第" + v + "巻"));
            Path msDir = Files.createDirectories(root.resolve("40_原稿/第" + v + "巻"));
            StringBuilder volumePlot = new StringBuilder("volume: ").append(v).append("\nparent: 20_プロット/全体構成.yaml\nchapters:\n");
            for (int n = 1; n <= chapters; n++) {
                volumePlot.append("  - 20_プロット/第").append(v).append("巻/第").append(n).append("章.yaml\n");
                Set<Integer> cast = new LinkedHashSet<>();
                int castSize = 3 + random.nextInt(4);
                while (cast.size() < Math.min(castSize, characters)) {
                    cast.add(pick(random, characters));
                }
                Set<Integer> locs = new LinkedHashSet<>();
                int locCount = 1 + random.nextInt(2);
                while (locs.size() < Math.min(locCount, places)) {
                    locs.add(pick(random, places));
                }
                List<String> castNames = cast.stream().map(charNames::get).toList();
                List<String> locNames = locs.stream().map(placeNames::get).toList();
                String pov = castNames.getFirst();
                event++;
                String eventId = String.format("E%04d", event);
                Files.writeString(plotDir.resolve("第" + n + "章.yaml"), "# 第" + v + "巻 第" + n + "章\nvolume: " + v + "\nchapter: " + n
                        + "\ntitle: 第" + n + "章\nstory_date: " + date(event) + "\npov: " + pov + "\ncharacters: [" + String.join(", ", castNames)
                        + "]\nlocations: [" + String.join(", ", locNames) + "]\nevents: [" + eventId + "]\nsummary: |\n  "
                        + pov + "は" + locNames.getFirst() + "で決断を迫られる。\n", StandardCharsets.UTF_8);
                files++;
                timeline.append("  - id: ").append(eventId).append("\n    date: ").append(date(event)).append("\n    title: 第")
                        .append(v).append("巻第").append(n).append("章の出来事\n    characters: [").append(String.join(", ", castNames))
                        .append("]\n    location: ").append(locNames.getFirst()).append("\n    causes: [")
                        .append(event > 1 ? String.format("E%04d", event - 1) : "").append("]\n    volume: ").append(v).append('\n');
                StringBuilder ms = new StringBuilder(4096);
                ms.append("---\ntitle: 第").append(n).append("話\nvolume: ").append(v).append("\nchapter: ").append(n)
                        .append("\nplot: 20_プロット/第").append(v).append("巻/第").append(n).append("章.yaml\npov: ").append(pov)
                        .append("\ncharacters: [").append(String.join(", ", castNames)).append("]\n---\n\n# 第").append(n).append("話\n\n");
                int lineCount = lines * 3 / 4 + random.nextInt(lines / 2 + 1);
                for (int l = 0; l < lineCount; l++) {
                    int roll = random.nextInt(10);
                    if (roll < 6) {
                        int c = castNames.size() > 0 ? cast.stream().toList().get(random.nextInt(cast.size())) : 0;
                        ms.append("　").append(random.nextBoolean() ? charNames.get(c) : charAliases.get(c))
                                .append(PROSE[random.nextInt(PROSE.length)]).append('\n');
                    } else if (roll < 7) {
                        int p = locs.stream().toList().get(random.nextInt(locs.size()));
                        ms.append("　").append(random.nextBoolean() ? placeNames.get(p) : placeAliases.get(p))
                                .append("の空は、今日も低く垂れこめていた。\n");
                    } else {
                        ms.append(FILLER[random.nextInt(FILLER.length)]).append('\n');
                    }
                }
                if (random.nextInt(10) == 0) {
                    ms.append("\n> 設定参照: [星霊術](../../30_設定集/世界観/体系/魔法体系.yaml)\n");
                }
                Files.writeString(msDir.resolve("第" + n + "話.md"), ms, StandardCharsets.UTF_8);
                files++;
                totalChapters++;
                if (n % 10 == 1 && n + 5 <= chapters) {
                    foreshadowing.append("  - id: F").append(event).append("\n    description: ").append(pov).append("の秘密")
                            .append("\n    deadline_volume: ").append(v).append("\n    setup: 20_プロット/第").append(v).append("巻/第").append(n)
                            .append("章.yaml\n    payoff: 20_プロット/第").append(v).append("巻/第").append(n + 5)
                            .append("章.yaml\n    status: resolved\n");
                }
            }
            volumePlot.append("characters: [").append(String.join(", ", charNames.subList(0, Math.min(6, characters)))).append("]\n");
            Files.writeString(plotDir.resolve("巻プロット.yaml"), volumePlot, StandardCharsets.UTF_8);
            files++;
        }
        Files.writeString(root.resolve("20_プロット/全体構成.yaml"), overall, StandardCharsets.UTF_8);
        files++;
        Files.writeString(root.resolve("30_設定集/年表.yaml"), timeline, StandardCharsets.UTF_8);
        files++;
        Path admin = Files.createDirectories(root.resolve("50_管理資料"));
        Files.writeString(admin.resolve("伏線リスト.yaml"), foreshadowing, StandardCharsets.UTF_8);
        Files.writeString(admin.resolve("登場人物索引.md"), "<!-- generated by continuity: character-appearance-index -->\n# 登場人物索引\n",
                StandardCharsets.UTF_8);
        Files.writeString(admin.resolve("執筆メモ.md"), "# 執筆メモ\n\n- [伏線リスト](伏線リスト.yaml)\n- [登場人物索引](登場人物索引.md)\n",
                StandardCharsets.UTF_8);
        files += 3;
        return new Summary(files, characters, places, totalChapters);
    }

    /** Index in [0, n): the first few much more often than the rest. */
    private static int pick(SplittableRandom random, int n) {
        if (n > 6 && random.nextInt(3) == 0) {
            return random.nextInt(6);
        }
        return random.nextInt(n);
    }

    private static String uniqueName(SplittableRandom random, Set<String> used, int syllables) {
        while (true) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < syllables; i++) {
                s.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            String name = s.toString();
            if (used.add(name)) {
                return name;
            }
        }
    }

    private static String date(int event) {
        int day = event - 1;
        return String.format("%04d-%02d-%02d", 1024 + day / 336, day / 28 % 12 + 1, day % 28 + 1);
    }
}
