package dev.continuity.core.project;

import dev.continuity.api.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectConfigLoaderTest {
    private final ProjectConfigLoader loader = new ProjectConfigLoader(new HardenedYaml());

    @Test
    void keepsTheHealingSectionForTheHealingModule() {
        ProjectConfig config = loader.parse("continuity.yaml", Map.of("version", "1", "healing", Map.of("references", Map.of("similarity", "0.8"))));
        assertThat(config.extension("healing")).hasValueSatisfying(h -> assertThat(h).containsKey("references"));
        assertThat(config.extension("ml")).isEmpty();
        assertThat(ProjectConfig.defaults().extensions()).isEmpty();
    }

    @Test
    void refusesAHealingSectionThatIsNotAMappingAndNamesUnknownKeys() {
        assertThatThrownBy(() -> loader.parse("continuity.yaml", Map.of("healing", "yes", "heal", "x")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("continuity.yaml")
                .hasMessageContaining("healing must be a mapping")
                .hasMessageContaining("unknown key 'heal'");
    }

    @Test
    void aMisspeltKeyOfAnEntryAnUnboundRuleVariableAndAKindlessEntryAreReportedTogether() {
        assertThatThrownBy(() -> loader.parse("continuity.yaml", Map.of(
                "references", Map.of("yamlKey", List.of("a")),
                "entities", List.of(Map.of("glob", "chars/*.yaml", "type", "character", "nme", "name")),
                "kinds", List.of(Map.of("glob", "plot/**", "knd", "PLOT")),
                "rules", List.of("b/{x}.md -> a/{y}.yaml"),
                "derived", List.of(Map.of("path", "index.md", "source", List.of("b/**"))))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("continuity.yaml")
                .hasMessageContaining("references: unknown key 'yamlKey'")
                .hasMessageContaining("entities: unknown key 'nme'")
                .hasMessageContaining("kinds: unknown key 'knd'")
                .hasMessageContaining("the entry of glob 'plot/**' has no kind")
                .hasMessageContaining("uses {y} on the right that its left side does not bind")
                .hasMessageContaining("derived: unknown key 'source'")
                .hasMessageContaining("derived: each entry needs a path and a generator");
    }

    @Test
    void theReviewFolderHoldsTheSidecarsAtTheFilesPathsAndMustBeInsideTheProjectOutsideItsState() {
        assertThat(ProjectConfig.defaults().reviewSidecar("outline/a.md")).isEqualTo("outline/a.md.review.yaml");
        ProjectConfig config = loader.parse("continuity.yaml", Map.of("review", Map.of("folder", "./.review/")));
        assertThat(config.reviewFolder()).hasValue(".review");
        assertThat(config.reviewSidecar("characters/1-Paul.txt")).isEqualTo(".review/characters/1-Paul.txt.review.yaml");
        assertThat(loader.parse("continuity.yaml", Map.of("review", Map.of())).reviewFolder()).isEmpty();
        assertThatThrownBy(() -> loader.parse("continuity.yaml", Map.of("review", Map.of("folder", "../notes", "folders", "x"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("review.folder")
                .hasMessageContaining("review: unknown key 'folders'");
        assertThatThrownBy(() -> loader.parse("continuity.yaml", Map.of("review", Map.of("folder", ".continuity/review"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("review.folder: '.continuity/review' is inside .continuity/");
        assertThatThrownBy(() -> loader.parse("continuity.yaml", Map.of("review", ".review")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("review must be a mapping");
    }

    @Test
    void aReferencePatternNeedsAValidRegexWithAGroupThatCannotMatchNothingAndAKnownTarget() {
        assertThatThrownBy(() -> loader.parse("continuity.yaml", Map.of("references", Map.of("patterns", List.of(
                Map.of("regex", "{C:(\\d+"),
                Map.of("regex", "C:\\d+"),
                Map.of("regex", "(x*)"),
                Map.of("regex", "(x+)", "target", "place"),
                Map.of("regex", "(y+)", "flags", "i"),
                Map.of("glob", "*.md"))))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'{C:(\\d+' is not a valid regular expression")
                .hasMessageContaining("'C:\\d+' has no group: write the reference as (?<ref>...)")
                .hasMessageContaining("'(x*)' matches the empty text")
                .hasMessageContaining("target 'place' of '(x+)' is none of entity, file, any")
                .hasMessageContaining("references.patterns: unknown key 'flags'")
                .hasMessageContaining("references.patterns: each entry needs a regex");
        ProjectConfig config = loader.parse("continuity.yaml", Map.of("references", Map.of("patterns", List.of(
                Map.of("regex", "\\[\\[(?<ref>[^]]+)]]", "target", "file", "split", "|")))));
        assertThat(config.references().patterns()).singleElement().satisfies(pt -> {
            assertThat(pt.target()).isEqualTo("file");
            assertThat(pt.split()).isEqualTo("|");
            assertThat(pt.glob()).isEmpty();
        });
    }

    @Test
    void theConfigMayBeHiddenButNotBothAtOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
        assertThat(ProjectConfigLoader.configFile(root)).isEmpty();
        java.nio.file.Files.writeString(root.resolve(".continuity.yaml"), "review: { folder: .review }\n");
        assertThat(ProjectConfigLoader.configFile(root)).hasValue(".continuity.yaml");
        assertThat(loader.load(root).reviewFolder()).hasValue(".review");
        assertThat(ProjectConfig.defaults().kindOf(".continuity.yaml")).hasToString("CONFIG");
        java.nio.file.Files.writeString(root.resolve("continuity.yaml"), "version: 1\n");
        assertThatThrownBy(() -> loader.load(root)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("both continuity.yaml and .continuity.yaml");
    }

    @Test
    void aGlobWithAnUnclosedClassIsReportedAndAnEscapedBracketIsNoRootEscape() {
        assertThatThrownBy(() -> loader.parse("continuity.yaml", Map.of(
                "kinds", List.of(Map.of("glob", "40_原稿/第[0-9巻/*.md", "kind", "MANUSCRIPT")))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("continuity.yaml")
                .hasMessageContaining("unclosed '[' in glob '40_原稿/第[0-9巻/*.md'");
        ProjectConfig config = loader.parse("continuity.yaml", Map.of(
                "kinds", List.of(Map.of("glob", "\\[draft\\]*.md", "kind", "MANUSCRIPT"))));
        assertThat(config.kindOf("[draft] 第1話.md")).hasToString("MANUSCRIPT");
    }

    @Test
    void aSectionLeftOutKeepsItsDefaultAndAGivenOneReplacesIt() {
        ProjectConfig onlyHealing = loader.parse("continuity.yaml", Map.of("healing", Map.of("policy", "REVIEW_ONLY")));
        assertThat(onlyHealing.entities()).isEqualTo(ProjectConfig.defaults().entities()).isNotEmpty();
        assertThat(onlyHealing.kinds()).isEqualTo(ProjectConfig.defaults().kinds());

        ProjectConfig noEntities = loader.parse("continuity.yaml", Map.of("entities", java.util.List.of()));
        assertThat(noEntities.entities()).isEmpty();

        ProjectConfig ownEntities = loader.parse("continuity.yaml", Map.of("entities",
                java.util.List.of(Map.of("glob", "people/*.yaml", "type", "character"))));
        assertThat(ownEntities.entities()).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo("character"));
    }

    @Test
    void refusesAVersionItCannotRead() {
        assertThat(loader.parse("continuity.yaml", Map.of("version", 1)).entities()).isNotEmpty();
        assertThatThrownBy(() -> loader.parse("continuity.yaml", Map.of("version", 2)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("version: '2' is not supported");
    }
}
