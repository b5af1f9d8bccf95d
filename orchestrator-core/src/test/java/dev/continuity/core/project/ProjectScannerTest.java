package dev.continuity.core.project;

import dev.continuity.api.Diagnostic;
import dev.continuity.api.EdgeKind;
import dev.continuity.api.EntityInfo;
import dev.continuity.api.Reference;
import dev.continuity.api.Severity;
import dev.continuity.core.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectScannerTest {
    @TempDir
    Path dir;

    private ProjectScanner scanner() {
        HardenedYaml yaml = new HardenedYaml();
        return new ProjectScanner(dir, new ProjectConfigLoader(yaml).load(dir), yaml, List.of());
    }

    @Test
    void readsEntitiesReferencesAndMentions() {
        Fixture.saga(dir);
        Project p = scanner().scan();
        assertThat(p.entities()).extracting(e -> e.name()).containsExactlyInAnyOrder("主人公", "宿敵", "導師", "村人");
        assertThat(p.entity("レオン").orElseThrow().name()).isEqualTo("主人公");
        List<Reference> refs = p.referencesFrom("40_原稿/第1巻/第1話.md");
        assertThat(refs).filteredOn(r -> r.kind() == EdgeKind.MENTIONS).extracting(Reference::text).contains("レオン", "導師", "エルダ");
        assertThat(refs).filteredOn(r -> r.syntax().equals("front-matter") || r.syntax().equals("yaml-key")).extracting(Reference::target)
                .contains("20_プロット/第1巻/第1章.yaml", "主人公");
        assertThat(refs).filteredOn(r -> r.kind() == EdgeKind.RULE).extracting(Reference::target).containsExactly("20_プロット/第1巻/第1章.yaml");
        // [[霧の森]] names no entity; it finds the setting sheet of that name, as a note-taking tool would
        assertThat(p.referencesFrom("40_原稿/第1巻/第2話.md")).filteredOn(r -> r.syntax().equals("wikilink")).singleElement()
                .satisfies(r -> assertThat(r.target()).isEqualTo("30_設定集/世界/霧の森.yaml"));
        // a mention span is exact
        Reference leon = refs.stream().filter(r -> r.text().equals("レオン")).findFirst().orElseThrow();
        assertThat(p.text("40_原稿/第1巻/第1話.md").orElseThrow().substring(leon.start(), leon.end())).isEqualTo("レオン");
    }

    @Test
    void anEntitiesRuleWhoseGlobMatchesNothingOrWhoseNameFieldNoFileHasIsAWarning() {
        Fixture.write(dir, "continuity.yaml", """
                entities:
                  - { glob: "characters/*.txt", type: character, name: Nmae }
                  - { glob: "character/*.yaml", type: character, name: name }
                  - { glob: "places/*.yaml", type: place, name: name }
                """);
        Fixture.write(dir, "characters/0-Peter.txt", "Name: Peter\n");
        Fixture.write(dir, "characters/1-Paul.txt", "Name: Paul\n");
        Fixture.write(dir, "places/rome.yaml", "name: Rome\n");
        Fixture.write(dir, "places/notes.yaml", "title: no name here\n");
        Project p = scanner().scan();
        assertThat(p.entities()).extracting(EntityInfo::name).contains("0-Peter", "Rome");
        assertThat(p.diagnostics()).filteredOn(d -> d.code().startsWith("config-")).extracting(Diagnostic::message).containsExactlyInAnyOrder(
                "entities: no file that 'characters/*.txt' matches has the field 'Nmae', so each of its 2 character(s) is named after its file"
                        + " (0-Peter.txt); is the field spelt as the files write it?",
                "entities: the glob 'character/*.yaml' matches no file of the project, so it defines no character");
    }

    @Test
    void novelWritersMetaLinesHoldNoMentions() {
        Fixture.saga(dir);
        Fixture.write(dir, "40_原稿/第1巻/第9話.md", "%%~name: レオンの旅\n%%~path: a/b\n# 旅\nレオンが来た。%%~ではない\n");
        List<Reference> refs = scanner().scan().referencesFrom("40_原稿/第1巻/第9話.md");
        assertThat(refs).filteredOn(r -> r.kind() == EdgeKind.MENTIONS).extracting(Reference::line).containsExactly(4);
    }

    @Test
    void theReviewRequestsInAManuscriptsFrontMatterAreNotReferencesOrMentions() throws Exception {
        Fixture.saga(dir);
        Fixture.write(dir, "continuity.yaml", Files.readString(dir.resolve("continuity.yaml")).replace("yamlKeys: [plot, parent, characters, pov, home]",
                "yamlKeys: [plot, parent, characters, pov, home, source]"));
        // what review marking writes into front matter: the reason names an entity the text does not, the source a file
        Fixture.write(dir, "40_原稿/第1巻/第2話.md", """
                ---
                title: 対決
                plot: 20_プロット/第1巻/第2章.yaml
                continuity:
                  review:
                    - reason: "depends on the change to 20_プロット/第1巻/第1章.yaml (PLOT_CHANGE): entity:導師 -[references]-> \\"エルダ\\" 40_原稿/第1巻/第2話.md"
                      source: "20_プロット/第1巻/第1章.yaml"
                      execution: "exec-1"
                      at: "2026-01-01T00:00:00Z"
                ---
                ヴァルガスがレオンの前に立つ。
                """);
        Project p = scanner().scan();
        List<Reference> refs = p.referencesFrom("40_原稿/第1巻/第2話.md");
        assertThat(refs).extracting(Reference::target).doesNotContain("導師", "20_プロット/第1巻/第1章.yaml")
                .contains("20_プロット/第1巻/第2章.yaml", "宿敵", "主人公");
        assertThat(p.referencesTo("導師")).extracting(Reference::fromFile).doesNotContain("40_原稿/第1巻/第2話.md");

        // the same values anywhere else in the front matter, or in a YAML file (whose review requests go to a sidecar), are read
        Fixture.write(dir, "40_原稿/第1巻/第2話.md", "---\ntitle: 対決\nnote: \"entity:導師\"\nsource: 20_プロット/第1巻/第1章.yaml\n---\n本文。\n");
        Fixture.write(dir, "20_プロット/第1巻/第2章.yaml", "title: 対決\ncontinuity:\n  review:\n    - reason: \"導師\"\n");
        Project again = scanner().scan();
        assertThat(again.referencesFrom("40_原稿/第1巻/第2話.md")).extracting(Reference::target).contains("導師", "20_プロット/第1巻/第1章.yaml");
        assertThat(again.referencesFrom("20_プロット/第1巻/第2章.yaml")).extracting(Reference::target).contains("導師");
    }

    @Test
    void invalidUtf8IsAnErrorDiagnosticNamingTheFile() {
        Fixture.saga(dir);
        Fixture.write(dir, "40_原稿/第1巻/第3話.md", new byte[] {'a', 'b', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        Project p = scanner().scan();
        assertThat(p.errors()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("40_原稿/第1巻/第3話.md");
            assertThat(d.line()).isEqualTo(2);
            assertThat(d.message()).contains("invalid UTF-8");
        });
        assertThat(p.file("40_原稿/第1巻/第3話.md")).isEmpty();
        assertThatThrownBy(() -> Utf8.decode("f", new byte[] {(byte) 0xff})).hasMessageContaining("invalid UTF-8");
    }

    @Test
    void textInAnotherEncodingIsAnErrorThatNamesTheEncodingNotBinaryOrAnUnknownByte() {
        Fixture.saga(dir);
        String prose = "蒼真は霧の森へ向かった。\r\n「行くぞ」\r\n";
        Fixture.write(dir, "40_原稿/第1巻/第3話.txt", prose.getBytes(java.nio.charset.Charset.forName("windows-31j")));
        Fixture.write(dir, "40_原稿/第1巻/第4話.txt", prose.getBytes(java.nio.charset.Charset.forName("EUC-JP")));
        byte[] utf16 = prose.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        byte[] notepad = new byte[utf16.length + 2];
        notepad[0] = (byte) 0xFF;
        notepad[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, notepad, 2, utf16.length);
        Fixture.write(dir, "40_原稿/第1巻/第5話.txt", notepad);
        Fixture.write(dir, "40_原稿/第1巻/第6話.txt", "café\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Project p = scanner().scan();
        assertThat(p.errors()).extracting(Diagnostic::file, Diagnostic::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("40_原稿/第1巻/第3話.txt", "invalid UTF-8 at byte 0 (0x91); files must be UTF-8: it reads as "
                        + "Shift_JIS (CP932) text; convert it, e.g. iconv -f CP932 -t UTF-8, or save it as UTF-8"),
                org.assertj.core.groups.Tuple.tuple("40_原稿/第1巻/第4話.txt", "invalid UTF-8 at byte 0 (0xc1); files must be UTF-8: it reads as "
                        + "EUC-JP text; convert it, e.g. iconv -f EUC-JP -t UTF-8, or save it as UTF-8"),
                org.assertj.core.groups.Tuple.tuple("40_原稿/第1巻/第5話.txt", "UTF-16LE text (byte order mark FF FE); files must be UTF-8: "
                        + "convert it, e.g. iconv -f UTF-16 -t UTF-8, or save it as UTF-8"),
                org.assertj.core.groups.Tuple.tuple("40_原稿/第1巻/第6話.txt", "invalid UTF-8 at byte 3 (0xe9); files must be UTF-8"));
        assertThat(p.diagnostics()).noneMatch(d -> d.code().equals("binary-skipped"));
    }

    @Test
    void binaryHiddenAndSymlinkedFilesAreSkippedWithDiagnostics() throws Exception {
        Fixture.saga(dir);
        Fixture.write(dir, "40_原稿/cover.dat", new byte[] {1, 2, 0, 3});
        Fixture.write(dir, "40_原稿/.draft.md", "secret");
        Fixture.write(dir, ".continuity/state.json", "{}");
        Path outside = Files.createTempFile("outside", ".md");
        Files.createSymbolicLink(dir.resolve("40_原稿/link.md"), outside);
        Project p = scanner().scan();
        assertThat(p.diagnostics()).extracting(Diagnostic::file, Diagnostic::code).contains(
                org.assertj.core.groups.Tuple.tuple("40_原稿/cover.dat", "binary-skipped"),
                org.assertj.core.groups.Tuple.tuple("40_原稿/.draft.md", "hidden-skipped"),
                org.assertj.core.groups.Tuple.tuple("40_原稿/link.md", "symlink-skipped"));
        assertThat(p.files()).noneMatch(f -> f.startsWith(".continuity") || f.endsWith(".dat") || f.endsWith("link.md"));
    }

    @Test
    @org.junit.jupiter.api.condition.DisabledOnOs(org.junit.jupiter.api.condition.OS.WINDOWS)
    void aBackslashInANameSkipsItWithAWarningInsteadOfReadingAnotherFile() throws Exception {
        Fixture.saga(dir);
        Fixture.write(dir, "40_原稿/第1巻/a\\b.md", "# a backslash in the name\n");
        Fixture.write(dir, "40_原稿/old\\drafts/x.md", "# in a folder with one\n");
        Project p = scanner().scan();
        assertThat(p.errors()).as("not 40_原稿/第1巻/a/b.md, which does not exist").isEmpty();
        assertThat(p.diagnostics()).filteredOn(d -> d.code().equals("name-skipped"))
                .extracting(Diagnostic::file, Diagnostic::severity).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("40_原稿/第1巻/a\\b.md", Severity.WARNING),
                        org.assertj.core.groups.Tuple.tuple("40_原稿/old\\drafts/", Severity.WARNING));
        assertThat(p.files()).noneMatch(f -> f.contains("b.md") || f.contains("x.md"));
    }

    @Test
    void referencesThatEscapeTheRootAreRefused() throws Exception {
        Fixture.saga(dir);
        Fixture.write(dir, "40_原稿/第1巻/第4話.md", "[a](../../../etc/passwd) [b](/etc/passwd)\n");
        Path outside = Files.createTempDirectory("outside");
        Files.writeString(outside.resolve("x.md"), "x");
        Files.createSymbolicLink(dir.resolve("40_原稿/out"), outside);
        Fixture.write(dir, "40_原稿/第1巻/第5話.md", "[c](../out/x.md)\n");
        Project p = scanner().scan();
        assertThat(p.diagnostics()).filteredOn(d -> d.code().equals("reference-escapes-root")).extracting(Diagnostic::file)
                .contains("40_原稿/第1巻/第4話.md", "40_原稿/第1巻/第5話.md");
        assertThat(p.diagnostics()).filteredOn(d -> d.code().equals("reference-escapes-root")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(p.references()).noneMatch(r -> r.resolved() && r.target().contains("passwd"));
    }

    @Test
    void aRelativeLinkToAMissingFileInsideTheProjectIsMissingNotAnEscape() {
        Fixture.saga(dir);
        Fixture.write(dir, "40_原稿/第1巻/第4話.md", "[x](../../30_設定集/ない.yaml)\n");
        Project p = scanner().scan();
        assertThat(p.diagnostics()).filteredOn(d -> d.file().equals("40_原稿/第1巻/第4話.md"))
                .noneMatch(d -> d.code().equals("reference-escapes-root"))
                .anySatisfy(d -> assertThat(d.message()).contains("30_設定集/ない.yaml, which does not exist"));
    }

    @Test
    void aLinkFindsAFileWhoseNameIsWrittenInAnotherUnicodeNormalisation() {
        Fixture.saga(dir);
        // a file copied from a Mac: its name decomposed (NFD, カ + ゛), the links typed composed (NFC), and the other way round
        String decomposed = java.text.Normalizer.normalize("30_設定集/キャラクター/鍛冶師ガルド.yaml", java.text.Normalizer.Form.NFD);
        Fixture.write(dir, decomposed, "name: 鍛冶師ガルド\n");
        Fixture.write(dir, "30_設定集/キャラクター/魔導卿ザハル.yaml", "name: 魔導卿ザハル\n");
        Fixture.write(dir, "40_原稿/第1巻/第4話.md", "[ガルド](../../30_設定集/キャラクター/鍛冶師ガルド.yaml) [ザハル]("
                + java.text.Normalizer.normalize("../../30_設定集/キャラクター/魔導卿ザハル.yaml", java.text.Normalizer.Form.NFD) + ")\n");
        Project p = scanner().scan();
        assertThat(p.referencesFrom("40_原稿/第1巻/第4話.md")).filteredOn(r -> r.text().contains("キャラクター"))
                .extracting(r -> r.target() + " " + r.resolved())
                .containsExactlyInAnyOrder(decomposed + " true", "30_設定集/キャラクター/魔導卿ザハル.yaml true");
        assertThat(p.diagnostics()).filteredOn(d -> d.file().equals("40_原稿/第1巻/第4話.md")).noneMatch(d -> d.message().contains("キャラクター"));
    }

    @Test
    void wikilinksNameNotesTheWayNoteTakingToolsDo() {
        Fixture.saga(dir);
        Fixture.write(dir, "50_管理資料/地名/霧の森.md", "# 霧の森\n\n## 由来\n古い森。\n");
        Fixture.write(dir, "50_管理資料/地名/王都.md", "# 王都\n");
        String chapter = "50_管理資料/旅程.md";
        Fixture.write(dir, chapter, "[[霧の森#由来]] [[50_管理資料/地名/王都]] [[#見出し]] [[ 主人公#^ab12 |彼]] [[王都.md]]\n");
        Project p = scanner().scan();
        List<Reference> wikilinks = p.referencesFrom(chapter).stream().filter(r -> r.syntax().equals("wikilink")).toList();
        assertThat(wikilinks).extracting(Reference::text, Reference::target, Reference::resolved).containsExactly(
                org.assertj.core.groups.Tuple.tuple("霧の森", "50_管理資料/地名/霧の森.md", true),
                org.assertj.core.groups.Tuple.tuple("50_管理資料/地名/王都", "50_管理資料/地名/王都.md", true),
                org.assertj.core.groups.Tuple.tuple("主人公", "主人公", true),
                org.assertj.core.groups.Tuple.tuple("王都.md", "50_管理資料/地名/王都.md", true));
        // each span is the note's name alone, so a rename rewrites [[霧の森#由来]] and keeps the heading
        String text = p.text(chapter).orElseThrow();
        assertThat(wikilinks).allSatisfy(r -> assertThat(text.substring(r.start(), r.end())).isEqualTo(r.text()));
        assertThat(p.diagnostics()).filteredOn(d -> d.file().equals(chapter)).isEmpty();
        // the fixture's [[霧の森]] in 第2話 now finds the note too
        assertThat(p.referencesFrom("40_原稿/第1巻/第2話.md")).filteredOn(r -> r.syntax().equals("wikilink")).singleElement()
                .satisfies(r -> assertThat(r.target()).isEqualTo("50_管理資料/地名/霧の森.md"));
    }

    @Test
    void markdownLinksInEveryFormCommonMarkAllowsAreRead() {
        Fixture.saga(dir);
        Fixture.write(dir, "50_管理資料/地名/霧の谷 東.md", "# 霧の谷 東\n");
        Fixture.write(dir, "50_管理資料/地名/港(旧).md", "# 港\n");
        String notes = "50_管理資料/旅程.md";
        Fixture.write(dir, notes, """
                [港](地名/港(旧).md) [谷](<地名/霧の谷 東.md>) [森](../30_設定集/世界/霧の森.yaml 'the forest') [師](../30_設定集/キャラクター/導師.yaml (導師))
                [森の章][forest] と [注][^1]

                [forest]: <../20_プロット/第1巻/第2章.yaml> "第2章"
                [注]: 本文の注記
                [^1]: a footnote
                [web]: https://example.com/page.md
                """);
        Project p = scanner().scan();
        assertThat(p.referencesFrom(notes)).filteredOn(r -> r.syntax().equals("markdown-link"))
                .extracting(Reference::target, Reference::resolved).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("50_管理資料/地名/港(旧).md", true),
                        org.assertj.core.groups.Tuple.tuple("50_管理資料/地名/霧の谷 東.md", true),
                        org.assertj.core.groups.Tuple.tuple("30_設定集/世界/霧の森.yaml", true),
                        org.assertj.core.groups.Tuple.tuple("30_設定集/キャラクター/導師.yaml", true),
                        org.assertj.core.groups.Tuple.tuple("20_プロット/第1巻/第2章.yaml", true));
        String text = p.text(notes).orElseThrow();
        assertThat(p.referencesFrom(notes)).filteredOn(r -> r.syntax().equals("markdown-link"))
                .allSatisfy(r -> assertThat(text.substring(r.start(), r.end())).isEqualTo(r.text()));
        assertThat(p.diagnostics()).filteredOn(d -> d.file().equals(notes)).as("prose and footnotes are no links").isEmpty();
    }

    @Test
    void aLinkToAFileInAnotherLetterCaseIsUnresolvedAndTheDiagnosticNamesTheFile() {
        Fixture.saga(dir);
        Fixture.write(dir, "notes/chars/alicia.md", "# Alicia\n");
        String notes = "notes/index.md";
        Fixture.write(dir, notes, "[Alicia](Chars/Alicia.md)\n");
        Project p = scanner().scan();
        assertThat(p.referencesFrom(notes)).singleElement().satisfies(r -> assertThat(r.resolved()).isFalse());
        assertThat(p.diagnostics()).filteredOn(d -> d.file().equals(notes)).singleElement().satisfies(d -> assertThat(d.message())
                .isEqualTo("links to Chars/Alicia.md, which does not exist; notes/chars/alicia.md differs from it in letter case only "
                        + "(a link that works on macOS and Windows, not on Linux)"));
    }

    @Test
    void pixivNovelMarkupInDoubleBracketsIsNoWikilink() {
        Fixture.saga(dir);
        String scene = "50_管理資料/メモ.md";
        Fixture.write(dir, scene, "[[rb:導師 > どうし]]が[[jumpuri:地図 > https://example.com/map]]を見た。\n");
        Project p = scanner().scan();
        assertThat(p.referencesFrom(scene)).noneMatch(r -> r.syntax().equals("wikilink"))
                .anySatisfy(r -> assertThat(r.target()).isEqualTo("導師"));
        assertThat(p.diagnostics()).filteredOn(d -> d.file().equals(scene)).isEmpty();
    }

    @Test
    void aWikilinkFindsAFileNameInAnyLetterCaseAndOneSharedBySeveralFilesIsReportedAsAmbiguous() {
        Fixture.saga(dir);
        Fixture.write(dir, "notes/a/Harbor.md", "The harbor.\n");
        Fixture.write(dir, "notes/b/harbor.md", "Another harbor.\n");
        Fixture.write(dir, "notes/Lighthouse.md", "The light.\n");
        Fixture.write(dir, "notes/a/index.md", "[[harbor]]\n");
        String chapter = "50_管理資料/旅程.md";
        Fixture.write(dir, chapter, "[[lighthouse]] [[HARBOR]]\n");
        Project p = scanner().scan();
        assertThat(p.referencesFrom(chapter)).filteredOn(r -> r.syntax().equals("wikilink"))
                .extracting(Reference::text, Reference::target, Reference::resolved).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("lighthouse", "notes/Lighthouse.md", true),
                        org.assertj.core.groups.Tuple.tuple("HARBOR", "HARBOR", false));
        assertThat(p.diagnostics()).filteredOn(d -> d.file().equals(chapter)).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("reference-ambiguous");
            assertThat(d.line()).isEqualTo(1);
            assertThat(d.message()).contains("[[HARBOR]]", "notes/a/Harbor.md", "notes/b/harbor.md");
        });
        // from a file beside one of them, that one
        assertThat(p.referencesFrom("notes/a/index.md")).filteredOn(r -> r.syntax().equals("wikilink")).singleElement()
                .satisfies(r -> assertThat(r.target()).isEqualTo("notes/a/Harbor.md"));
    }

    @Test
    void aLinkToAnAttachmentThatExistsIsNoDependencyAndNoWarning() {
        Fixture.saga(dir);
        Fixture.write(dir, "assets/地図.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1});
        String chapter = "50_管理資料/旅程.md";
        Fixture.write(dir, chapter, "![[地図.png]] ![地図](../assets/地図.png) ![[ない.png]] [x](../assets/ない.png)\n");
        Project p = scanner().scan();
        assertThat(p.referencesFrom(chapter)).filteredOn(r -> r.kind() != EdgeKind.RULE && r.kind() != EdgeKind.MENTIONS)
                .extracting(Reference::target, Reference::resolved).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ない.png", false), org.assertj.core.groups.Tuple.tuple("assets/ない.png", false));
        assertThat(p.diagnostics()).filteredOn(d -> d.file().equals(chapter)).extracting(Diagnostic::message)
                .noneMatch(m -> m.contains("地図")).hasSize(2);
    }

    @Test
    void filesSavedWithAByteOrderMarkReadAsWithout() throws Exception {
        Fixture.saga(dir);
        Project plain = scanner().scan();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains(".continuity")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                byte[] bom = new byte[bytes.length + 3];
                bom[0] = (byte) 0xEF;
                bom[1] = (byte) 0xBB;
                bom[2] = (byte) 0xBF;
                System.arraycopy(bytes, 0, bom, 3, bytes.length);
                Files.write(f, bom);
            }
        }
        Project withBom = scanner().scan();
        assertThat(withBom.errors()).isEmpty();
        assertThat(withBom.entities()).extracting(EntityInfo::name).containsExactlyInAnyOrderElementsOf(
                plain.entities().stream().map(EntityInfo::name).toList());
        assertThat(withBom.files()).allSatisfy(f -> assertThat(withBom.referencesFrom(f)).as(f)
                .extracting(r -> r.target() + " " + r.resolved() + " " + r.line())
                .containsExactlyInAnyOrderElementsOf(plain.referencesFrom(f).stream().map(r -> r.target() + " " + r.resolved() + " " + r.line()).toList()));
        assertThat(withBom.referencesFrom("40_原稿/第1巻/第1話.md")).filteredOn(r -> r.end() > 0).isNotEmpty().allSatisfy(r -> assertThat(withBom.text(r.fromFile()).orElseThrow()
                .substring(r.start(), r.end())).as("offsets count the mark").isEqualTo(plain.text(r.fromFile()).orElseThrow().substring(r.start() - 1, r.end() - 1)));
    }

    @Test
    void configPathsThatEscapeTheRootAreRefused() {
        Fixture.write(dir, "continuity.yaml", "rules:\n  - \"../x/{n}.md -> /etc/{n}\"\nderived:\n  - { path: ../out.md, generator: g }\n");
        assertThatThrownBy(this::scanner).isInstanceOf(dev.continuity.api.ConfigurationException.class)
                .hasMessageContaining("continuity.yaml").hasMessageContaining("escapes the project root")
                .satisfies(e -> assertThat(((dev.continuity.api.ConfigurationException) e).problems()).hasSize(3));
    }

    @Test
    void malformedYamlIsADiagnosticWithFileAndLine() {
        Fixture.saga(dir);
        Fixture.write(dir, "20_プロット/壊れた.yaml", "title: x\n  bad: [\n");
        Project p = scanner().scan();
        assertThat(p.errors()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("20_プロット/壊れた.yaml");
            assertThat(d.line()).isPositive();
        });
    }

    @Test
    void aFileTheFileSystemRefusesIsNamedWithItsCauseAndLinksToItSayItExistsButCouldNotBeRead() {
        Fixture.saga(dir);
        String refused = "30_設定集/年表.yaml";
        Fixture.write(dir, refused, "year: 1\n");
        Fixture.write(dir, "40_原稿/第1巻/第4話.md", "[年表](../../30_設定集/年表.yaml) と [なし](30_設定集/ない.yaml)\n");
        HardenedYaml yaml = new HardenedYaml();
        ProjectScanner scanner = new ProjectScanner(dir, new ProjectConfigLoader(yaml).load(dir), yaml, List.of(), file -> {
            if (file.endsWith(Path.of(refused))) {
                throw new java.nio.file.AccessDeniedException(file.toString());
            }
            return Files.readAllBytes(file);
        });

        Project p = scanner.scan();

        assertThat(p.errors()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo(refused);
            assertThat(d.code()).isEqualTo("unreadable");
            assertThat(d.message()).isEqualTo("cannot read: permission denied").doesNotContain(dir.toString());
        });
        assertThat(p.diagnostics()).filteredOn(d -> d.file().equals("40_原稿/第1巻/第4話.md")).extracting(Diagnostic::message)
                .filteredOn(m -> m.startsWith("links to")).containsExactlyInAnyOrder("links to 30_設定集/年表.yaml, which exists but could not be read",
                        "links to 30_設定集/ない.yaml, which does not exist");
    }

    @Test
    void aReadFailureIsDescribedInWordsWithoutTheAbsolutePath() {
        assertThat(ProjectScanner.cannotRead(new java.nio.file.AccessDeniedException("/abs/p/a.md"))).isEqualTo("cannot read: permission denied");
        assertThat(ProjectScanner.cannotRead(new java.nio.file.FileSystemException("/abs/p/a.md", null, "Input/output error")))
                .isEqualTo("cannot read: Input/output error");
        assertThat(ProjectScanner.cannotRead(new java.nio.file.FileSystemException("/abs/p/a.md"))).isEqualTo("cannot read: an I/O error");
    }

    @Test
    void frontMatterWithoutItsClosingFenceIsADiagnosticNotSilence() {
        Fixture.saga(dir);
        Fixture.write(dir, "40_原稿/第1巻/閉じていない.md", "---\ntitle: 閉じていない\nplot: 20_プロット/第1巻/第1章.yaml\n\n本文。\n");
        Project p = scanner().scan();
        assertThat(p.errors()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("40_原稿/第1巻/閉じていない.md");
            assertThat(d.line()).isEqualTo(1);
            assertThat(d.code()).isEqualTo("unreadable");
            assertThat(d.message()).contains("front matter is not closed");
        });
        assertThat(p.files()).doesNotContain("40_原稿/第1巻/閉じていない.md");
    }

    @Test
    void aThematicBreakAtTheTopOfMarkdownIsNotFrontMatter() {
        Fixture.saga(dir);
        Fixture.write(dir, "50_管理資料/区切り.md", "---\n\nChapter 1: The beginning\n\nProse.\n");
        Fixture.write(dir, "50_管理資料/閉じた.md", "---\ntitle: 閉じた\n---   \n本文。\n");
        Project p = scanner().scan();
        assertThat(p.errors()).isEmpty();
        assertThat(p.files()).contains("50_管理資料/区切り.md", "50_管理資料/閉じた.md");
        assertThat(p.file("50_管理資料/閉じた.md").orElseThrow().yaml()).isPresent();
    }

    @Test
    void rescanReparsesOnlyChangedFiles() throws Exception {
        Fixture.saga(dir);
        ProjectScanner scanner = scanner();
        Project first = scanner.scan();
        Fixture.write(dir, "30_設定集/キャラクター/村人.yaml", "name: 村長\n");
        // same size as before: move the time on, as any later save does (two writes within one file-system time tick
        // with equal sizes look unchanged to a size + mtime check: the racy-clean case)
        Path villager = dir.resolve("30_設定集/キャラクター/村人.yaml");
        Files.setLastModifiedTime(villager, FileTime.fromMillis(
                Files.getLastModifiedTime(villager).toMillis() + 2_000));
        Project second = scanner.scan();
        assertThat(second.file("40_原稿/第1巻/第1話.md").orElseThrow()).isSameAs(first.file("40_原稿/第1巻/第1話.md").orElseThrow());
        assertThat(second.file("30_設定集/キャラクター/村人.yaml").orElseThrow()).isNotSameAs(first.file("30_設定集/キャラクター/村人.yaml").orElseThrow());
        assertThat(second.entity("村長")).isPresent();
        Project targeted = scanner.rescan(second, List.of("50_管理資料/メモ.md"), Map.of());
        assertThat(targeted.file("40_原稿/第1巻/第1話.md").orElseThrow()).isSameAs(first.file("40_原稿/第1巻/第1話.md").orElseThrow());
    }

    @Test
    void headersAndTagsAreRead() {
        Fixture.write(dir, "continuity.yaml", """
                entities:
                  - { glob: "characters/*.txt", type: character, name: Name, id: ID }
                references:
                  headers: [POV]
                  tags: [char, pov]
                  definingTags: [tag]
                """);
        Fixture.write(dir, "characters/0-Peter.txt", "Name:       Peter\nID:         0\n\nA fisherman.\n");
        Fixture.write(dir, "outline/scene.md", "title: Scene\nPOV: 0\n\nText about nobody.\n");
        Fixture.write(dir, "notes/john.nwd", "# John\n\n@tag: John | John Smith\n");
        Fixture.write(dir, "story/ch1.nwd", "# Chapter\n\n@pov: John\n@char: Peter, Ghost\n\nJohn Smith walked.\n");
        Project p = scanner().scan();
        assertThat(p.referencesFrom("outline/scene.md")).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("Peter");
            assertThat(r.resolved()).isTrue();
        });
        assertThat(p.referencesFrom("story/ch1.nwd")).filteredOn(Reference::resolved).extracting(Reference::target)
                .contains("John", "Peter");
        assertThat(p.referencesFrom("story/ch1.nwd")).filteredOn(r -> !r.resolved()).extracting(Reference::text).containsExactly("Ghost");
        assertThat(p.diagnostics()).noneMatch(d -> d.severity() == Severity.ERROR);
    }

    @Test
    void patternsOfTheProjectsOwnFindReferencesByIdOrNameInTheFilesTheirGlobMatches() {
        Fixture.write(dir, "continuity.yaml", """
                entities:
                  - { glob: "characters/*.txt", type: character, name: Name, id: ID }
                references:
                  mentions: false
                  patterns:
                    - { regex: '\\{C:(?<ref>\\d+):[^}]*\\}' }
                    - { glob: plots.xml, regex: 'characters="([^"]*)"', split: "," }
                """);
        Fixture.write(dir, "characters/0-Peter.txt", "Name:       Peter\nID:         0\n");
        Fixture.write(dir, "characters/5-Barnabas.txt", "Name:       Barnabas\nID:         5\n");
        Fixture.write(dir, "outline/scene.md", "notes:      {C:5:Barnabas} and {C:9:Nobody}\n\nText.\n");
        Fixture.write(dir, "plots.xml", "<root>\n  <plot name=\"Fight\" ID=\"2\" characters=\"0, 5\"/>\n</root>\n");
        Fixture.write(dir, "other.xml", "<plot characters=\"0\"/>\n");
        Project p = scanner().scan();
        assertThat(p.referencesFrom("outline/scene.md")).extracting(Reference::text, Reference::target, Reference::resolved)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("5", "Barnabas", true), org.assertj.core.groups.Tuple.tuple("9", "9", false));
        assertThat(p.referencesFrom("plots.xml")).extracting(Reference::target).containsExactly("Peter", "Barnabas");
        Reference barnabas = p.referencesFrom("plots.xml").get(1);
        assertThat(barnabas.syntax()).isEqualTo("pattern");
        assertThat(barnabas.line()).isEqualTo(2);
        assertThat(p.text("plots.xml").orElseThrow().substring(barnabas.start(), barnabas.end())).isEqualTo("5");
        assertThat(p.referencesFrom("other.xml")).as("the glob keeps the second pattern to plots.xml").isEmpty();
    }

    @Test
    void aPatternThatBacktracksWithoutEndIsAnErrorOnTheFileNotAScanThatNeverEnds() {
        Fixture.write(dir, "continuity.yaml", """
                references:
                  patterns:
                    - { regex: '(?<ref>(.*a){12})b' }
                """);
        Fixture.write(dir, "notes/a.md", "a".repeat(30) + "\n");     // some 10 s of backtracking, unguarded
        Project p = scanner().scan();
        assertThat(p.diagnostics()).filteredOn(d -> d.file().equals("notes/a.md")).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.ERROR);
            assertThat(d.message()).contains("the reference pattern '(?<ref>(.*a){12})b'", "takes too long");
        });
    }

    @Test
    void overlayBuildsTheStagedStateWithoutTouchingDisk() throws Exception {
        Fixture.saga(dir);
        ProjectScanner scanner = scanner();
        Project base = scanner.scan();
        String chapter = "40_原稿/第1巻/第2話.md";
        byte[] before = Files.readAllBytes(dir.resolve(chapter));
        Map<String, byte[]> staged = Map.of(
                chapter, "---\ntitle: 対決\n---\n導師が[[霧の森]]に現れる。\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "40_原稿/第1巻/第3話.md", "村人が笑う。\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "40_原稿/第1巻/第1話.md.review.yaml", "continuity: {}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Project staged1 = scanner.overlay(base, staged);

        assertThat(staged1.referencesFrom(chapter)).extracting(Reference::text).contains("導師").doesNotContain("ヴァルガス");
        assertThat(staged1.referencesTo("村人")).extracting(Reference::fromFile).contains("40_原稿/第1巻/第3話.md");
        assertThat(staged1.files()).doesNotContain("40_原稿/第1巻/第1話.md.review.yaml");
        assertThat(Files.readAllBytes(dir.resolve(chapter))).isEqualTo(before);
        assertThat(Files.exists(dir.resolve("40_原稿/第1巻/第3話.md"))).isFalse();
        // the next scan still sees the disk
        Project again = scanner.scan();
        assertThat(again.referencesFrom(chapter)).extracting(Reference::text).contains("ヴァルガス");
        assertThat(again.files()).doesNotContain("40_原稿/第1巻/第3話.md");
        assertThat(scanner.overlay(base, Map.of())).isSameAs(base);
    }

    @Test
    void overlayReportsUnreadableStagedContentLikeAScan() {
        Fixture.saga(dir);
        ProjectScanner scanner = scanner();
        Project base = scanner.scan();
        Project staged = scanner.overlay(base, Map.of("20_プロット/第1巻/第1章.yaml", "title: [unclosed\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "40_原稿/第1巻/第1話.md", new byte[] {'a', (byte) 0xC3, (byte) 0x28}));
        assertThat(staged.errors()).extracting(Diagnostic::file).containsExactlyInAnyOrder("20_プロット/第1巻/第1章.yaml", "40_原稿/第1巻/第1話.md");
        assertThat(staged.files()).doesNotContain("20_プロット/第1巻/第1章.yaml");
        assertThat(base.errors()).isEmpty();
    }

    @Test
    void theKeptPathsRegexKeepsWhatAScanKeepsByName() {
        ProjectConfig config = new ProjectConfigLoader(new HardenedYaml()).parse("continuity.yaml",
                java.util.Map.of("ignore", java.util.List.of("drafts/**", "*.bak")));
        java.util.regex.Pattern kept = java.util.regex.Pattern.compile(ProjectScanner.keptPathsRegex(config));
        assertThat(java.util.List.of("plots.xml", "world.opml", "MANUSKRIPT", "outline/0-Act.md", "nwProject.nwx",
                "40_原稿/第1巻/第1話.md", "characters/1-Paul.txt", "notes.BAK2"))
                .allSatisfy(p -> assertThat(kept.matcher(p).matches()).as(p).isTrue());
        assertThat(java.util.List.of(".hidden.md", ".git/config", "a/.obsidian/app.json", "cover.PNG", "art/map.jpg",
                "40_原稿/第1巻/第1話.md.review.yaml", "drafts/old.md", "drafts/x/y.md", "old.bak"))
                .allSatisfy(p -> assertThat(kept.matcher(p).matches()).as(p).isFalse());
    }
}
