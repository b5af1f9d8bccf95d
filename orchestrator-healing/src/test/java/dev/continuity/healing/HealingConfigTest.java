package dev.continuity.healing;

import dev.continuity.api.ConfigurationException;
import dev.continuity.api.FileKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealingConfigTest {
    @Test
    void defaultsFitTheNumberedFolderLayout() {
        HealingConfig d = HealingConfig.defaults();
        assertThat(d.timeline().events()).isEqualTo("events");
        assertThat(d.characters().deathDate()).isEqualTo("death_date");
        assertThat(d.chapters().storyDate()).isEqualTo("story_date");
        assertThat(d.foreshadowing().deadline()).isEqualTo("deadline_volume");
        assertThat(d.policy().writableKinds()).doesNotContain(FileKind.MANUSCRIPT, FileKind.CONFIG).contains(FileKind.PLOT, FileKind.DERIVED);
        assertThat(d.toBuilder().build()).isEqualTo(d);
    }

    @Test
    void readsTheHealingSectionOverTheDefaults() {
        HealingConfig c = HealingConfig.fromYaml(Map.of(
                "references", Map.of("similarity", "0.8"),
                "timeline", Map.of("date", "when", "storyStart", "1024-01-01"),
                "chapters", Map.of("characters", List.of("cast")),
                "required", List.of(Map.of("kind", "setting", "fields", List.of("name"))),
                "disabled", List.of("age-mismatch"),
                "policy", Map.of("manuscripts", "true", "timeout", "500ms", "protect", List.of("**/*.lock"))), "continuity.yaml");
        assertThat(c.similarity()).isEqualTo(0.8);
        assertThat(c.timeline().date()).isEqualTo("when");
        assertThat(c.timeline().events()).isEqualTo("events");
        assertThat(c.timeline().storyStart()).contains(LocalDate.of(1024, 1, 1));
        assertThat(c.chapters().characters()).containsExactly("cast");
        assertThat(c.required()).singleElement().satisfies(r -> assertThat(r.kind()).contains(FileKind.SETTING));
        assertThat(c.disabled()).containsExactly("age-mismatch");
        assertThat(c.policy().writableKinds()).contains(FileKind.MANUSCRIPT);
        assertThat(c.policy().strategyTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.policy().protectedGlobs()).containsExactly("**/*.lock");
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheFile() {
        assertThatThrownBy(() -> HealingConfig.fromYaml(Map.of(
                "referencez", Map.of(),
                "references", Map.of("similarity", "high"),
                "timeline", Map.of("storyStart", "someday"),
                "required", List.of(Map.of("kind", "PLOTS", "fields", List.of("x"))),
                "policy", Map.of("manuscripts", "maybe", "timeout", "soon")), "continuity.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("continuity.yaml: ")
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(6))
                .hasMessageContaining("unknown key 'healing.referencez'")
                .hasMessageContaining("healing.references.similarity must be a number, was 'high'")
                .hasMessageContaining("timeline.storyStart must be a date")
                .hasMessageContaining("unknown kind 'PLOTS'")
                .hasMessageContaining("healing.policy.manuscripts must be true or false, was 'maybe'")
                .hasMessageContaining("policy.timeout must be like 10s");
    }

    @Test
    void reportsEveryOutOfRangeValueAtOnce() {
        assertThatThrownBy(() -> HealingConfig.fromYaml(Map.of(
                "references", Map.of("similarity", 1.7, "margin", -1),
                "policy", Map.of("timeout", "0s", "followUps", 11)), "continuity.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(4))
                .hasMessageContaining("healing.references.similarity must be in (0, 1], was 1.7")
                .hasMessageContaining("healing.references.margin must be in [0, 1), was -1")
                .hasMessageContaining("healing.policy.timeout must be positive, was '0s'")
                .hasMessageContaining("healing.policy.followUps must be a whole number in [0, 10], was 11");
    }

    @Test
    void anUnknownDisabledDetectorIsAnErrorListingTheKnownIds() {
        assertThatThrownBy(() -> HealingConfig.fromYaml(Map.of("disabled", List.of("age-mismach", "age-mismatch")), "continuity.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).singleElement().asString()
                        .contains("healing.disabled: unknown detector id 'age-mismach'")
                        .contains("known: [age-mismatch, attribute-conflict, broken-reference,"));
    }

    @Test
    void rangesAreCheckedWithTheBadValue() {
        assertThatThrownBy(() -> HealingConfig.defaults().toBuilder().similarity(1.5).build()).hasMessage("similarity must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> HealingPolicy.defaults().toBuilder().strategyTimeout(Duration.ZERO).build()).hasMessageContaining("was PT0S");
        assertThatThrownBy(() -> HealingPolicy.defaults().toBuilder().writableKinds(java.util.Set.of(FileKind.CONFIG)).build())
                .hasMessageContaining("CONFIG");
    }
}
