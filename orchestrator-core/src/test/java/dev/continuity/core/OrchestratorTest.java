package dev.continuity.core;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.PathEscapeException;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.ProjectFileException;
import dev.continuity.api.Reference;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.UpdatePlan;
import dev.continuity.api.UpdateType;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.project.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrchestratorTest {
    @TempDir
    Path dir;

    private Orchestrator orchestrator(UpdateHandler... extra) {
        Orchestrators.Builder b = Orchestrators.builder(dir).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(RandomGenerator.of("L64X128MixRandom")).workers(2);
        for (UpdateHandler h : extra) {
            b.handler(h);
        }
        return b.build();
    }

    @Test
    void impactOfACharacterChangeContainsEveryFileThatReferencesIt() throws Exception {
        Fixture.saga(dir);
        try (Orchestrator o = orchestrator()) {
            PredictiveImpactAnalysis a = o.predictUpdateImpact(ChangeContext.of(UpdateType.CHARACTER_CHANGE, "30_設定集/キャラクター/主人公.yaml"), 0.8);
            List<String> grep = Fixture.snapshot(dir).keySet().stream()
                    .filter(f -> !f.equals("30_設定集/キャラクター/主人公.yaml") && !f.equals("continuity.yaml"))
                    .filter(f -> contains(f, "主人公") || contains(f, "レオン")).toList();
            assertThat(grep).isNotEmpty();
            assertThat(a.predictedFiles()).containsAll(grep);
            assertThat(a.predictedFiles()).doesNotContain("30_設定集/キャラクター/村人.yaml", "50_管理資料/メモ.md", "30_設定集/世界/霧の森.yaml");
            assertThat(a.impactedFiles()).allSatisfy(f -> {
                assertThat(f.reasons().getFirst()).startsWith("30_設定集/キャラクター/主人公.yaml");
                assertThat(f.confidence()).isBetween(0.8, 1.0);
            });
            assertThat(a.alternativeApproaches()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(a.estimatedComplexity()).isPositive();
        }
    }

    private boolean contains(String rel, String s) {
        try {
            return Files.readString(dir.resolve(rel)).contains(s);
        } catch (Exception e) {
            return false;
        }
    }

    /** A handler of every file and change, first of all, whose service is down. */
    private static UpdateHandler failingEverywhere() {
        return new UpdateHandler() {
            @Override public dev.continuity.api.spi.HandlerResult apply(dev.continuity.api.spi.StepContext c) {
                throw new IllegalStateException("service down");
            }
            @Override public String id() { return "failing"; }
            @Override public boolean supports(dev.continuity.api.FileKind k, dev.continuity.api.EnhancedUpdateType t) { return true; }
            @Override public int priority() { return 1000; }
        };
    }

    /** Rewrites 導師's character sheet and runs the CHARACTER_CHANGE of it. */
    private EnhancedUpdateResponse editTheMentorsSheet(Orchestrator o, String sheet) {
        Fixture.write(dir, "30_設定集/キャラクター/導師.yaml", sheet);
        return o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t")
                .updateType(UpdateType.CHARACTER_CHANGE).changedFile("30_設定集/キャラクター/導師.yaml").build());
    }

    @Test
    void renamePropagatesAndKeepsEveryOtherByte() throws Exception {
        Fixture.saga(dir);
        byte[] crlf = ("\uFEFF---\r\ntitle: 追記\r\ncharacters: [導師]\r\n---\r\n導師の教え。\r\n導師はエルダとも呼ばれる。").getBytes(StandardCharsets.UTF_8);
        Fixture.write(dir, "40_原稿/第1巻/第3話.md", crlf);
        try (Orchestrator o = orchestrator()) {
            o.scanAndRecord();
            Fixture.write(dir, "30_設定集/キャラクター/導師.yaml", "name: 老師\naliases: [エルダ]\nstudent: 主人公\n");
            Map<String, String> before = Fixture.snapshot(dir);
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t")
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile("30_設定集/キャラクター/導師.yaml").build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            Map<String, String> after = Fixture.snapshot(dir);
            for (String f : after.keySet()) {
                assertThat(text(after.get(f))).as(f).doesNotContain("導師");
                if (!f.startsWith("50_管理資料/登場人物索引")) {
                    assertThat(text(after.get(f))).as(f).isEqualTo(text(before.get(f)).replace("導師", "老師"));
                }
            }
            assertThat(Files.readAllBytes(dir.resolve("40_原稿/第1巻/第3話.md")))
                    .isEqualTo(new String(crlf, StandardCharsets.UTF_8).replace("導師", "老師").getBytes(StandardCharsets.UTF_8));
            assertThat(r.changedFiles()).extracting(c -> c.path()).contains("40_原稿/第1巻/第1話.md", "20_プロット/第1巻/第1章.yaml");
        }
    }

    @Test
    void aRenameToANameAlreadyWrittenInTheProseWarnsAndMarksThoseFilesForReview() throws Exception {
        Fixture.saga(dir);
        // 老師 is already someone in these chapters: after 導師 becomes 老師 the two read as one
        Fixture.write(dir, "40_原稿/第1巻/第6話.md", "村の老師が導師を訪ねた。\n");
        Fixture.write(dir, "40_原稿/第1巻/第7話.md", "老師は眠る。\n");
        try (Orchestrator o = orchestrator()) {
            o.scanAndRecord();
            EnhancedUpdateResponse r = editTheMentorsSheet(o, "name: 老師\naliases: [エルダ]\nstudent: 主人公\n");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.diagnostics()).filteredOn(d -> d.code().equals("rename-collision")).singleElement()
                    .satisfies(d -> assertThat(d.message()).contains("'老師'", "40_原稿/第1巻/第6話.md 1x", "40_原稿/第1巻/第7話.md 1x"));
            // the chapters have no front matter: their review requests go to sidecars
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第6話.md"))).isEqualTo("村の老師が老師を訪ねた。\n");
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第6話.md.review.yaml")))
                    .contains("the new name was already written here before the rename ('老師' on line 1)");
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第7話.md"))).isEqualTo("老師は眠る。\n");
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第7話.md.review.yaml"))).contains("'老師' on line 1");
            // a chapter where the name was not written before is renamed without a mark
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第1話.md"))).contains("老師").doesNotContain("already written here");
        }
    }

    @Test
    void withAReviewFolderTheSidecarsGoThereAndNothingNewLandsBesideTheFiles() throws Exception {
        Fixture.saga(dir);
        // a writing tool that reads every file of its folders: the config is hidden, the sidecars are in a hidden folder
        Files.move(dir.resolve("continuity.yaml"), dir.resolve(".continuity.yaml"));
        Files.writeString(dir.resolve(".continuity.yaml"), "review:\n  folder: .review\n", java.nio.file.StandardOpenOption.APPEND);
        Fixture.write(dir, "40_原稿/第1巻/第6話.md", "村の老師が導師を訪ねた。\n");
        try (Orchestrator o = orchestrator()) {
            o.scanAndRecord();
            java.util.Set<String> before = Fixture.snapshot(dir).keySet();
            EnhancedUpdateResponse r = editTheMentorsSheet(o, "name: 老師\naliases: [エルダ]\nstudent: 主人公\n");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Files.readString(dir.resolve(".review/40_原稿/第1巻/第6話.md.review.yaml")))
                    .contains("the new name was already written here before the rename");
            assertThat(r.changedFiles()).extracting(c -> c.path()).contains(".review/40_原稿/第1巻/第6話.md.review.yaml");
            assertThat(Fixture.snapshot(dir).keySet().stream().filter(f -> !f.startsWith(".review/")))
                    .as("no file appeared beside the project's files").containsExactlyInAnyOrderElementsOf(before);
            assertThat(o.scan().files()).noneMatch(f -> f.startsWith(".review/"));
            assertThat(o.scan().diagnostics()).as("Continuity's own hidden files are no news").noneMatch(d -> d.file().startsWith(".review")
                    || d.file().equals(".continuity.yaml"));
        }
    }

    @Test
    void aDefinitionFileRenamedWithItsEntityIsARenameWhenTheIdIsTheSame() throws Exception {
        Fixture.saga(dir);
        // Manuskript saves a renamed character as a new file ({ID}-{name}.txt) and deletes the old one
        Fixture.write(dir, "continuity.yaml", Files.readString(dir.resolve("continuity.yaml"))
                .replace("type: character, name: name, aliases: aliases }", "type: character, name: name, aliases: aliases, id: id }"));
        Fixture.write(dir, "30_設定集/キャラクター/導師.yaml", "id: 7\nname: 導師\naliases: [エルダ]\nstudent: 主人公\n");
        try (Orchestrator o = orchestrator()) {
            o.scanAndRecord();
            Files.delete(dir.resolve("30_設定集/キャラクター/導師.yaml"));
            Fixture.write(dir, "30_設定集/キャラクター/老師.yaml", "id: 7\nname: 老師\naliases: [エルダ]\nstudent: 主人公\n");
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t")
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile("30_設定集/キャラクター/老師.yaml").build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第1話.md"))).contains("老師").doesNotContain("導師");
            assertThat(r.stepResults()).anySatisfy(s -> assertThat(s.summary()).contains("renamed '導師' to '老師'"));
        }
    }

    @Test
    void aRenameKeepsTheRubyReadingsWrittenForTheOldNameAndMarksThemForReview() throws Exception {
        Fixture.saga(dir);
        String scene = "40_原稿/第1巻/第4話.md";
        String body = "|導師《どうし》が来た。{導師|どうし}と<ruby>導師<rp>(</rp><rt>どうし</rt><rp>)</rp></ruby>、[[rb:導師 > どうし]]。導師は笑った。\n";
        Fixture.write(dir, scene, "---\ntitle: 第4話\n---\n" + body);
        try (Orchestrator o = orchestrator()) {
            o.scanAndRecord();
            EnhancedUpdateResponse r = editTheMentorsSheet(o, "name: 老師\naliases: [エルダ]\nstudent: 主人公\n");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            String after = Files.readString(dir.resolve(scene));
            assertThat(after).endsWith(body.replace("導師", "老師")).contains("continuity:\n  review:\n")
                    .contains("a rename kept the ruby reading written for the old name: line 4: 老師 with the reading どうし of 導師;");
            assertThat(after.lines().filter(l -> l.contains("with the reading どうし")).findFirst().orElseThrow().split("with the reading").length - 1)
                    .as("the four rubies, and not the plain name").isEqualTo(4);
            assertThat(r.stepResults()).filteredOn(s -> s.file().equals(scene) && s.handlerId().equals("rename-propagation")).singleElement()
                    .satisfies(s -> assertThat(s.summary()).contains("4 ruby reading(s) kept as written and marked for review"));
            assertThat(r.detectedIssues()).as("a pixiv ruby is no link").noneMatch(i -> i.file().equals(scene));
        }
    }

    @Test
    void aRunThatFailsIsRecordedByThePredictorsWithItsFailuresAndLearnedFromByNone() {
        Fixture.saga(dir);
        List<dev.continuity.api.UpdateHistoryEntry> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<dev.continuity.api.UpdateHistoryEntry> learned = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.continuity.api.spi.ImpactPredictor keeper = new dev.continuity.api.spi.ImpactPredictor() {
            @Override public List<dev.continuity.api.ImpactedFile> predict(dev.continuity.api.spi.ImpactQuery query) { return List.of(); }
            @Override public String id() { return "keeper"; }
            @Override public java.util.OptionalDouble learn(dev.continuity.api.UpdateHistoryEntry e, dev.continuity.api.spi.ProjectSnapshot p) {
                learned.add(e);
                return java.util.OptionalDouble.empty();
            }
            @Override public void record(dev.continuity.api.UpdateHistoryEntry e, dev.continuity.api.spi.ProjectSnapshot p) { recorded.add(e); }
        };
        UpdateHandler failing = failingEverywhere();
        try (Orchestrator o = Orchestrators.builder(dir).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(RandomGenerator.of("L64X128MixRandom")).workers(1).handler(failing).impactPredictor(keeper).build()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(plotChange(), MLConfiguration.builder().confidenceThreshold(0.3).build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
            assertThat(learned).isEmpty();
            assertThat(recorded).singleElement().satisfies(e -> {
                assertThat(e.executionId()).isEqualTo(r.executionId());
                assertThat(e.changedFiles()).containsExactly("20_プロット/全体構成.yaml");
                assertThat(e.updatedFiles()).isEmpty();
                assertThat(e.failures()).isNotEmpty().allSatisfy((step, why) -> assertThat(why).contains("service down"));
            });
        }
    }

    @Test
    void aOneCharacterAliasIsNotLookedForInProseSoItsRenameLeavesTheProseAlone() throws Exception {
        Fixture.saga(dir);
        Fixture.write(dir, "30_設定集/キャラクター/導師.yaml", "name: 導師\naliases: [エルダ, の]\nstudent: 主人公\n");
        String scene = "40_原稿/第1巻/第3話.md";
        Fixture.write(dir, scene, "---\ncharacters: [導師, の]\n---\n森の奥で、導師の声がした。\n");
        try (Orchestrator o = orchestrator()) {
            Project scanned = o.scanAndRecord();
            assertThat(scanned.diagnostics()).filteredOn(d -> d.code().equals("short-name")).singleElement().satisfies(d -> {
                assertThat(d.file()).isEqualTo("30_設定集/キャラクター/導師.yaml");
                assertThat(d.message()).contains("'の'", "not looked for in prose");
            });
            assertThat(scanned.referencesFrom(scene)).extracting(Reference::text).containsOnlyOnce("の").contains("導師");
            EnhancedUpdateResponse r = editTheMentorsSheet(o, "name: 導師\naliases: [エルダ, ノ]\nstudent: 主人公\n");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            // the front matter's explicit reference is renamed; the particle の in the prose is not a name
            assertThat(Files.readString(dir.resolve(scene))).isEqualTo("---\ncharacters: [導師, ノ]\n---\n森の奥で、導師の声がした。\n");
        }
    }

    @Test
    void anAliasReplacedByAnotherPropagatesLikeARename() throws Exception {
        Fixture.saga(dir);
        Fixture.write(dir, "50_管理資料/エルダ-notes.md", "# 記録\n");
        Fixture.write(dir, "40_原稿/第1巻/第3話.md",
                "---\ncharacters: [導師]\n---\nエルダは言った。[記録](../../50_管理資料/エルダ-notes.md)\n");
        // a file that names her only by the alias: the former alias must still lead to her
        Fixture.write(dir, "40_原稿/第1巻/第5話.md", "エルダだけが知っている。\n");
        try (Orchestrator o = orchestrator()) {
            o.scanAndRecord();
            EnhancedUpdateResponse r = editTheMentorsSheet(o, "name: 導師\naliases: [エルデ]\nstudent: 主人公\n");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第1話.md"))).contains("レオンは導師エルデに会った。")
                    .doesNotContain("エルダ");
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第3話.md")))
                    .isEqualTo("---\ncharacters: [導師]\n---\nエルデは言った。[記録](../../50_管理資料/エルダ-notes.md)\n");
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第5話.md"))).isEqualTo("エルデだけが知っている。\n");
        }
    }

    @Test
    void aScanThatCannotReadAFileKeepsItsRenameBaseline() throws Exception {
        Fixture.saga(dir);
        String def = "30_設定集/キャラクター/導師.yaml";
        try (Orchestrator o = orchestrator()) {
            o.scanAndRecord();
            Fixture.write(dir, def, "name: 導師\naliases: [エルダ,\nstudent: 主人公\n");
            o.scanAndRecord();
            assertThat(dev.continuity.core.project.ScanState.load(dir).orElseThrow().files().get(def).entities())
                    .extracting(e -> e.name()).containsExactly("導師");
            Fixture.write(dir, def, "name: 大導師\naliases: [エルダ]\nstudent: 主人公\n");
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t")
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile(def).build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Files.readString(dir.resolve("20_プロット/第1巻/第1章.yaml"))).contains("大導師");
        }
    }

    @Test
    void anExplicitRenameNeedsBothKeysAndTwoNamesAndWarnsWhenNoFileUsesTheOldName() {
        Fixture.saga(dir);
        String def = "30_設定集/キャラクター/導師.yaml";
        try (Orchestrator o = orchestrator()) {
            assertThatThrownBy(() -> o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t").dryRun(true)
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile(def).context("rename.from", "エルダ").build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rename.from").hasMessageContaining("rename.to");
            assertThatThrownBy(() -> o.impact(ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.CHARACTER_CHANGE)
                    .changedFile(def).context("rename.from", "エルダ").context("rename.to", "エルダ").build(), MLConfiguration.defaults()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same name 'エルダ'");
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t").dryRun(true)
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile(def).context("rename.from", "誰でもない").context("rename.to", "誰か").build());
            assertThat(r.diagnostics()).filteredOn(d -> d.code().equals("rename-unused")).singleElement()
                    .satisfies(d -> assertThat(d.message()).contains("'誰でもない'").contains("no file"));
            assertThat(r.impact().optimizationSuggestions()).anySatisfy(s -> assertThat(s).contains("'誰でもない' is used by no file"));
            EnhancedUpdateResponse used = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t").dryRun(true)
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile(def).context("rename.from", "エルダ").context("rename.to", "エルデ").build());
            assertThat(used.diagnostics()).noneMatch(d -> d.code().equals("rename-unused"));
        }
    }

    @Test
    void aNameAndAnAliasRenamedInOneEditAreBothPropagated() throws Exception {
        Fixture.saga(dir);
        String def = "30_設定集/キャラクター/導師.yaml";
        try (Orchestrator o = orchestrator()) {
            o.scanAndRecord();
            Fixture.write(dir, def, "name: 大導師\naliases: [エルデ]\nstudent: 主人公\n");
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t")
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile(def).build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第1話.md"))).contains("レオンは大導師エルデに会った。\n大導師は笑った。")
                    .doesNotContain("エルダ");
            assertThat(Files.readString(dir.resolve("20_プロット/第1巻/第1章.yaml"))).contains("characters: [主人公, 大導師]");
            assertThat(r.stepResults()).anySatisfy(s -> assertThat(s.summary()).contains("'導師' to '大導師'").contains("'エルダ' to 'エルデ'"));
        }
    }

    @Test
    void filesThatUseANameTheChangedFileNoLongerDefinesAreImpacted() throws Exception {
        Fixture.saga(dir);
        String def = "30_設定集/キャラクター/導師.yaml";
        Fixture.write(dir, "40_原稿/第1巻/第3話.md", "---\ntitle: 星見\n---\nエルダは星を詠んだ。\n");
        try (Orchestrator o = orchestrator()) {
            o.scanAndRecord();
            // the alias is dropped, not replaced: no rename, but 第3話 still calls her エルダ (and only that)
            Fixture.write(dir, def, "name: 導師\naliases: []\nstudent: 主人公\n");
            PredictiveImpactAnalysis a = o.impact(ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.CHARACTER_CHANGE)
                    .changedFile(def).build(), MLConfiguration.builder().confidenceThreshold(0.1).build());
            assertThat(a.impactedFiles()).filteredOn(f -> f.path().equals("40_原稿/第1巻/第3話.md")).singleElement()
                    .satisfies(f -> assertThat(f.reasons()).anySatisfy(why -> assertThat(why).contains("'エルダ'").contains("no longer defines")));
        }
    }

    @Test
    void explicitRenameContextWorksWithoutABaseline() throws Exception {
        Fixture.saga(dir);
        Fixture.write(dir, "30_設定集/キャラクター/宿敵.yaml", "name: 黒曜公\naliases: [ヴァルガス]\n");
        try (Orchestrator o = orchestrator()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t")
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile("30_設定集/キャラクター/宿敵.yaml")
                    .context("rename.from", "宿敵").context("rename.to", "黒曜公").build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Files.readString(dir.resolve("20_プロット/第1巻/第2章.yaml"))).isEqualTo("title: 対決\npov: 主人公\ncharacters: [主人公, 黒曜公]\n");
        }
    }

    @Test
    void renameIsDetectedAgainstGitHeadWithoutAScanBaseline() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(gitWorks(), "git is not installed");
        Fixture.saga(dir);
        git("init", "-q");
        git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A");
        git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "initial");
        Fixture.write(dir, "30_設定集/キャラクター/宿敵.yaml", "name: 黒曜公\naliases: [ヴァルガス]\n");
        try (Orchestrator o = orchestrator()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t")
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile("30_設定集/キャラクター/宿敵.yaml").build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
        assertThat(Files.readString(dir.resolve("20_プロット/第1巻/第2章.yaml"))).contains("黒曜公").doesNotContain("宿敵");
    }

    private static boolean gitWorks() {
        try {
            return new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private void git(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        assertThat(new ProcessBuilder(cmd).inheritIO().start().waitFor()).isZero();
    }

    private static String text(String hex) {
        return hex == null ? "" : new String(java.util.HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"malformed", "alias-bomb", "deep", "utf8"})
    void badInputFailsTheRunWithNothingWritten(String kind) {
        Fixture.saga(dir);
        String bad = "20_プロット/第1巻/bad.yaml";
        switch (kind) {
            case "malformed" -> Fixture.write(dir, bad, "title: x\nchapters: [a,\n  b: c\n");
            case "alias-bomb" -> Fixture.write(dir, bad, "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n");
            case "deep" -> Fixture.write(dir, bad, "x: " + "[".repeat(200) + "]".repeat(200) + "\n");
            default -> Fixture.write(dir, bad, new byte[] {'t', ':', ' ', (byte) 0xE3, (byte) 0x81, '\n'});
        }
        Map<String, String> before = Fixture.snapshot(dir);
        try (Orchestrator o = orchestrator()) {
            assertThatThrownBy(() -> o.executeIntelligentUpdate(plotChange()))
                    .isInstanceOf(ProjectFileException.class)
                    .hasMessageContaining(bad).hasMessageContaining("nothing was written")
                    .satisfies(e -> assertThat(((ProjectFileException) e).file()).isEqualTo(bad));
        }
        assertThat(Fixture.snapshot(dir)).isEqualTo(before);
    }

    @Test
    void binaryFileIsSkippedAndLeftAlone() throws Exception {
        Fixture.saga(dir);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13};
        Fixture.write(dir, "40_原稿/第1巻/表紙.bin.md", png);
        try (Orchestrator o = orchestrator()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(plotChange());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.diagnostics()).anySatisfy(d -> {
                assertThat(d.file()).isEqualTo("40_原稿/第1巻/表紙.bin.md");
                assertThat(d.code()).isEqualTo("binary-skipped");
            });
        }
        assertThat(Files.readAllBytes(dir.resolve("40_原稿/第1巻/表紙.bin.md"))).isEqualTo(png);
    }

    @Test
    void missingOrEscapingChangedFileIsRefused() {
        Fixture.saga(dir);
        Map<String, String> before = Fixture.snapshot(dir);
        try (Orchestrator o = orchestrator()) {
            assertThatThrownBy(() -> o.executeIntelligentUpdate(request("20_プロット/存在しない.yaml")))
                    .isInstanceOf(ProjectFileException.class).hasMessageContaining("20_プロット/存在しない.yaml").hasMessageContaining("does not exist");
            assertThatThrownBy(() -> o.executeIntelligentUpdate(request("../outside.yaml"))).isInstanceOf(PathEscapeException.class);
            assertThatThrownBy(() -> o.executeIntelligentUpdate(request("/etc/passwd"))).isInstanceOf(PathEscapeException.class);
        }
        assertThat(Fixture.snapshot(dir)).isEqualTo(before);
    }

    @Test
    void referenceCycleIsStillPlanned() {
        Fixture.saga(dir);
        Fixture.write(dir, "20_プロット/第1巻/第1章.yaml", "title: 旅立ち\npov: 主人公\ncharacters: [主人公, 導師]\nparent: 20_プロット/第1巻/第2章.yaml\n");
        Fixture.write(dir, "20_プロット/第1巻/第2章.yaml", "title: 対決\npov: 主人公\ncharacters: [主人公, 宿敵]\nparent: 20_プロット/第1巻/第1章.yaml\n");
        try (Orchestrator o = orchestrator()) {
            UpdatePlan plan = o.plan(request("30_設定集/キャラクター/主人公.yaml"), MLConfiguration.defaults());
            assertThat(plan.steps()).extracting(s -> s.file()).contains("20_プロット/第1巻/第1章.yaml", "20_プロット/第1巻/第2章.yaml");
            PredictiveImpactAnalysis a = o.predictUpdateImpact(ChangeContext.of(UpdateType.CHARACTER_CHANGE, "30_設定集/キャラクター/主人公.yaml"), 0.8);
            assertThat(a.optimizationSuggestions()).anyMatch(s -> s.contains("reference each other"));
        }
    }

    @Test
    void failingHandlerRollsBackAndNamesThePlugin() {
        Fixture.saga(dir);
        Map<String, String> before = Fixture.snapshot(dir);
        UpdateHandler broken = new UpdateHandler() {
            @Override public dev.continuity.api.spi.HandlerResult apply(dev.continuity.api.spi.StepContext c) {
                if (c.step().file().contains("第2話")) {
                    throw new IllegalStateException("LLM quota exceeded");
                }
                c.writer().writeText(c.step().file(), "overwritten");
                return dev.continuity.api.spi.HandlerResult.updated("rewrote");
            }
            @Override public String id() { return "llm-rewrite"; }
            @Override public boolean supports(dev.continuity.api.FileKind k, dev.continuity.api.EnhancedUpdateType t) { return k == dev.continuity.api.FileKind.MANUSCRIPT; }
            @Override public int priority() { return 100; }
        };
        try (Orchestrator o = orchestrator(broken)) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(plotChange(), MLConfiguration.builder().confidenceThreshold(0.5).build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
            assertThat(r.stepResults()).filteredOn(s -> s.outcome() == StepOutcome.FAILED).singleElement()
                    .satisfies(s -> assertThat(s.error().orElseThrow()).contains("llm-rewrite").contains("LLM quota exceeded"));
            assertThat(o.monitorRealTimeProgress(r.executionId()).alerts()).isNotEmpty();
        }
        assertThat(Fixture.snapshot(dir)).isEqualTo(before);
    }

    @Test
    void writesOutsideTheRootAreRefused() {
        Fixture.saga(dir);
        UpdateHandler escaping = new UpdateHandler() {
            @Override public dev.continuity.api.spi.HandlerResult apply(dev.continuity.api.spi.StepContext c) {
                c.writer().writeText("../../escaped.txt", "x");
                return dev.continuity.api.spi.HandlerResult.updated("x");
            }
            @Override public String id() { return "escaper"; }
            @Override public boolean supports(dev.continuity.api.FileKind k, dev.continuity.api.EnhancedUpdateType t) { return true; }
            @Override public int priority() { return 100; }
        };
        try (Orchestrator o = orchestrator(escaping)) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(plotChange());
            assertThat(r.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
            assertThat(r.stepResults().getFirst().error().orElseThrow()).contains("escaper").contains("escapes the project root");
        }
        assertThat(Files.exists(dir.getParent().resolve("escaped.txt"))).isFalse();
    }

    @Test
    void plotChangeMarksDependentsForReviewAndRegeneratesTheIndex() throws Exception {
        Fixture.saga(dir);
        try (Orchestrator o = orchestrator()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(plotChange(), MLConfiguration.builder().confidenceThreshold(0.5).build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            String manuscript = Files.readString(dir.resolve("40_原稿/第1巻/第1話.md"));
            assertThat(manuscript).contains("continuity:\n  review:\n    - reason: ").contains(r.executionId())
                    .endsWith("---\nレオンは導師エルダに会った。\n導師は笑った。\n");
            assertThat(Files.readString(dir.resolve("50_管理資料/登場人物索引.md"))).contains("| 主人公 | 40_原稿/第1巻/第1話.md<br>40_原稿/第1巻/第2話.md |");
            assertThat(o.monitorRealTimeProgress(r.executionId()).performanceMetrics()).containsEntry("completedSteps", (double) r.stepResults().size());
        }
    }

    @Test
    void aDerivedIndexThatSaysTheSameInItsOwnLayoutIsNotRewritten() throws Exception {
        Fixture.saga(dir);
        String index = "50_管理資料/登場人物索引.md";
        String generated;
        try (Orchestrator o = orchestrator()) {
            generated = dev.continuity.core.handlers.DerivedIndexHandler.characterIndex(o.scan(),
                    List.of(dev.continuity.core.project.Glob.of("40_原稿/**")), Map.of(), "# 登場人物索引", "\n");
        }
        // by hand: a note, another header, the files separated by commas
        String handmade = generated.replace("| キャラクター / Character | 登場ファイル / Appears in |", "| キャラクター | 登場原稿 |")
                .replace("<br>", ", ").replace("# 登場人物索引\n", "# 登場人物索引\n\n手で編集しないこと。\n");
        assertThat(handmade).isNotEqualTo(generated).contains(", ");
        Fixture.write(dir, index, handmade);
        try (Orchestrator o = orchestrator()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(plotChange(), MLConfiguration.builder().confidenceThreshold(0.5).build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.stepResults()).anySatisfy(s -> assertThat(s.file()).isEqualTo(index));
            assertThat(r.changedFiles()).noneSatisfy(c -> assertThat(c.path()).isEqualTo(index));
        }
        assertThat(Files.readString(dir.resolve(index))).isEqualTo(handmade);

        // a row that lists a file no longer referring to the character is stale: regenerated
        String stale = handmade.replaceFirst("(\\| 主人公 \\| )", "$150_管理資料/メモ.md, ");
        Fixture.write(dir, index, stale);
        try (Orchestrator o = orchestrator()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(plotChange(), MLConfiguration.builder().confidenceThreshold(0.5).build());
            assertThat(r.changedFiles()).anySatisfy(c -> assertThat(c.path()).isEqualTo(index));
        }
        assertThat(Files.readString(dir.resolve(index))).isNotEqualTo(stale).contains("| 主人公 | 40_原稿/第1巻/第1話.md<br>");
    }

    @Test
    void executorFollowsTheOptimisedPrioritiesAndSeedsReplay() {
        Fixture.saga(dir);
        List<String> executed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        UpdateHandler recorder = new UpdateHandler() {
            @Override public dev.continuity.api.spi.HandlerResult apply(dev.continuity.api.spi.StepContext c) {
                executed.add(c.step().id());
                return dev.continuity.api.spi.HandlerResult.unchanged("recorded");
            }
            @Override public String id() { return "recorder"; }
            @Override public boolean supports(dev.continuity.api.FileKind k, dev.continuity.api.EnhancedUpdateType t) { return true; }
            @Override public int priority() { return 1000; }
            @Override public double failureProbability() { return 0.05; }
        };
        MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.3)
                .optimizationGoals(dev.continuity.api.OptimizationGoal.MAXIMIZE_SAFETY, dev.continuity.api.OptimizationGoal.MINIMIZE_TIME).build();
        EnhancedUpdateResponse first;
        // one worker: with two, steps released together enter their handlers in either order (a race, not a priority)
        java.util.function.Supplier<Orchestrator> oneWorker = () -> Orchestrators.builder(dir).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(RandomGenerator.of("L64X128MixRandom")).workers(1).handler(recorder).build();
        try (Orchestrator o = oneWorker.get()) {
            first = o.executeIntelligentUpdate(plotChange(), ml);
        }
        assertThat(first.plan().optimizerId()).isEqualTo("genetic");
        assertThat(first.plan().performancePredictions().get("makespanSeconds"))
                .isLessThanOrEqualTo(first.plan().performancePredictions().get("baselineMakespanSeconds"));
        // one worker: among the ready steps the executor always takes the one of highest priority, so the steps run in
        // the order of the optimised schedule's planned starts
        assertThat(executed).isEqualTo(first.plan().mlOptimizedSteps().stream()
                .sorted(java.util.Comparator.comparingDouble(dev.continuity.api.OptimizedStep::plannedStart)).map(s -> s.step().id()).toList());
        try (Orchestrator o = oneWorker.get()) {
            EnhancedUpdateResponse again = o.executeIntelligentUpdate(plotChange(), ml);
            assertThat(again.plan().steps().stream().map(s -> s.file()).toList())
                    .isEqualTo(first.plan().steps().stream().map(s -> s.file()).toList());
        }
    }

    /** Flags every line containing TODO: a stand-in for a real detector. */
    private static final dev.continuity.api.spi.IssueDetector TODO_DETECTOR = new dev.continuity.api.spi.IssueDetector() {
        @Override public List<dev.continuity.api.ConsistencyIssue> detect(dev.continuity.api.spi.ProjectSnapshot p) {
            return p.files().stream().filter(f -> p.text(f).orElse("").contains("TODO")).map(f -> new dev.continuity.api.ConsistencyIssue(
                    "todo@" + f, "todo", dev.continuity.api.Severity.WARNING, f, 0, java.util.Optional.empty(), "TODO left in " + f,
                    List.of(), java.util.Optional.of("DONE"), "todo")).toList();
        }
        @Override public String id() { return "todo"; }
    };

    @Test
    void theHealStageHealsWhatTheUpdateIntroducedAndCommitsItWithTheRun() throws Exception {
        Fixture.saga(dir);
        Fixture.write(dir, "50_管理資料/メモ.md", "村人の台詞 TODO\n");
        UpdateHandler sloppy = new UpdateHandler() {
            @Override public dev.continuity.api.spi.HandlerResult apply(dev.continuity.api.spi.StepContext c) {
                c.writer().writeText(c.step().file(), c.project().text(c.step().file()).orElseThrow() + "TODO\n");
                return dev.continuity.api.spi.HandlerResult.updated("appended");
            }
            @Override public String id() { return "sloppy"; }
            @Override public boolean supports(dev.continuity.api.FileKind k, dev.continuity.api.EnhancedUpdateType t) { return k == dev.continuity.api.FileKind.MANUSCRIPT; }
            @Override public int priority() { return 100; }
        };
        dev.continuity.core.heal.HealingStage.Factory fake = env -> new dev.continuity.core.heal.HealingStage() {
            private final dev.continuity.core.heal.HealingStage detectOnly = dev.continuity.core.heal.HealingStage.detectOnly(env);
            @Override public List<dev.continuity.api.ConsistencyIssue> detect(dev.continuity.core.project.Project state) {
                return detectOnly.detect(state);
            }
            @Override public Outcome heal(dev.continuity.core.project.Project base, Map<String, byte[]> staged, List<dev.continuity.api.ConsistencyIssue> issues) {
                Map<String, byte[]> writes = new java.util.LinkedHashMap<>();
                List<dev.continuity.api.SelfHealingAction> actions = new java.util.ArrayList<>();
                for (var i : issues) {
                    String text = new String(staged.get(i.file()), StandardCharsets.UTF_8);
                    writes.put(i.file(), text.replace("TODO", "DONE").getBytes(StandardCharsets.UTF_8));
                    actions.add(new dev.continuity.api.SelfHealingAction(i.type(), env.clock().instant(), i.severity(), true, "replaced", true, false,
                            dev.continuity.api.FixOutcome.APPLIED, "todo-fix", i, List.of(i.file())));
                }
                return new Outcome(actions, writes);
            }
        };
        try (Orchestrator o = Orchestrators.builder(dir).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(RandomGenerator.of("L64X128MixRandom")).handler(sloppy).issueDetector(TODO_DETECTOR).healing(fake).build()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(plotChange(), MLConfiguration.builder().confidenceThreshold(0.5).build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.detectedIssues()).extracting(dev.continuity.api.ConsistencyIssue::file)
                    .containsExactlyInAnyOrder("40_原稿/第1巻/第1話.md", "40_原稿/第1巻/第2話.md");
            assertThat(r.healingActions()).hasSize(2).allMatch(a -> a.autoFixApplied() && a.verificationResult());
            assertThat(r.changedFiles()).anySatisfy(c -> assertThat(c.stepId()).isEqualTo("heal:todo-fix"));
        }
        assertThat(Files.readString(dir.resolve("40_原稿/第1巻/第1話.md"))).endsWith("DONE\n").doesNotContain("TODO");
        assertThat(Files.readString(dir.resolve("50_管理資料/メモ.md"))).as("a pre-existing issue is heal's business, not the run's").contains("TODO");
    }

    @Test
    void withoutAHealingEngineIssuesAreDetectedButNeedAHuman() {
        Fixture.saga(dir);
        Fixture.write(dir, "50_管理資料/メモ.md", "TODO\n");
        Map<String, String> before = Fixture.snapshot(dir);
        try (Orchestrator o = Orchestrators.builder(dir).issueDetector(TODO_DETECTOR).build()) {
            List<dev.continuity.api.ConsistencyIssue> issues = o.detectIssues();
            assertThat(issues).singleElement().satisfies(i -> assertThat(i.file()).isEqualTo("50_管理資料/メモ.md"));
            assertThat(o.applySelfHealing(issues)).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo(dev.continuity.api.FixOutcome.NEEDS_HUMAN);
                assertThat(a.manualInterventionRequired()).isTrue();
                assertThat(a.fixDescription()).contains("orchestrator-healing");
            });
        }
        assertThat(Fixture.snapshot(dir)).isEqualTo(before);
    }

    /**
     * A handler for every step, risky by its estimate (failure probability 0.3, 10 s: the plan gets checkpoints), that
     * appends "# updated" to its file, or fails with "service down" on the files {@code down} accepts.
     */
    private static UpdateHandler risky(java.util.function.Predicate<String> down) {
        return new UpdateHandler() {
            @Override public dev.continuity.api.spi.HandlerResult apply(dev.continuity.api.spi.StepContext c) {
                if (down.test(c.step().file())) {
                    throw new IllegalStateException("service down");
                }
                c.writer().writeText(c.step().file(), c.project().text(c.step().file()).orElseThrow() + "# updated\n");
                return dev.continuity.api.spi.HandlerResult.updated("appended");
            }
            @Override public String id() { return "risky"; }
            @Override public boolean supports(dev.continuity.api.FileKind k, dev.continuity.api.EnhancedUpdateType t) { return true; }
            @Override public int priority() { return 1000; }
            @Override public double failureProbability() { return 0.3; }
            @Override public java.time.Duration estimatedDuration() { return java.time.Duration.ofSeconds(10); }
        };
    }

    /** An orchestrator of {@code dir} with one worker, a fixed clock and seed, and {@code handler}. */
    private Orchestrator oneWorker(UpdateHandler handler) {
        return Orchestrators.builder(dir).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(RandomGenerator.of("L64X128MixRandom")).workers(1).handler(handler).build();
    }

    @Test
    void checkpointedRunKeepsCompletedGroupsAndCanBeResumedOrRolledBack() throws Exception {
        Fixture.saga(dir);
        Map<String, String> original = Fixture.snapshot(dir);
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicReference<String> victim = new java.util.concurrent.atomic.AtomicReference<>();
        UpdateHandler risky = risky(f -> broken.get() && f.equals(victim.get()));
        ConsistencyUpdateRequest request = plotChange().toBuilder().commitPolicy(dev.continuity.api.CommitPolicy.CHECKPOINTED).build();
        // the plan's checkpoints follow the handler's priors: no run may refine them from its measured durations
        MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.3).enableOnlineLearning(false).build();
        try (Orchestrator o = oneWorker(risky)) {
            UpdatePlan plan = o.plan(request, ml);
            dev.continuity.api.IntelligentUpdatePlan optimized = o.optimizeUpdateSequence(plan, ml.optimizationGoals());
            assertThat(optimized.adaptiveCheckpoints()).isNotEmpty();
            victim.set(optimized.steps().getLast().file());

            EnhancedUpdateResponse first = o.executeIntelligentUpdate(request, ml);
            assertThat(first.status()).isEqualTo(ExecutionStatus.PARTIALLY_SUCCEEDED);
            Map<String, String> partial = Fixture.snapshot(dir);
            assertThat(partial).isNotEqualTo(original);
            assertThat(partial.get(victim.get())).isEqualTo(original.get(victim.get()));
            assertThat(first.changedFiles()).as("the files its checkpoints committed").isNotEmpty()
                    .noneSatisfy(c -> assertThat(c.path()).isEqualTo(victim.get()))
                    .allSatisfy(c -> assertThat(dev.continuity.core.project.ProjectScanner.hashOf(Files.readAllBytes(dir.resolve(c.path()))))
                            .as(c.path()).isEqualTo(c.afterHash()));
            assertThat(first.changedFiles().stream().map(dev.continuity.api.FileChange::path).collect(java.util.stream.Collectors.toSet()))
                    .isEqualTo(original.keySet().stream().filter(f -> !original.get(f).equals(partial.get(f))).collect(java.util.stream.Collectors.toSet()));
            assertThat(dev.continuity.core.tx.ProjectTransaction.resumeInfo(dir, first.executionId())).isPresent();

            o.rollback(first.executionId());
            assertThat(Fixture.snapshot(dir)).isEqualTo(original);
            assertThatThrownBy(() -> o.resume(first.executionId())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was rolled back").hasMessageNotContaining("ALL_OR_NOTHING");

            EnhancedUpdateResponse second = o.executeIntelligentUpdate(request, ml);
            assertThat(second.status()).isEqualTo(ExecutionStatus.PARTIALLY_SUCCEEDED);
            broken.set(false);
            EnhancedUpdateResponse resumed = o.resume(second.executionId());
            assertThat(resumed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(resumed.stepResults().size()).isLessThan(second.stepResults().size());
            for (String f : original.keySet()) {
                if (plan.steps().stream().anyMatch(st -> st.file().equals(f))) {
                    assertThat(new String(java.util.HexFormat.of().parseHex(Fixture.snapshot(dir).get(f)), StandardCharsets.UTF_8))
                            .as(f).endsWith("# updated\n").doesNotEndWith("# updated\n# updated\n");
                }
            }
            assertThat(dev.continuity.core.tx.ProjectTransaction.resumeInfo(dir, second.executionId())).isEmpty();
            assertThatThrownBy(() -> o.rollback(second.executionId())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("finished").hasMessageContaining("nothing left to roll back")
                    .hasMessageNotContaining("only CHECKPOINTED runs");
        }
    }

    @Test
    void aResumedRunReportsEveryFileTheWholeRunChangedAndStaysResumableUntilItFinishes() throws Exception {
        Fixture.saga(dir);
        Map<String, String> original = Fixture.snapshot(dir);
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicReference<String> victim = new java.util.concurrent.atomic.AtomicReference<>();
        UpdateHandler risky = risky(f -> broken.get() && f.equals(victim.get()));
        ConsistencyUpdateRequest request = plotChange().toBuilder().commitPolicy(dev.continuity.api.CommitPolicy.CHECKPOINTED).build();
        MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.3).build();
        try (Orchestrator o = oneWorker(risky)) {
            UpdatePlan plan = o.plan(request, ml);
            victim.set(o.optimizeUpdateSequence(plan, ml.optimizationGoals()).steps().getLast().file());
            EnhancedUpdateResponse first = o.executeIntelligentUpdate(request, ml);
            assertThat(first.status()).isEqualTo(ExecutionStatus.PARTIALLY_SUCCEEDED);
            java.util.Set<String> committedFirst = first.changedFiles().stream().map(dev.continuity.api.FileChange::path)
                    .collect(java.util.stream.Collectors.toSet());

            EnhancedUpdateResponse stillBroken = o.resume(first.executionId());
            assertThat(stillBroken.status()).as("its checkpoints are still on disk").isEqualTo(ExecutionStatus.PARTIALLY_SUCCEEDED);
            assertThat(stillBroken.changedFiles()).extracting(dev.continuity.api.FileChange::path)
                    .containsExactlyInAnyOrderElementsOf(committedFirst);
            assertThat(dev.continuity.core.tx.ProjectTransaction.resumeInfo(dir, first.executionId())).isPresent();

            broken.set(false);
            EnhancedUpdateResponse resumed = o.resume(first.executionId());
            assertThat(resumed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            Map<String, String> now = Fixture.snapshot(dir);
            assertThat(resumed.changedFiles()).as("the whole run's files, not only the resume's").extracting(dev.continuity.api.FileChange::path)
                    .containsExactlyInAnyOrderElementsOf(original.keySet().stream().filter(f -> !original.get(f).equals(now.get(f))).toList())
                    .contains(victim.get()).containsAll(committedFirst);
            assertThat(resumed.changedFiles()).allSatisfy(c -> {
                assertThat(c.beforeHash()).as(c.path() + " before the run")
                        .isEqualTo(dev.continuity.core.project.ProjectScanner.hashOf(java.util.HexFormat.of().parseHex(original.get(c.path()))));
                assertThat(c.afterHash()).as(c.path() + " now")
                        .isEqualTo(dev.continuity.core.project.ProjectScanner.hashOf(Files.readAllBytes(dir.resolve(c.path()))));
            });
            assertThat(resumed.changedFiles()).filteredOn(c -> committedFirst.contains(c.path()))
                    .allSatisfy(c -> assertThat(c.stepId()).as(c.path()).isIn(first.plan().steps().stream().map(dev.continuity.api.UpdateStep::id).toList()));
        }
    }

    @Test
    void aRunResumedTwiceNeverRepeatsAStepAnEarlierPartCommitted() throws Exception {
        Fixture.saga(dir);
        Map<String, String> original = Fixture.snapshot(dir);
        java.util.Set<String> broken = java.util.concurrent.ConcurrentHashMap.newKeySet();
        UpdateHandler risky = risky(broken::contains);
        ConsistencyUpdateRequest request = plotChange().toBuilder().commitPolicy(dev.continuity.api.CommitPolicy.CHECKPOINTED).build();
        // the plan's checkpoints follow the handler's priors: no run may refine them from its measured durations
        MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.3).enableOnlineLearning(false).build();
        try (Orchestrator o = oneWorker(risky)) {
            dev.continuity.api.IntelligentUpdatePlan optimized = o.optimizeUpdateSequence(o.plan(request, ml), ml.optimizationGoals());
            List<String> order = optimized.steps().stream().map(dev.continuity.api.UpdateStep::file).toList();
            int firstCheckpoint = optimized.adaptiveCheckpoints().getFirst().position();
            broken.add(order.get(firstCheckpoint + 1));
            broken.add(order.getLast());
            EnhancedUpdateResponse first = o.executeIntelligentUpdate(request, ml);
            assertThat(first.status()).isEqualTo(ExecutionStatus.PARTIALLY_SUCCEEDED);
            broken.remove(order.get(firstCheckpoint + 1));
            EnhancedUpdateResponse second = o.resume(first.executionId());
            broken.clear();
            EnhancedUpdateResponse third = o.resume(first.executionId());
            assertThat(third.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(third.stepResults()).as("only what no checkpoint committed").extracting(dev.continuity.api.StepResult::file)
                    .containsExactly(order.getLast());
            assertThat(third.changedFiles()).extracting(dev.continuity.api.FileChange::path).containsExactlyInAnyOrderElementsOf(order);
            for (String f : order) {
                assertThat(Files.readString(dir.resolve(f))).as(f).endsWith("# updated\n").doesNotEndWith("# updated\n# updated\n");
            }
        }
    }

    @Test
    void aCheckpointedRunThatReachedNoCheckpointSaysSoWhenResumed() {
        Fixture.saga(dir);
        UpdateHandler failing = failingEverywhere();
        ConsistencyUpdateRequest request = plotChange().toBuilder().commitPolicy(dev.continuity.api.CommitPolicy.CHECKPOINTED).build();
        MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.3).build();
        try (Orchestrator o = Orchestrators.builder(dir).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(RandomGenerator.of("L64X128MixRandom")).workers(1).handler(failing).build()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(request, ml);
            assertThat(r.plan().adaptiveCheckpoints()).isEmpty();
            assertThat(r.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
            assertThatThrownBy(() -> o.resume(r.executionId())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CHECKPOINTED but reached no checkpoint").hasMessageContaining("as a whole")
                    .hasMessageNotContaining("an ALL_OR_NOTHING run");
        }
    }

    @Test
    void aHandlerBuiltFromLambdasRunsOnTheStepsItSupports() throws Exception {
        Fixture.saga(dir);
        UpdateHandler stamp = UpdateHandler.of("stamp", (kind, type) -> kind == dev.continuity.api.FileKind.MANUSCRIPT,
                ctx -> {
                    String file = ctx.step().file();
                    ctx.writer().writeText(file, ctx.project().text(file).orElseThrow() + "\n<!-- checked -->\n");
                    return dev.continuity.api.spi.HandlerResult.updated("stamped");
                });
        try (Orchestrator o = Orchestrators.builder(dir).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(RandomGenerator.of("L64X128MixRandom")).workers(2).withoutBuiltInHandlers().handler(stamp).build()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(plotChange(),
                    MLConfiguration.builder().confidenceThreshold(0.3).build());
            assertThat(r.plan().steps()).as(r.toString()).isNotEmpty().allSatisfy(s -> assertThat(s.handlerId()).isEqualTo("stamp"));
            for (var step : r.plan().steps()) {
                assertThat(Files.readString(dir.resolve(step.file()))).endsWith("<!-- checked -->\n");
            }
        }
    }

    @Test
    void aRegisteredHandlerOfTheSamePriorityAsABuiltInOneIsChosenEveryTime() {
        Fixture.saga(dir);
        UpdateHandler stamp = UpdateHandler.of("stamp", (kind, type) -> true, ctx -> dev.continuity.api.spi.HandlerResult.unchanged("seen"));
        assertThat(Orchestrators.builder(dir).handler(stamp).handlers(List.of()).keySet()).as("the order that breaks ties")
                .containsExactly("stamp", "rename-propagation", "review-marking", "derived-index");
        try (Orchestrator o = Orchestrators.builder(dir).workers(1).handler(stamp).build()) {
            assertThat(o.plan(plotChange(), MLConfiguration.builder().confidenceThreshold(0.3).build()).steps())
                    .filteredOn(s -> s.kind() != dev.continuity.api.FileKind.DERIVED)   // derived-index has priority 20
                    .isNotEmpty().allSatisfy(s -> assertThat(s.handlerId()).isEqualTo("stamp"));
        }
    }

    @Test
    void aLambdaHandlerThatIsNoOnesFallbackIsRefused() {
        UpdateHandler lambda = ctx -> dev.continuity.api.spi.HandlerResult.unchanged("never");
        assertThatThrownBy(() -> Orchestrators.builder(dir).handler(lambda).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'OrchestratorTest-lambda' would never run");
        UpdateHandler named = new UpdateHandler() {
            @Override public dev.continuity.api.spi.HandlerResult apply(dev.continuity.api.spi.StepContext c) { return dev.continuity.api.spi.HandlerResult.unchanged("no"); }
            @Override public String id() { return "careful"; }
            @Override public boolean supports(dev.continuity.api.FileKind k, dev.continuity.api.EnhancedUpdateType t) { return true; }
            @Override public List<String> fallbacks() { return List.of("OrchestratorTest-lambda"); }
        };
        Orchestrators.builder(dir).handler(lambda).handler(named).build().close();
    }

    @Test
    void plansEstimateStepsFromWhatEarlierRunsMeasuredNotFromTheHandlersPriors() {
        Fixture.saga(dir);
        UpdateHandler slowPrior = new UpdateHandler() {
            @Override public dev.continuity.api.spi.HandlerResult apply(dev.continuity.api.spi.StepContext c) {
                return dev.continuity.api.spi.HandlerResult.unchanged("quick");
            }
            @Override public String id() { return "quick"; }
            @Override public boolean supports(dev.continuity.api.FileKind k, dev.continuity.api.EnhancedUpdateType t) { return true; }
            @Override public java.time.Duration estimatedDuration() { return java.time.Duration.ofSeconds(30); }
            @Override public double failureProbability() { return 0.2; }
        };
        MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.3).build();
        try (Orchestrator o = Orchestrators.builder(dir).workers(1).handler(slowPrior).build()) {
            UpdatePlan first = o.plan(plotChange(), ml);
            assertThat(first.steps()).filteredOn(s -> s.handlerId().equals("quick")).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.estimatedDuration()).isEqualTo(java.time.Duration.ofSeconds(30)));
            assertThat(o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.PLOT_CHANGE)
                    .changedFile("20_プロット/全体構成.yaml").dryRun(true).build(), ml).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(dir.resolve(".continuity/estimates.json")).as("a dry run leaves no trace").doesNotExist();
            EnhancedUpdateResponse learned = o.executeIntelligentUpdate(plotChange(), ml);
            assertThat(learned.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(learned.learningInsights()).anySatisfy(i -> assertThat(i).startsWith("step estimates of 'quick': ")
                    .contains("(prior 30000 ms)").contains("0 failed"));
        }
        assertThat(dir.resolve(".continuity/estimates.json")).exists();
        try (Orchestrator o = Orchestrators.builder(dir).workers(1).handler(slowPrior).build()) {
            UpdatePlan next = o.plan(plotChange(), ml);
            assertThat(next.steps()).filteredOn(s -> s.handlerId().equals("quick")).isNotEmpty().allSatisfy(s -> {
                assertThat(s.estimatedDuration()).isLessThan(java.time.Duration.ofSeconds(1));
                assertThat(s.failureProbability()).as("no step failed: below the prior, not 0").isStrictlyBetween(0.0, 0.2);
            });
        }
    }

    @Test
    void theAuthorARequestNamesIsInTheRunsHistoryEntry() {
        Fixture.saga(dir);
        List<dev.continuity.api.UpdateHistoryEntry> entries = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.continuity.api.spi.HistoryStore store = new dev.continuity.api.spi.HistoryStore() {
            @Override public void append(dev.continuity.api.UpdateHistoryEntry entry) { entries.add(entry); }
            @Override public List<dev.continuity.api.UpdateHistoryEntry> load() { return List.copyOf(entries); }
        };
        try (Orchestrator o = Orchestrators.builder(dir).historyStore(store).build()) {
            o.executeIntelligentUpdate(plotChange().toBuilder().author("ann").build(), MLConfiguration.defaults());
            o.executeIntelligentUpdate(plotChange(), MLConfiguration.defaults());
        }
        assertThat(entries).extracting(dev.continuity.api.UpdateHistoryEntry::author).containsExactly(Optional.of("ann"), Optional.empty());
    }

    @Test
    void aFileOfKindDerivedThatNoDerivedEntryDeclaresIsMarkedForReviewNotAFailedRun() throws Exception {
        Fixture.saga(dir);
        Path config = dir.resolve("continuity.yaml");
        Files.writeString(config, Files.readString(config).replace("  - { glob: \"50_管理資料/**\", kind: NOTE }",
                "  - { glob: \"50_管理資料/メモ.md\", kind: DERIVED }\n  - { glob: \"50_管理資料/**\", kind: NOTE }"));
        Files.writeString(dir.resolve("50_管理資料/メモ.md"), "主人公の台詞を考える。\n");
        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t")
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile("30_設定集/キャラクター/主人公.yaml").build(),
                    MLConfiguration.builder().confidenceThreshold(0.3).build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.stepResults()).filteredOn(s -> s.file().equals("50_管理資料/メモ.md")).singleElement()
                    .satisfies(s -> assertThat(s.handlerId()).isEqualTo("derived-index"));
        }
        assertThat(Files.readString(dir.resolve("50_管理資料/メモ.md.review.yaml"))).contains("no 'derived' entry of continuity.yaml declares");
    }

    @Test
    void aChangedFileNamedInNfcFindsTheFileStoredInNfd() throws Exception {
        Fixture.saga(dir);
        String nfc = "30_設定集/世界/ガラス.yaml";             // ガ is one code point in NFC, カ + a combining mark in NFD
        String nfd = java.text.Normalizer.normalize(nfc, java.text.Normalizer.Form.NFD);
        Files.writeString(dir.resolve(nfd), "name: ガラス\n");
        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("t")
                    .updateType(UpdateType.SETTING_CHANGE).changedFile(nfc).build(), MLConfiguration.defaults());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.impact().changedFiles()).containsExactly(nfd);
        }
    }

    @Test
    void aNullArgumentIsNamed() {
        Fixture.saga(dir);
        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            assertThatThrownBy(() -> o.predictUpdateImpact(null, 0.5)).isInstanceOf(NullPointerException.class).hasMessage("changeContext");
            assertThatThrownBy(() -> o.executeIntelligentUpdate(plotChange(), null)).isInstanceOf(NullPointerException.class).hasMessage("mlConfig");
            assertThatThrownBy(() -> o.plan(null, MLConfiguration.defaults())).isInstanceOf(NullPointerException.class).hasMessage("request");
            assertThatThrownBy(() -> o.applySelfHealing(null)).isInstanceOf(NullPointerException.class).hasMessage("detectedIssues");
        }
    }

    @Test
    void refusesTwoHandlersWithOneId() {
        UpdateHandler a = UpdateHandler.of("same", (k, t) -> true, ctx -> dev.continuity.api.spi.HandlerResult.unchanged("a"));
        UpdateHandler b = UpdateHandler.of("same", (k, t) -> true, ctx -> dev.continuity.api.spi.HandlerResult.unchanged("b"));
        Orchestrators.Builder builder = Orchestrators.builder(dir).handler(a);
        assertThatThrownBy(() -> builder.handler(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two handlers have the id 'same'");
    }

    @Test
    void aPluginWithANullOrBlankIdIsRefusedNamingItsClass() {
        Orchestrators.Builder builder = Orchestrators.builder(dir);
        for (String id : new String[] {null, " "}) {
            assertThatThrownBy(() -> builder.handler(new FoundHandler(id))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("update handler " + FoundHandler.class.getName()).hasMessageContaining("id");
            assertThatThrownBy(() -> builder.handlers(List.of(new FoundHandler(id)))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(FoundHandler.class.getName());
            dev.continuity.api.spi.FixStrategy strategy = new dev.continuity.api.spi.FixStrategy() {
                @Override public dev.continuity.api.spi.FixResult apply(dev.continuity.api.ConsistencyIssue issue, dev.continuity.api.spi.FixContext c) {
                    return dev.continuity.api.spi.FixResult.notApplicable("no");
                }
                @Override public String id() { return id; }
            };
            assertThatThrownBy(() -> builder.fixStrategy(strategy)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fix strategy " + strategy.getClass().getName());
            assertThatThrownBy(() -> builder.impactPredictor(new FoundPredictor(id))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("impact predictor " + FoundPredictor.class.getName());
            assertThatThrownBy(() -> builder.predictors(List.of(new FoundPredictor(id)))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(FoundPredictor.class.getName());
            dev.continuity.api.spi.IssueDetector detector = new dev.continuity.api.spi.IssueDetector() {
                @Override public List<dev.continuity.api.ConsistencyIssue> detect(dev.continuity.api.spi.ProjectSnapshot p) { return List.of(); }
                @Override public String id() { return id; }
            };
            assertThatThrownBy(() -> builder.issueDetector(detector)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("issue detector " + detector.getClass().getName());
        }
        assertThatThrownBy(() -> builder.handler(new FoundHandler(" "))).hasMessageContaining("a blank id ' '");
        assertThat(builder.handler(new FoundHandler("ok"))).as("the builder is still usable").isSameAs(builder);
    }

    /** A discovered handler, with the id given. */
    public static class FoundHandler implements UpdateHandler {
        private final String id;
        public FoundHandler(String id) { this.id = id; }
        @Override public dev.continuity.api.spi.HandlerResult apply(dev.continuity.api.spi.StepContext ctx) {
            return dev.continuity.api.spi.HandlerResult.unchanged(id);
        }
        @Override public String id() { return id; }
        @Override public boolean supports(dev.continuity.api.FileKind kind, dev.continuity.api.EnhancedUpdateType type) { return true; }
    }

    /** Another class of discovered handler. */
    public static final class OtherFoundHandler extends FoundHandler {
        public OtherFoundHandler(String id) { super(id); }
    }

    @Test
    void twoDiscoveredHandlersWithOneIdAreAnErrorNamingBothClasses() {
        Orchestrators.Builder builder = Orchestrators.builder(dir);
        assertThatThrownBy(() -> builder.handlers(List.of(new FoundHandler("same"), new OtherFoundHandler("same"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two discovered update handlers have the id 'same'")
                .hasMessageContaining(FoundHandler.class.getName()).hasMessageContaining(OtherFoundHandler.class.getName());
        assertThat(builder.handlers(List.of(new FoundHandler("same"), new FoundHandler("same")))).containsKey("same");
    }

    @Test
    void aDiscoveredHandlerReplacesTheBuiltInOfItsIdAndARegisteredOneReplacesBoth() {
        FoundHandler found = new FoundHandler("review-marking");
        assertThat(Orchestrators.builder(dir).handlers(List.of(found))).containsEntry("review-marking", found)
                .containsKeys("rename-propagation", "derived-index");
        UpdateHandler registered = UpdateHandler.of("review-marking", (k, t) -> true, ctx -> dev.continuity.api.spi.HandlerResult.unchanged("r"));
        assertThat(Orchestrators.builder(dir).handler(registered).handlers(List.of(found, new OtherFoundHandler("review-marking"))))
                .containsEntry("review-marking", registered);
    }

    /** A predictor that predicts nothing, under the id given. */
    public static class FoundPredictor implements dev.continuity.api.spi.ImpactPredictor {
        private final String id;
        public FoundPredictor(String id) { this.id = id; }
        @Override public List<dev.continuity.api.ImpactedFile> predict(dev.continuity.api.spi.ImpactQuery query) { return List.of(); }
        @Override public String id() { return id; }
    }

    /** Another class of predictor. */
    public static final class OtherFoundPredictor extends FoundPredictor {
        public OtherFoundPredictor(String id) { super(id); }
    }

    @Test
    void aRegisteredPredictorReplacesADiscoveredOneOfItsIdAndAClassDiscoveredTwiceRunsOnce() {
        FoundPredictor registered = new FoundPredictor("tribuo");
        FoundPredictor discoveredTwin = new OtherFoundPredictor("tribuo");
        FoundPredictor other = new FoundPredictor("co-change");
        assertThat(Orchestrators.builder(dir).impactPredictor(registered).predictors(List.of(discoveredTwin, other, new FoundPredictor("co-change"))))
                .as("the registered 'tribuo' only, then the discovered 'co-change' once").containsExactly(registered, other);
        assertThat(Orchestrators.builder(dir).predictors(List.of(discoveredTwin, other))).containsExactly(discoveredTwin, other);
        // two registered with one id would each record every run and train on it
        assertThatThrownBy(() -> Orchestrators.builder(dir).impactPredictor(registered).impactPredictor(new OtherFoundPredictor("tribuo")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tribuo' is already registered", FoundPredictor.class.getName());
    }

    @Test
    void aCustomOptimizersPlanThatLeavesOutAStepIsReplacedByTheBaselineAndCounted() throws Exception {
        Fixture.saga(dir);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        dev.continuity.api.spi.SequenceOptimizer lossy = new dev.continuity.api.spi.SequenceOptimizer() {
            @Override public dev.continuity.api.IntelligentUpdatePlan optimize(UpdatePlan plan, List<dev.continuity.api.OptimizationGoal> goals) {
                dev.continuity.api.IntelligentUpdatePlan p = new dev.continuity.core.optimize.CriticalPathOptimizer().optimize(plan, goals);
                return new dev.continuity.api.IntelligentUpdatePlan(p.planId(), p.mlOptimizedSteps().subList(0, p.mlOptimizedSteps().size() - 1),
                        p.dynamicDependencies(), p.performancePredictions(), p.riskMitigationStrategies(), p.adaptiveCheckpoints(),
                        p.learningFeedback(), "lossy", p.goals(), p.workers());
            }
            @Override public String id() { return "lossy"; }
        };
        MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.3).build();
        try (Orchestrator o = Orchestrators.builder(dir).meterRegistry(meters).sequenceOptimizer(lossy).build()) {
            UpdatePlan plan = o.plan(plotChange(), ml);
            assertThat(plan.steps()).hasSizeGreaterThan(1);

            dev.continuity.api.IntelligentUpdatePlan optimized = o.optimizeUpdateSequence(plan, ml.optimizationGoals());

            assertThat(optimized.optimizerId()).isEqualTo("critical-path");
            assertThat(optimized.steps()).containsExactlyInAnyOrderElementsOf(plan.steps());
        }
        assertThat(meters.get("continuity.plugin.failures").tag("plugin", "lossy").counter().count()).isEqualTo(1.0);
    }

    @Test
    void anAnalysisThatLeavesAnUnreadableFileOutNamesItOnItsOwnLogger() throws Exception {
        Fixture.saga(dir);
        String broken = "30_設定集/キャラクター/主人公.yaml";
        java.nio.file.Files.writeString(dir.resolve(broken), "name: [unclosed\n");
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.continuity.unreadable");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.3).build();
            o.impact(plotChange(), ml);
            o.plan(plotChange(), ml);
        } finally {
            logger.detachAppender(seen);
        }
        assertThat(seen.list).hasSize(2).allSatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(e.getFormattedMessage()).startsWith("1 file(s) could not be read").contains(broken);
        });
    }

    @Test
    void failingPredictorsAndExtractorsAreLeftOutAndCounted() throws Exception {
        Fixture.saga(dir);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        dev.continuity.api.spi.ImpactPredictor broken = new dev.continuity.api.spi.ImpactPredictor() {
            @Override public List<dev.continuity.api.ImpactedFile> predict(dev.continuity.api.spi.ImpactQuery q) {
                throw new IllegalStateException("model file missing");
            }
            @Override public String id() { return "broken-predictor"; }
        };
        dev.continuity.api.spi.DependencyExtractor brokenExtractor = new dev.continuity.api.spi.DependencyExtractor() {
            @Override public List<dev.continuity.api.spi.RawReference> extract(dev.continuity.api.spi.SourceFile f) {
                throw new IllegalStateException("bad grammar");
            }
            @Override public String id() { return "broken-extractor"; }
        };
        try (Orchestrator o = Orchestrators.builder(dir).meterRegistry(meters).impactPredictor(broken)
                .dependencyExtractor(brokenExtractor).build()) {
            PredictiveImpactAnalysis a = o.predictUpdateImpact(ChangeContext.of(UpdateType.PLOT_CHANGE, "20_プロット/全体構成.yaml"), 0.3);
            assertThat(a.predictedFiles()).isNotEmpty();
        }
        assertThat(meters.get("continuity.plugin.failures").tag("plugin", "broken-predictor").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("continuity.plugin.failures").tag("plugin", "broken-extractor").counter().count()).isPositive();
    }

    @Test
    void aPredictorOrExtractorThatAnswersNullIsLeftOutAndCountedLikeOneThatThrows() throws Exception {
        Fixture.saga(dir);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        dev.continuity.api.spi.ImpactPredictor noModelYet = new dev.continuity.api.spi.ImpactPredictor() {
            @Override public List<dev.continuity.api.ImpactedFile> predict(dev.continuity.api.spi.ImpactQuery q) { return null; }
            @Override public String id() { return "null-predictor"; }
        };
        dev.continuity.api.spi.ImpactPredictor holey = new dev.continuity.api.spi.ImpactPredictor() {
            @Override public List<dev.continuity.api.ImpactedFile> predict(dev.continuity.api.spi.ImpactQuery q) {
                return java.util.Arrays.asList((dev.continuity.api.ImpactedFile) null);
            }
            @Override public String id() { return "holey-predictor"; }
        };
        dev.continuity.api.spi.DependencyExtractor nullExtractor = new dev.continuity.api.spi.DependencyExtractor() {
            @Override public List<dev.continuity.api.spi.RawReference> extract(dev.continuity.api.spi.SourceFile f) {
                return java.util.Arrays.asList((dev.continuity.api.spi.RawReference) null);
            }
            @Override public String id() { return "null-extractor"; }
        };
        try (Orchestrator o = Orchestrators.builder(dir).meterRegistry(meters).impactPredictor(noModelYet).impactPredictor(holey)
                .dependencyExtractor(nullExtractor).build()) {
            PredictiveImpactAnalysis a = o.predictUpdateImpact(ChangeContext.of(UpdateType.PLOT_CHANGE, "20_プロット/全体構成.yaml"), 0.3);
            assertThat(a.predictedFiles()).isNotEmpty();
            assertThat(o.executeIntelligentUpdate(plotChange(), MLConfiguration.builder().confidenceThreshold(0.3).build()).status())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
        }
        assertThat(meters.get("continuity.plugin.failures").tag("plugin", "null-predictor").counter().count()).isPositive();
        assertThat(meters.get("continuity.plugin.failures").tag("plugin", "holey-predictor").counter().count()).isPositive();
        assertThat(meters.get("continuity.plugin.failures").tag("plugin", "null-extractor").counter().count()).isPositive();
    }

    @Test
    void aLambdaPluginsFailuresAreTaggedWithItsDeclaringClassNotTheJvmsGeneratedName() throws Exception {
        Fixture.saga(dir);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        dev.continuity.api.spi.DependencyExtractor broken = file -> {
            throw new IllegalStateException("bad grammar");
        };
        try (Orchestrator o = Orchestrators.builder(dir).meterRegistry(meters).dependencyExtractor(broken).build()) {
            o.predictUpdateImpact(ChangeContext.of(UpdateType.PLOT_CHANGE, "20_プロット/全体構成.yaml"), 0.3);
        }
        assertThat(meters.get("continuity.plugin.failures").tag("plugin", "OrchestratorTest-lambda").counter().count()).isPositive();
        assertThat(meters.get("continuity.plugin.failures").counters())
                .extracting(c -> c.getId().getTag("plugin")).noneMatch(tag -> tag.contains("$"));
    }

    private static ConsistencyUpdateRequest plotChange() {
        return request("20_プロット/全体構成.yaml");
    }

    private static ConsistencyUpdateRequest request(String file) {
        return ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.PLOT_CHANGE).changedFile(file).build();
    }
}
