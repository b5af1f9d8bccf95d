package dev.continuity.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a synthetic project in the seed's layout: {@code characters} character sheets and the rest manuscripts, each
 * manuscript with front matter naming two characters and its chapter plot, and prose mentioning characters by name and
 * alias, for about {@code referencesPerFile} references per file. Seeded: the same arguments give the same bytes.
 */
public final class GeneratedProject {
    private GeneratedProject() {}

    /** Returns the number of references written (explicit plus mentions). */
    public static long write(Path root, int files, int characters, int referencesPerFile, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Files.writeString(root.resolve("continuity.yaml"), """
                version: 1
                entities:
                  - { glob: "30_設定集/キャラクター/*.yaml", type: character, name: name, aliases: aliases }
                references:
                  yamlKeys: [plot, characters, pov]
                """);
        Path chars = Files.createDirectories(root.resolve("30_設定集/キャラクター"));
        for (int c = 0; c < characters; c++) {
            Files.writeString(chars.resolve("人物" + c + ".yaml"), "name: 人物" + c + "号\naliases: [異名" + c + "甲]\nrole: 脇役\n", StandardCharsets.UTF_8);
        }
        long refs = 0;
        int manuscripts = files - characters - 1;
        int perVolume = 100;
        for (int m = 0; m < manuscripts; m++) {
            int volume = m / perVolume + 1;
            Path dir = Files.createDirectories(root.resolve("40_原稿/第" + volume + "巻"));
            int a = random.nextInt(characters);
            int b = random.nextInt(characters);
            StringBuilder text = new StringBuilder(1024);
            text.append("---\ntitle: 第").append(m).append("話\nplot: 20_プロット/全体構成.yaml\ncharacters: [人物").append(a).append("号, 人物").append(b).append("号]\n---\n");
            refs += 3;
            for (int r = 3; r < referencesPerFile; r++) {
                int c = random.nextInt(characters);
                text.append(r % 2 == 0 ? "人物" + c + "号" : "異名" + c + "甲").append("は静かに歩いた。風が吹く。\n");
                refs++;
            }
            Files.writeString(dir.resolve("第" + (m % perVolume + 1) + "話.md"), text, StandardCharsets.UTF_8);
        }
        Files.createDirectories(root.resolve("20_プロット"));
        Files.writeString(root.resolve("20_プロット/全体構成.yaml"), "title: 総合\nvolumes: " + (manuscripts / perVolume + 1) + "\n");
        return refs;
    }
}
