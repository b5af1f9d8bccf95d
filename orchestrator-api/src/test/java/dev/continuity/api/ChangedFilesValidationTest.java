package dev.continuity.api;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A request or change that names no file, a null file or a blank one is refused where it is made, naming the element. */
class ChangedFilesValidationTest {

    @Test
    void aBlankChangedFileIsRefusedByTheRequestNotLaterAsAnEscapingPath() {
        assertThatThrownBy(() -> ConsistencyUpdateRequest.builder().changedFile("a.md").changedFile(" ").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changedFiles[1] is blank");
        assertThatThrownBy(() -> ConsistencyUpdateRequest.builder().changedFiles(List.of("")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changedFiles[0] is blank");
        assertThatThrownBy(() -> new ChangeContext(List.of("a.md", "\t"), UpdateType.PLOT_CHANGE, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changedFiles[1] is blank");
    }

    @Test
    void aNullChangedFileIsNamed() {
        assertThatThrownBy(() -> ConsistencyUpdateRequest.builder().changedFiles(Arrays.asList("a.md", null)).build())
                .isInstanceOf(NullPointerException.class).hasMessage("changedFiles[1] is null");
        assertThatThrownBy(() -> ConsistencyUpdateRequest.builder().changedFiles(null))
                .isInstanceOf(NullPointerException.class).hasMessage("changedFiles");
        assertThatThrownBy(() -> new ChangeContext(Arrays.asList(null, "a.md"), UpdateType.PLOT_CHANGE, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("changedFiles[0] is null");
        assertThatThrownBy(() -> new ConsistencyUpdateRequest("p", UpdateType.PLOT_CHANGE, null, Map.of(), EnumSet.noneOf(EnhancedUpdateType.class),
                CommitPolicy.ALL_OR_NOTHING, false)).isInstanceOf(NullPointerException.class).hasMessage("changedFiles");
    }

    @Test
    void aNullEnhancedTypeIsNamed() {
        assertThatThrownBy(() -> ConsistencyUpdateRequest.builder().enhancedType(null))
                .isInstanceOf(NullPointerException.class).hasMessage("enhancedType");
        assertThatThrownBy(() -> new ConsistencyUpdateRequest("p", UpdateType.PLOT_CHANGE, List.of("a.md"), Map.of(), null,
                CommitPolicy.ALL_OR_NOTHING, false)).isInstanceOf(NullPointerException.class).hasMessage("enhancedTypes");
    }

    @Test
    void validFilesAreKeptInOrderOnceAndUnmodifiable() {
        ConsistencyUpdateRequest r = ConsistencyUpdateRequest.builder().changedFiles(List.of("b.md", "a.md", "b.md")).build();
        assertThat(r.changedFiles()).containsExactly("b.md", "a.md");
        assertThatThrownBy(() -> r.changedFiles().add("c.md")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ChangeContext.of(UpdateType.PLOT_CHANGE, "x.md").changedFiles()).containsExactly("x.md");
    }
}
