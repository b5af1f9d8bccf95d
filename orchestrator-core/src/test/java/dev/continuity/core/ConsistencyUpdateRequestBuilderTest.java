package dev.continuity.core;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.UpdateType;
import dev.continuity.api.MLConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The changed files of a request: set, added, and never listed twice; its enhanced types in effect. */
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
    void aRequestThatNamesOnlyModifiersKeepsTheDefaultTypeOfItsUpdate() {
        ConsistencyUpdateRequest merge = ConsistencyUpdateRequest.builder().updateType(UpdateType.PLOT_CHANGE).changedFile("a.md")
                .enhancedType(EnhancedUpdateType.ADAPTIVE_MERGE).build();
        assertThat(merge.effectiveTypes()).containsExactlyInAnyOrder(EnhancedUpdateType.INTELLIGENT_PLOT, EnhancedUpdateType.ADAPTIVE_MERGE);
        assertThat(merge.has(EnhancedUpdateType.ADAPTIVE_MERGE)).isTrue();
        assertThat(merge.enhancedTypes()).containsExactly(EnhancedUpdateType.ADAPTIVE_MERGE);
        assertThat(merge.toBuilder().enhancedType(EnhancedUpdateType.CASCADE_CHARACTER).build().effectiveTypes())
                .containsExactlyInAnyOrder(EnhancedUpdateType.CASCADE_CHARACTER, EnhancedUpdateType.ADAPTIVE_MERGE);
        assertThat(merge.toBuilder().enhancedType(EnhancedUpdateType.PREDICTIVE_SYNC).updateType(UpdateType.TIMELINE_CHANGE).build().effectiveTypes())
                .containsExactlyInAnyOrder(EnhancedUpdateType.TIMELINE_REALIGN, EnhancedUpdateType.PREDICTIVE_SYNC, EnhancedUpdateType.ADAPTIVE_MERGE);
        assertThat(ConsistencyUpdateRequest.builder().changedFile("a.md").build().effectiveTypes())
                .containsExactly(UpdateType.PLOT_CHANGE.defaultEnhancedType());
    }

    @Test
    void anAdaptiveMergeUpdatePlansTheStepsOfItsUpdateType() {
        Fixture.saga(dir);
        ConsistencyUpdateRequest plain = ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.PLOT_CHANGE)
                .changedFile("20_プロット/全体構成.yaml").build();
        ConsistencyUpdateRequest merge = plain.toBuilder().enhancedType(EnhancedUpdateType.ADAPTIVE_MERGE).build();
        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            List<String> planned = o.plan(plain, MLConfiguration.defaults()).steps().stream().map(s -> s.file() + " " + s.handlerId()).toList();
            assertThat(planned).isNotEmpty();
            assertThat(o.plan(merge, MLConfiguration.defaults()).steps()).extracting(s -> s.file() + " " + s.handlerId())
                    .containsExactlyInAnyOrderElementsOf(planned);
            EnhancedUpdateResponse response = o.executeIntelligentUpdate(merge, MLConfiguration.defaults());
            assertThat(response.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(response.changedFiles()).isNotEmpty();
        }
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
