package dev.continuity.core.project;

import dev.continuity.api.ConfigurationException;
import org.junit.jupiter.api.Test;

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
}
