package dev.continuity.core;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.MLConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The changed files of a request: set, added, and never listed twice. */
class ConsistencyUpdateRequestBuilderTest {
    @TempDir
    Path dir;

    @Test
    void changedFilesReplacesChangedFileAddsAndNeitherKeepsADuplicate() {
        ConsistencyUpdateRequest.Builder b = ConsistencyUpdateRequest.builder().changedFile("a.md").changedFiles(List.of("b.md", "c.md", "b.md"));
        assertThat(b.build().changedFiles()).containsExactly("b.md", "c.md");
        assertThat(b.changedFile("c.md").changedFile("d.md").build().changedFiles()).containsExactly("b.md", "c.md", "d.md");
        assertThat(b.build().toBuilder().changedFiles(List.of("e.md")).build().changedFiles()).containsExactly("e.md");
        assertThat(new ConsistencyUpdateRequest("p", dev.continuity.api.UpdateType.PLOT_CHANGE, List.of("x.md", "x.md"), java.util.Map.of(),
                java.util.Set.of(), dev.continuity.api.CommitPolicy.ALL_OR_NOTHING, false).changedFiles()).containsExactly("x.md");
    }

    @Test
    void twoSpellingsOfOneFileAreOneChangedFile() {
        Fixture.saga(dir);
        ConsistencyUpdateRequest request = ConsistencyUpdateRequest.builder()
                .changedFiles(List.of("20_プロット/全体構成.yaml", "./20_プロット/全体構成.yaml", "20_プロット/../20_プロット/全体構成.yaml")).build();
        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            assertThat(o.impact(request, MLConfiguration.builder().confidenceThreshold(0.5).build()).changedFiles())
                    .containsExactly("20_プロット/全体構成.yaml");
        }
    }
}
