package dev.continuity.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ChangeContext#renames()}: one rename, a name and an alias paired in order, and contexts that hold none. */
class ChangeContextRenamesTest {
    private static final ChangeContext CHANGE = ChangeContext.of(UpdateType.CHARACTER_CHANGE, "chars/bob.yaml");

    @Test
    void oneRenameOrListsPairedInOrder() {
        assertThat(CHANGE.with(ChangeContext.RENAME_FROM, "Bob").with(ChangeContext.RENAME_TO, "Bert").renames())
                .containsExactly(java.util.Map.entry("Bob", "Bert"));
        assertThat(CHANGE.with("rename.from", List.of("Bob", "Robert")).with("rename.to", List.of("Bert", "Rob")).renames())
                .containsExactly(java.util.Map.entry("Bob", "Bert"), java.util.Map.entry("Robert", "Rob"));
    }

    @Test
    void noRenameWhenAKeyIsMissingANameIsBlankOrTheListsDoNotPair() {
        assertThat(CHANGE.renames()).isEmpty();
        assertThat(CHANGE.with("rename.from", "Bob").renames()).isEmpty();
        assertThat(CHANGE.with("rename.from", "Bob").with("rename.to", " ").renames()).isEmpty();
        assertThat(CHANGE.with("rename.from", List.of("Bob", "Robert")).with("rename.to", List.of("Bert")).renames()).isEmpty();
    }
}
